import { useTranslation } from 'react-i18next';
import { formatInstant, formatTime } from '../citizen/format';

/** What an event page says first: title, when (in the authority's time zone), who hosts, what it is about. */
export function EventDetails({
  event,
  timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone,
}: {
  event: { title: string; description: string; startsAt: string; endsAt: string; hostNames: string[] };
  timeZone?: string;
}) {
  const { t, i18n } = useTranslation();
  return (
    <div className="stack stack--small">
      <h1 className="kern-heading-large">{event.title}</h1>
      <p className="kern-body kern-body--large">
        {t('events.when', {
          start: formatInstant(event.startsAt, timeZone, i18n.language),
          end: formatTime(event.endsAt, timeZone, i18n.language),
        })}
      </p>
      {event.hostNames.length > 0 ? (
        <p className="kern-body">{t('events.hosts', { names: event.hostNames.join(', ') })}</p>
      ) : null}
      {event.description ? <p className="kern-body">{event.description}</p> : null}
    </div>
  );
}
