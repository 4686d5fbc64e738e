import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ERASURE_REASONS,
  type ErasureReason,
  ErasureRequest,
  type ErasureResult,
  type SubjectRecords,
} from '../../../shared/data-protection';
import { dataProtectionApi, selectionOf } from '../../api/data-protection';
import { Button } from '../../components/Button';
import { CheckboxField } from '../../components/CheckboxField';
import { FormAlert } from '../../components/FormAlert';
import { SelectField } from '../../components/SelectField';
import { TextAreaField } from '../../components/TextAreaField';
import { useFormSubmit } from '../../hooks/useFormSubmit';

/**
 * Erases the found records' personal data early (Art. 17), with the ground and a note for the audit
 * trail; the officer confirms first, since nothing brings the data back.
 */
export function ErasureForm({
  records,
  onErased,
}: {
  records: SubjectRecords;
  onErased(result: ErasureResult): void;
}) {
  const { t } = useTranslation();
  const form = useFormSubmit();
  const [reason, setReason] = useState<ErasureReason>('consent-withdrawn');
  const [note, setNote] = useState('');
  const [confirmed, setConfirmed] = useState(false);
  const [unconfirmed, setUnconfirmed] = useState(false);
  return (
    <section className="stack" aria-labelledby="dp-erasure-heading">
      <h3 id="dp-erasure-heading" className="kern-heading-small">
        {t('dataProtection.erasure.heading')}
      </h3>
      <p className="kern-body">{t('dataProtection.erasure.intro')}</p>
      <form
        className="stack"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setUnconfirmed(!confirmed);
          if (!confirmed) return;
          void form.submit(ErasureRequest, { ...selectionOf(records), reason, note }, async (request) => {
            onErased(await dataProtectionApi.erase(request));
          });
        }}
      >
        <FormAlert message={form.problem} />
        <SelectField
          id="dp-erasure-reason"
          label={t('dataProtection.erasure.reason')}
          value={reason}
          onChange={(next) => setReason(next as ErasureReason)}
          options={ERASURE_REASONS.map((r) => ({
            value: r,
            label: t(`dataProtection.erasure.reasons.${r}`),
          }))}
          error={form.errors.reason}
        />
        <TextAreaField
          id="dp-erasure-note"
          label={t('dataProtection.erasure.note')}
          hint={t('dataProtection.erasure.noteHint')}
          rows={3}
          value={note}
          onChange={setNote}
          error={form.errors.note}
        />
        <CheckboxField
          id="dp-erasure-confirm"
          label={t('dataProtection.erasure.confirm')}
          checked={confirmed}
          required
          onChange={(checked) => {
            setConfirmed(checked);
            if (checked) setUnconfirmed(false);
          }}
          error={unconfirmed ? t('validation.tick') : undefined}
        />
        <div>
          <Button type="submit" disabled={form.busy}>
            {t('dataProtection.erasure.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}
