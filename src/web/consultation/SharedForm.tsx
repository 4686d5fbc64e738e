import { useTranslation } from 'react-i18next';
import { FREE_TEXT_KEY, formText } from '../../shared/form-doc';
import type { ParticipantRole } from '../../shared/realtime';
import { FormAlert } from '../components/FormAlert';
import { SharedChecklist } from './SharedChecklist';
import { SharedFormField } from './SharedFormField';
import { SharedTextField } from './SharedTextField';
import { type FormClient, useSharedForm } from './useSharedForm';

interface SharedFormProps {
  idPrefix: string;
  consultationId: string;
  /** The agent ticks the documents; the citizen and guests see their state. */
  side: ParticipantRole;
  client: FormClient | null;
}

/**
 * The service's intake form, filled by both sides at once: every change shows on the other side as
 * it is typed. A walk-in without a booked service gets one free-text field.
 */
export function SharedForm({ idPrefix, consultationId, side, client }: SharedFormProps) {
  const { t } = useTranslation();
  const form = useSharedForm(consultationId, client);
  const headingId = `${idPrefix}-form-heading`;
  const definition = form.definition;
  return (
    <section className="shared-form stack stack--small" aria-labelledby={headingId}>
      <h3 id={headingId} className="kern-heading-small">
        {t('sharedForm.title')}
      </h3>
      {definition === null ? (
        <p className="kern-body kern-body--muted">{t('common.loading')}</p>
      ) : (
        <>
          <p className="kern-body">
            {definition.service
              ? t('sharedForm.intro', { service: definition.service.name })
              : t('sharedForm.introWalkIn')}
          </p>
          <FormAlert message={form.full ? t('sharedForm.full') : null} />
          <div className="stack stack--small">
            {definition.fields.map((field) => (
              <SharedFormField
                key={field.key}
                id={`${idPrefix}-form-${field.key}`}
                doc={form.doc}
                field={field}
              />
            ))}
            <SharedTextField
              id={`${idPrefix}-form-free`}
              label={t('sharedForm.freeText')}
              optional
              text={formText(form.doc, FREE_TEXT_KEY)}
              multiline
            />
          </div>
          {definition.documents.length > 0 ? (
            <SharedChecklist
              idPrefix={idPrefix}
              documents={definition.documents}
              checklist={form.checklist}
              onTick={side === 'agent' ? form.tick : undefined}
            />
          ) : null}
        </>
      )}
    </section>
  );
}
