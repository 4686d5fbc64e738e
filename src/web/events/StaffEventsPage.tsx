import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { eventsApi } from '../api/events';
import { formatInstant } from '../citizen/format';
import { FormAlert } from '../components/FormAlert';
import { PageHeader } from '../components/PageHeader';
import { useLoad } from '../hooks/useLoad';
import { problemMessage } from '../lib/problemMessage';
import { StaffOnly } from '../staff/StaffOnly';

/** /staff/veranstaltungen — the events I host, each with its host page. */
export function StaffEventsPage() {
  return <StaffOnly>{() => <MyEvents />}</StaffOnly>;
}

function MyEvents() {
  const { t, i18n } = useTranslation();
  const events = useLoad(eventsApi.myEvents);
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return (
    <div className="stack">
      <PageHeader title={t('eventHost.myEvents')} />
      {events.error ? <FormAlert message={problemMessage(events.error, t)} /> : null}
      {events.data?.length === 0 ? <p className="kern-body">{t('eventHost.none')}</p> : null}
      <ul className="stack stack--small">
        {events.data?.map((event) => (
          <li key={event.id} className="kern-body">
            <Link to={`/staff/veranstaltungen/${event.id}`}>{event.title}</Link>
            {` — ${formatInstant(event.startsAt, timeZone, i18n.language)}`}
            {event.cancelledAt ? ` (${t('events.cancelledShort')})` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}
