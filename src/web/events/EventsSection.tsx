import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { eventsApi } from '../api/events';
import { formatInstant } from '../citizen/format';
import { useLoad } from '../hooks/useLoad';

/**
 * The authority's upcoming public events on its page. Shown only when there are some: without a media
 * server (the list is then empty) or without events, the page shows nothing of them.
 */
export function EventsSection({ tenantSlug }: { tenantSlug: string }) {
  const { t, i18n } = useTranslation();
  const load = useCallback(() => eventsApi.upcoming(tenantSlug), [tenantSlug]);
  const { data } = useLoad(load);
  if (!data || data.events.length === 0) return null;
  return (
    <section className="stack stack--small section-card" aria-labelledby="events-heading">
      <h2 id="events-heading" className="kern-heading-medium">
        {t('events.title')}
      </h2>
      <ul className="stack stack--small">
        {data.events.map((event) => (
          <li key={event.id} className="kern-body">
            <Link to={`/${tenantSlug}/veranstaltungen/${event.id}`}>{event.title}</Link>
            {` — ${formatInstant(event.startsAt, data.timeZone, i18n.language)}`}
            {event.cancelled ? ` (${t('events.cancelledShort')})` : ''}
          </li>
        ))}
      </ul>
    </section>
  );
}
