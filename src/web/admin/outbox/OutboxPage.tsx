import { useTranslation } from 'react-i18next';
import { calendarApi, type OutboxItem } from '../../api/booking';
import { useLoad } from '../../hooks/useLoad';
import { formatDateTime } from '../../lib/dateTime';
import { problemMessage } from '../../lib/problemMessage';
import { AdminPage } from '../AdminPage';

/**
 * /admin/outbox: what the embedded mail and SMS default kept while no SMTP server or SMS gateway is
 * configured, newest first; each message opens to its full text.
 */
export function OutboxPage() {
  const { t } = useTranslation();
  const outbox = useLoad(calendarApi.outbox);
  return (
    <AdminPage
      section="outbox"
      canWrite
      status={null}
      problem={outbox.error ? problemMessage(outbox.error, t) : null}
    >
      <section className="stack" aria-labelledby="outbox-list-heading">
        <h2 id="outbox-list-heading" className="kern-heading-medium">
          {t('outbox.listHeading')}
        </h2>
        {outbox.data === undefined ? (
          outbox.error ? null : (
            <p className="kern-body">{t('common.loading')}</p>
          )
        ) : outbox.data.length === 0 ? (
          <p className="kern-body">{t('outbox.empty')}</p>
        ) : (
          <ul className="outbox-list">
            {outbox.data.map((message) => (
              <li key={message.id}>
                <OutboxEntry message={message} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </AdminPage>
  );
}

function OutboxEntry({ message }: { message: OutboxItem }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'de';
  const subject = message.subject || t('outbox.sms');
  return (
    <details className="kern-accordion">
      <summary className="kern-accordion__header">
        <span className="kern-title outbox-summary">
          <span className="outbox-summary__subject">{subject}</span>
          <span className="outbox-summary__meta">
            {t('outbox.meta', {
              recipient: message.recipient,
              channel: t(`outbox.channel.${message.channel}`),
              time: formatDateTime(message.createdAt, language),
            })}
          </span>
        </span>
      </summary>
      <section className="kern-accordion__body stack stack--small" aria-label={subject}>
        <pre className="outbox-body">{message.body}</pre>
        {message.attachments.length > 0 ? (
          <p className="kern-body">
            {t('outbox.attachments', { names: message.attachments.map((a) => a.filename).join(', ') })}
          </p>
        ) : null}
      </section>
    </details>
  );
}
