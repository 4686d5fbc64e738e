import { type FormEvent, type KeyboardEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../api/client';
import { Button } from '../components/Button';
import { FieldFrame, fieldControlProps } from '../components/FieldFrame';
import { problemMessage } from '../lib/problemMessage';

const MAX_LENGTH = 2000;

/** The message field: Enter sends, Shift+Enter starts a new line; a refused text stays in the field. */
export function ChatComposer({
  idPrefix,
  onSend,
}: {
  idPrefix: string;
  onSend(text: string): Promise<void>;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const id = `${idPrefix}-chat-input`;

  async function send() {
    const trimmed = text.trim();
    if (!trimmed || sending) return;
    setSending(true);
    try {
      await onSend(trimmed);
      setText('');
      setError(undefined);
    } catch (problem) {
      setError(chatProblem(problem, t));
    } finally {
      setSending(false);
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void send();
    }
  }

  return (
    <form
      className="chat__composer"
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        void send();
      }}
    >
      <FieldFrame
        id={id}
        label={t('consultation.chat.input')}
        hint={t('consultation.chat.inputHint')}
        error={error}
      >
        <textarea
          {...fieldControlProps(id, 'input', { hint: t('consultation.chat.inputHint'), error })}
          rows={2}
          maxLength={MAX_LENGTH}
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
        />
      </FieldFrame>
      <div>
        <Button type="submit" variant="secondary" disabled={sending}>
          {t('consultation.chat.send')}
        </Button>
      </div>
    </form>
  );
}

function chatProblem(problem: unknown, t: Parameters<typeof problemMessage>[1]): string {
  if (problem instanceof ApiProblem && problem.status === 409) return t('consultation.chat.ended');
  if (problem instanceof ApiProblem && problem.status === 429) return t('consultation.chat.tooFast');
  return problemMessage(problem, t);
}
