import { useTranslation } from 'react-i18next';
import type { Question, QuestionDecision } from '../../shared/event-audience';
import { Button } from '../components/Button';
import { FormAlert } from '../components/FormAlert';
import { useAction } from '../hooks/useAction';
import { QuestionList } from './QuestionList';

type Decision = QuestionDecision['status'];

/** What a host may decide on a question in each state. */
const DECISIONS: Record<Question['status'], Decision[]> = {
  pending: ['approved', 'rejected'],
  approved: ['answered', 'rejected'],
  answered: ['approved'],
  rejected: ['approved'],
};

/** The hosts' view of the questions: every one, live, with approve, answered and reject. */
export function HostQuestions({
  questions,
  latest,
  decide,
}: {
  questions: Question[];
  latest: Question | null;
  decide(questionId: string, status: Decision): Promise<unknown>;
}) {
  const { t } = useTranslation();
  const { problem, run } = useAction();
  return (
    <section className="stack stack--small" aria-labelledby="event-moderation-heading">
      <h2 id="event-moderation-heading" className="kern-heading-medium">
        {t('eventHost.questions.title')}
      </h2>
      <p className="kern-sr-only" role="status">
        {latest ? t('eventHost.questions.askedNow', { text: latest.text }) : ''}
      </p>
      {problem ? <FormAlert message={problem} /> : null}
      {questions.length === 0 ? <p className="kern-body">{t('eventHost.questions.none')}</p> : null}
      <QuestionList questions={questions}>
        {(question) =>
          DECISIONS[question.status].map((status) => (
            <Button
              key={status}
              variant={status === 'rejected' ? 'tertiary' : 'secondary'}
              small
              aria-describedby={`question-${question.id}`}
              onClick={() => void run(() => decide(question.id, status))}
            >
              {t(`eventHost.questions.decide.${status}`)}
            </Button>
          ))
        }
      </QuestionList>
    </section>
  );
}
