import { useTranslation } from 'react-i18next';
import type { Channel } from '../../shared/admin';
import { formatTime } from '../citizen/format';
import { formatDateTime } from './time';

/** When, what and where of an appointment as a description list, in the authority's time zone. */
export function AppointmentFacts({
  start,
  end,
  timeZone,
  serviceName,
  officeName,
  channel,
}: {
  start: string;
  end?: string;
  timeZone: string;
  serviceName: string;
  officeName?: string;
  channel: Channel;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'de';
  return (
    <dl className="facts">
      <div>
        <dt>{t('booking.facts.when')}</dt>
        <dd>
          {end
            ? t('booking.facts.whenValue', {
                start: formatDateTime(start, timeZone, language),
                end: formatTime(end, timeZone, language),
              })
            : formatDateTime(start, timeZone, language)}
        </dd>
      </div>
      <div>
        <dt>{t('booking.facts.service')}</dt>
        <dd>{serviceName}</dd>
      </div>
      {officeName ? (
        <div>
          <dt>{t('booking.facts.office')}</dt>
          <dd>{officeName}</dd>
        </div>
      ) : null}
      <div>
        <dt>{t('booking.facts.channel')}</dt>
        <dd>{t(`channels.${channel}`)}</dd>
      </div>
    </dl>
  );
}

/** The documents to have at hand, or nothing when none are needed. */
export function DocumentList({ documents }: { documents: string[] }) {
  const { t } = useTranslation();
  if (documents.length === 0) return null;
  return (
    <section className="stack stack--small" aria-labelledby="documents-heading">
      <h3 id="documents-heading" className="kern-heading-small">
        {t('booking.facts.documents')}
      </h3>
      <ul className="bullet-list">
        {documents.map((document) => (
          <li key={document}>{document}</li>
        ))}
      </ul>
    </section>
  );
}
