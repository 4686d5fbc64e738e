import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QUESTION_MAX_LENGTH, type Question } from '../../shared/event-audience';
import { Button } from '../components/Button';
import { FormAlert } from '../components/FormAlert';
import { StatusMessage } from '../components/StatusMessage';
import { TextAreaField } from '../components/TextAreaField';
import { useAction } from '../hooks/useAction';
import { QuestionList } from './QuestionList';

interface Props {
  questions: Question[];
  /** The newest approved question, announced politely. */
  latest: Question | null;
  ask(text: string): Promise<unknown>;
  vote(questionId: string): Promise<unknown>;
}

/** A citizen's questions: asking (the hosts see it first) and the approved questions, each upvoted once. */
export function AudienceQuestions({ questions, latest, ask, vote }: Props) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [sent, setSent] = useState<string | null>(null);
  const { problem, run } = useAction();
  const [voted, setVoted] = useState<ReadonlySet<string>>(new Set());

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSent(null);
    if (!(await run(() => ask(text)))) return;
    setText('');
    setSent(t('eventQuestions.sent'));
  };
  const upvote = async (id: string) => {
    if (await run(() => vote(id))) setVoted((before) => new Set(before).add(id));
  };

  return (
    <section className="stack stack--small" aria-labelledby="event-questions-heading">
      <h2 id="event-questions-heading" className="kern-heading-medium">
        {t('eventQuestions.title')}
      </h2>
      <form className="stack stack--small" onSubmit={(e) => void submit(e)}>
        <TextAreaField
          id="event-question"
          label={t('eventQuestions.yourQuestion')}
          hint={t('eventQuestions.hint', { max: QUESTION_MAX_LENGTH })}
          value={text}
          rows={3}
          onChange={(value) => setText(value.slice(0, QUESTION_MAX_LENGTH))}
        />
        {problem ? <FormAlert message={problem} /> : null}
        <div>
          <Button type="submit" disabled={text.trim() === ''}>
            {t('eventQuestions.send')}
          </Button>
        </div>
      </form>
      <StatusMessage message={sent} />
      <p className="kern-sr-only" role="status">
        {latest ? t('eventQuestions.approvedNow', { text: latest.text }) : ''}
      </p>
      {questions.length === 0 ? <p className="kern-body">{t('eventQuestions.noneYet')}</p> : null}
      <QuestionList questions={questions}>
        {(question) =>
          question.status === 'approved' ? (
            <Button
              variant="secondary"
              small
              disabled={voted.has(question.id)}
              aria-describedby={`question-${question.id}`}
              onClick={() => void upvote(question.id)}
            >
              {voted.has(question.id) ? t('eventQuestions.upvoted') : t('eventQuestions.upvote')}
            </Button>
          ) : null
        }
      </QuestionList>
    </section>
  );
}
