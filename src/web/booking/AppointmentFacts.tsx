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

/**
 * The documents to have at hand, or nothing when none are needed. Its heading's level follows the
 * page's outline: 3 below a step's h2, 2 right below the page's h1.
 */
export function DocumentList({ documents, level = 3 }: { documents: string[]; level?: 2 | 3 }) {
  const { t } = useTranslation();
  if (documents.length === 0) return null;
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section className="stack stack--small" aria-labelledby="documents-heading">
      <Heading id="documents-heading" className="kern-heading-small">
        {t('booking.facts.documents')}
      </Heading>
      <ul className="bullet-list">
        {documents.map((document) => (
          <li key={document}>{document}</li>
        ))}
      </ul>
    </section>
  );
}
