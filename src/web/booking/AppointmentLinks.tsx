import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppointmentKind } from '../../shared/admin';
import { fetchBlob, saveBlob } from '../api/transfer';
import { Button } from '../components/Button';
import { problemMessage } from '../lib/problemMessage';

/**
 * How to take part and the appointment's own links, on the page itself (a mistyped e-mail address must not
 * leave the citizen without a way in): for video the join link and the device check, in person what to
 * do on arrival; the manage link where it is not the page itself; each link with a copy button, and the
 * calendar file. The labels are the ones the mail uses (booking.words).
 */
export function AppointmentLinks({
  kind,
  joinUrl,
  manageUrl,
  manageToken,
}: {
  kind: AppointmentKind;
  joinUrl: string | null;
  /** Left out on the manage page, which is where it leads. */
  manageUrl?: string;
  /** Fetches the calendar file. */
  manageToken: string;
}) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<string | null>(null);

  async function copy(url: string) {
    try {
      await navigator.clipboard.writeText(url);
      setStatus(t('booking.links.copied'));
    } catch {
      // No clipboard access (a refused permission): the link stays on the page to copy by hand.
      setStatus(t('booking.links.copyFailed'));
    }
  }

  async function addToCalendar() {
    try {
      // The calendar file the confirmation mail carries; the token goes in a header, never in a URL.
      const file = await fetchBlob('/public/appointment/calendar', {
        authorization: `Bearer ${manageToken}`,
      });
      saveBlob(file, 'termin.ics');
    } catch (error) {
      setStatus(problemMessage(error, t));
    }
  }

  return (
    <div className="stack">
      <section className="stack stack--small" aria-labelledby="take-part-heading">
        <h3 id="take-part-heading" className="kern-heading-small">
          {t('booking.done.joinTitle')}
        </h3>
        {kind === 'video' && joinUrl ? (
          <>
            <LinkWithCopy
              url={joinUrl}
              label={t('booking.words.join')}
              copyLabel={t('booking.links.copyJoin')}
              onCopy={copy}
            />
            <p className="kern-body">{t('booking.words.joinHint')}</p>
          </>
        ) : (
          <p className="kern-body">{t('booking.words.onSiteHint')}</p>
        )}
      </section>
      {manageUrl ? (
        <section className="stack stack--small" aria-labelledby="manage-link-heading">
          <h3 id="manage-link-heading" className="kern-heading-small">
            {t('booking.done.manageTitle')}
          </h3>
          <LinkWithCopy
            url={manageUrl}
            label={t('booking.words.manage')}
            copyLabel={t('booking.links.copyManage')}
            onCopy={copy}
          />
          <p className="kern-body">{t('booking.words.manageHint')}</p>
          <p className="kern-body">{t('booking.links.keep')}</p>
        </section>
      ) : null}
      <div className="button-row">
        <Button variant="secondary" onClick={() => void addToCalendar()}>
          {t('booking.words.calendar')}
        </Button>
      </div>
      <p role="status" className="kern-body">
        {status}
      </p>
    </div>
  );
}

function LinkWithCopy({
  url,
  label,
  copyLabel,
  onCopy,
}: {
  url: string;
  label: string;
  copyLabel: string;
  onCopy(url: string): Promise<void>;
}) {
  return (
    <div className="button-row">
      <a className="kern-link" href={url}>
        {label}
      </a>
      <Button variant="secondary" small onClick={() => void onCopy(url)}>
        {copyLabel}
      </Button>
    </div>
  );
}
