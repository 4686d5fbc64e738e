import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ParticipantId } from '../../shared/realtime';
import type { ConsultationAuth } from '../api/consultations';
import { useReportArrivals, useTabActivity } from '../callui/panelContext';
import { type ParticipantNames, useParticipantName } from '../callui/useParticipantName';
import { ChatComposer } from './ChatComposer';
import { ChatMessageItem } from './ChatMessageItem';
import { type ChatClient, useChat } from './useChat';

interface ChatPanelProps {
  idPrefix: string;
  consultationId: string;
  /** Who this panel is: their own messages show as "Sie". */
  self: ParticipantId;
  auth: ConsultationAuth;
  client: ChatClient | null;
  /** How the others are named beside their messages (guests by their label). */
  names: ParticipantNames;
}

/** The chat of a consultation: the messages as a polite log, and the field to write. */
export function ChatPanel({ idPrefix, consultationId, self, auth, client, names }: ChatPanelProps) {
  const { t } = useTranslation();
  // In a hidden tab of the call's side panel, messages arrive unread (counted, and not marked as read).
  const { shown } = useTabActivity();
  const chat = useChat(consultationId, self, auth, client, shown);
  useReportArrivals(
    chat.loaded,
    chat.messages.filter((m) => m.author !== self).map((m) => m.id),
  );
  const nameOf = useParticipantName(names);
  const logRef = useRef<HTMLDivElement>(null);
  const headingId = `${idPrefix}-chat-heading`;

  // New messages scroll into view (also when the tab comes into view).
  const count = chat.messages.length;
  useEffect(() => {
    const log = logRef.current;
    if (log && count > 0 && shown) log.scrollTop = log.scrollHeight;
  }, [count, shown]);

  return (
    <section className="chat stack stack--small" aria-labelledby={headingId}>
      <h3 id={headingId} className="kern-heading-small">
        {t('consultation.chat.title')}
      </h3>
      <div
        ref={logRef}
        className="chat__log"
        role="log"
        aria-live="polite"
        aria-labelledby={headingId}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling log must be reachable by keyboard
        tabIndex={0}
      >
        {count === 0 ? (
          <p className="kern-body kern-body--muted">
            {chat.loaded ? t('consultation.chat.empty') : t('common.loading')}
          </p>
        ) : (
          <ol className="chat__list">
            {chat.messages.map((message) => (
              <ChatMessageItem
                key={message.id}
                message={message}
                own={message.author === self}
                author={nameOf(message.author, message.label)}
              />
            ))}
          </ol>
        )}
      </div>
      <ChatComposer idPrefix={idPrefix} onSend={chat.send} />
    </section>
  );
}
