import { useTranslation } from 'react-i18next';
import type { ChatMessage } from '../../shared/consultations';
import { ChatText } from './ChatText';

/** One message: who wrote it and when, the text, and for one's own whether someone else read it. */
export function ChatMessageItem({
  message,
  own,
  author,
}: {
  message: ChatMessage;
  own: boolean;
  /** How this side names the author (used unless it is one's own). */
  author: string;
}) {
  const { t, i18n } = useTranslation();
  const time = new Intl.DateTimeFormat(i18n.language, { hour: '2-digit', minute: '2-digit' }).format(
    new Date(message.createdAt),
  );
  return (
    <li className={`chat__message${own ? ' chat__message--own' : ''}`}>
      <p className="chat__meta kern-body kern-body--small">
        <bdi className="kern-body--bold">{own ? t('consultation.chat.you') : author}</bdi>{' '}
        <time dateTime={message.createdAt}>{time}</time>
        {own && message.readAt ? <span className="chat__read"> · {t('consultation.chat.read')}</span> : null}
      </p>
      <p className="chat__text kern-body" dir="auto">
        <ChatText text={message.text} />
      </p>
    </li>
  );
}
