import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FormChecklist } from '../../shared/shared-form';
import { CheckboxField } from '../components/CheckboxField';

interface SharedChecklistProps {
  idPrefix: string;
  documents: string[];
  checklist: FormChecklist;
  /** Given for the agent, who ticks; the citizen reads the list. */
  onTick?: ((index: number, ticked: boolean) => void) | undefined;
}

/** The service's required documents: checkboxes for the agent, a list with each state in words for the citizen. */
export function SharedChecklist({ idPrefix, documents, checklist, onTick }: SharedChecklistProps) {
  const { t } = useTranslation();
  const headingId = `${idPrefix}-documents-heading`;
  const announcement = useTickAnnouncement(documents, checklist, !onTick);
  return (
    <section className="stack stack--small" aria-labelledby={headingId}>
      <h4 id={headingId} className="kern-heading-small">
        {t('sharedForm.documents')}
      </h4>
      <p className="kern-body">{t(onTick ? 'sharedForm.documentsAgent' : 'sharedForm.documentsCitizen')}</p>
      {onTick ? (
        <div className="stack stack--small">
          {documents.map((name, index) => (
            <CheckboxField
              // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed for the consultation
              key={index}
              id={`${idPrefix}-document-${index}`}
              label={name}
              checked={checklist[index] === true}
              onChange={(ticked) => onTick(index, ticked)}
            />
          ))}
        </div>
      ) : (
        <ul className="shared-form__documents">
          {documents.map((name, index) => {
            const seen = checklist[index] === true;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: the list is fixed for the consultation
              <li key={index} className="shared-form__document">
                <span className={`kern-icon kern-icon--${seen ? 'success' : 'info'}`} aria-hidden="true" />
                <span className="kern-body">
                  {name}: <strong>{t(seen ? 'sharedForm.seen' : 'sharedForm.open')}</strong>
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {onTick ? null : (
        <p role="status" className="kern-sr-only">
          {announcement}
        </p>
      )}
    </section>
  );
}

/** For the citizen: says in words which document the agent just ticked or unticked. */
function useTickAnnouncement(documents: string[], checklist: FormChecklist, announce: boolean) {
  const { t } = useTranslation();
  const previous = useRef(checklist);
  const [message, setMessage] = useState('');
  useEffect(() => {
    const before = previous.current;
    previous.current = checklist;
    if (!announce || before.length !== checklist.length) return;
    const changed = checklist.findIndex((ticked, index) => ticked !== before[index]);
    if (changed < 0) return;
    setMessage(
      t(checklist[changed] ? 'sharedForm.announceSeen' : 'sharedForm.announceOpen', {
        name: documents[changed],
      }),
    );
  }, [announce, checklist, documents, t]);
  return message;
}
