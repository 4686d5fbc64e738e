import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { consultationsApi } from '../api/consultations';
import { Button } from '../components/Button';
import { FieldError } from '../components/FieldError';
import { FormAlert } from '../components/FormAlert';
import { TextAreaField } from '../components/TextAreaField';
import { problemMessage } from '../lib/problemMessage';

const STARS = [1, 2, 3, 4, 5] as const;

/**
 * After the call: the citizen may rate it once (1–5 and an optional comment, anonymous). Shown only
 * while the server says the consultation can be rated.
 */
export function RatingForm({ consultationId, visitToken }: { consultationId: string; visitToken: string }) {
  const { t } = useTranslation();
  const api = useMemo(() => consultationsApi({ visitToken }), [visitToken]);
  const [canRate, setCanRate] = useState(false);
  const [stars, setStars] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [missing, setMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [thanked, setThanked] = useState(false);
  const thanksRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    let cancelled = false;
    api.view(consultationId).then(
      (view) => !cancelled && setCanRate(view.canRate),
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [api, consultationId]);

  useEffect(() => {
    if (thanked) thanksRef.current?.focus();
  }, [thanked]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (stars === null) {
      setMissing(true);
      document.getElementById('rating-1')?.focus();
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await api.rate(consultationId, { stars, comment: comment.trim() });
      setThanked(true);
    } catch (error) {
      setProblem(problemMessage(error, t));
    } finally {
      setBusy(false);
    }
  }

  if (thanked)
    return (
      <p ref={thanksRef} tabIndex={-1} role="status" className="kern-body kern-body--bold">
        {t('consultation.rating.thanks')}
      </p>
    );
  if (!canRate) return null;

  return (
    <section className="stack stack--small section-card rating" aria-labelledby="rating-heading">
      <h3 id="rating-heading" className="kern-heading-small">
        {t('consultation.rating.title')}
      </h3>
      <p className="kern-body">{t('consultation.rating.intro')}</p>
      <form className="stack stack--small" noValidate onSubmit={(event) => void submit(event)}>
        <fieldset
          className={`kern-fieldset${missing ? ' kern-fieldset--error' : ''}`}
          aria-describedby={missing ? 'rating-error' : undefined}
        >
          <legend className="kern-label">{t('consultation.rating.question')}</legend>
          <FieldError id="rating-error" message={missing ? t('consultation.rating.missing') : undefined} />
          <div className="kern-fieldset__body">
            {STARS.map((value) => (
              <div className="kern-form-check" key={value}>
                <input
                  id={`rating-${value}`}
                  type="radio"
                  name="rating"
                  value={value}
                  className="kern-form-check__radio"
                  checked={stars === value}
                  onChange={() => {
                    setStars(value);
                    setMissing(false);
                  }}
                />
                <label className="kern-label" htmlFor={`rating-${value}`}>
                  {t(`consultation.rating.star${value}`)}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
        <TextAreaField
          id="rating-comment"
          label={t('consultation.rating.comment')}
          optional
          rows={3}
          value={comment}
          onChange={setComment}
        />
        <FormAlert message={problem} />
        <div>
          <Button type="submit" disabled={busy}>
            {t('consultation.rating.send')}
          </Button>
        </div>
      </form>
    </section>
  );
}
