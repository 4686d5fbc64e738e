import { useTranslation } from 'react-i18next';
import type { AppointmentKind } from '../../shared/admin';
import type { AppointmentPlace } from '../../shared/booking';
import { formatTime } from '../citizen/format';
import { formatDateTime } from './time';

/**
 * When, what and where of an appointment as a description list, in the authority's time zone: its kind,
 * and for one in person the office's address and directions, in the words the mails use.
 */
export function AppointmentFacts({
  start,
  end,
  timeZone,
  serviceName,
  office,
  kind,
}: {
  start: string;
  end?: string;
  timeZone: string;
  serviceName: string;
  office: AppointmentPlace;
  kind: AppointmentKind;
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
      <div>
        <dt>{t('booking.facts.office')}</dt>
        <dd>{office.name}</dd>
      </div>
      <div>
        <dt>{t('booking.words.kindLabel')}</dt>
        <dd>{t(kind === 'video' ? 'booking.words.video' : 'booking.words.onSite')}</dd>
      </div>
      {kind === 'on_site' && office.address ? (
        <div>
          <dt>{t('booking.words.address')}</dt>
          <dd>{office.address}</dd>
        </div>
      ) : null}
      {kind === 'on_site' && office.directions ? (
        <div>
          <dt>{t('booking.words.directions')}</dt>
          <dd>{office.directions}</dd>
        </div>
      ) : null}
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
