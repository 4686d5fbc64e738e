import { useTranslation } from 'react-i18next';
import { Outcome } from '../../shared/consultations';
import { FormAlert } from '../components/FormAlert';
import { SelectField } from '../components/SelectField';
import { TextAreaField } from '../components/TextAreaField';
import { problemMessage } from '../lib/problemMessage';
import { ProtocolSection } from './ProtocolSection';
import { SummaryMailForm } from './SummaryMailForm';
import type { RecordState } from './useConsultationRecord';

/**
 * The agent's notes and outcome of one consultation (state kept by useConsultationRecord), during the
 * call in its side panel and after it on the page; then the protocol.
 */
export function ConsultationRecord({
  state,
  ended,
  heading: Heading = 'h2',
}: {
  state: RecordState;
  ended: boolean;
  /** h3 inside the call's side panel, below the call's heading. */
  heading?: 'h2' | 'h3';
}) {
  const { t } = useTranslation();
  const { consultationId, record, protocol, loadError } = state;
  const headingId = `record-${consultationId}-heading`;

  return (
    <section className="stack stack--small section-card consultation-record" aria-labelledby={headingId}>
      <Heading id={headingId} className="kern-heading-medium">
        {t('consultation.record.title')}
      </Heading>
      {ended ? <p className="kern-body">{t('consultation.record.afterCall')}</p> : null}
      <FormAlert message={loadError ? problemMessage(loadError, t) : null} />
      {record ? (
        <>
          <TextAreaField
            id="record-notes"
            label={t('consultation.record.notes')}
            hint={t('consultation.record.notesHint')}
            rows={5}
            value={record.notes}
            onChange={(notes) => state.update({ ...record, notes })}
          />
          <SelectField
            id="record-outcome"
            label={t('consultation.record.outcome')}
            value={record.outcome ?? ''}
            options={[
              { value: '', label: t('consultation.record.noOutcome') },
              ...Outcome.options.map((value) => ({ value, label: t(`consultation.outcome.${value}`) })),
            ]}
            onChange={(value) => state.update({ ...record, outcome: value ? (value as Outcome) : null })}
          />
          <p role="status" className="kern-body kern-body--small consultation-record__saved">
            {state.saveState === 'saving' || state.saveState === 'pending'
              ? t('consultation.record.saving')
              : state.saveState === 'saved'
                ? t('consultation.record.saved')
                : ''}
          </p>
          <FormAlert message={state.saveState === 'failed' ? problemMessage(state.saveError, t) : null} />
          <ProtocolSection
            consultationId={consultationId}
            protocol={protocol}
            beforeIssue={state.flush}
            onIssued={state.onIssued}
          />
          {protocol ? (
            <SummaryMailForm consultationId={consultationId} protocolVersion={protocol.version} />
          ) : null}
        </>
      ) : loadError ? null : (
        <p className="kern-body">{t('common.loading')}</p>
      )}
    </section>
  );
}
