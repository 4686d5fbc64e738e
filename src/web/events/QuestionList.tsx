import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Question } from '../../shared/event-audience';

/**
 * Questions as the audience and the hosts see them: the text as plain text (React escapes it), its
 * votes and state in words, and what this page may do with each (upvote, or the hosts' decisions).
 */
export function QuestionList({
  questions,
  children,
}: {
  questions: Question[];
  children: (question: Question) => ReactNode;
}) {
  const { t } = useTranslation();
  if (questions.length === 0) return null;
  return (
    <ol className="stack stack--small event-questions">
      {questions.map((question) => (
        <li key={question.id} className="section-card stack stack--small">
          <p className="kern-body" id={`question-${question.id}`}>
            {question.text}
          </p>
          <p className="kern-body kern-body--small">
            {t('eventQuestions.votes', { count: question.votes })} ·{' '}
            {t(`eventQuestions.status.${question.status}`)}
          </p>
          <div className="button-row">{children(question)}</div>
        </li>
      ))}
    </ol>
  );
}
