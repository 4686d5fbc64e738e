import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outcome, type ProtocolSummary, type RecordUpdate } from '../../shared/consultations';
import { consultationsApi } from '../api/consultations';
import { FormAlert } from '../components/FormAlert';
import { SelectField } from '../components/SelectField';
import { TextAreaField } from '../components/TextAreaField';
import { problemMessage } from '../lib/problemMessage';
import { ProtocolSection } from './ProtocolSection';
import { SummaryMailForm } from './SummaryMailForm';
import { useAutosave } from './useAutosave';

/**
 * The agent's notes and outcome of one consultation, saved as they are typed (debounced), during the
 * call and after it; then the protocol.
 */
export function ConsultationRecord({ consultationId, ended }: { consultationId: string; ended: boolean }) {
  const { t } = useTranslation();
  const api = useMemo(() => consultationsApi({}), []);
  const [record, setRecord] = useState<RecordUpdate | null>(null);
  const [protocol, setProtocol] = useState<ProtocolSummary | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const save = useCallback(
    (value: RecordUpdate) => api.saveRecord(consultationId, value),
    [api, consultationId],
  );
  const autosave = useAutosave(save);

  useEffect(() => {
    api.record(consultationId).then((loaded) => {
      setRecord({ notes: loaded.notes, outcome: loaded.outcome });
      setProtocol(loaded.protocol);
    }, setLoadError);
  }, [api, consultationId]);

  const update = (next: RecordUpdate) => {
    setRecord(next);
    autosave.change(next);
  };
  const headingId = `record-${consultationId}-heading`;

  return (
    <section className="stack stack--small section-card consultation-record" aria-labelledby={headingId}>
      <h2 id={headingId} className="kern-heading-medium">
        {t('consultation.record.title')}
      </h2>
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
            onChange={(notes) => update({ ...record, notes })}
          />
          <SelectField
            id="record-outcome"
            label={t('consultation.record.outcome')}
            value={record.outcome ?? ''}
            options={[
              { value: '', label: t('consultation.record.noOutcome') },
              ...Outcome.options.map((value) => ({ value, label: t(`consultation.outcome.${value}`) })),
            ]}
            onChange={(value) => update({ ...record, outcome: value ? (value as Outcome) : null })}
          />
          <p role="status" className="kern-body kern-body--small consultation-record__saved">
            {autosave.state === 'saving' || autosave.state === 'pending'
              ? t('consultation.record.saving')
              : autosave.state === 'saved'
                ? t('consultation.record.saved')
                : ''}
          </p>
          <FormAlert message={autosave.state === 'failed' ? problemMessage(autosave.error, t) : null} />
          <ProtocolSection
            consultationId={consultationId}
            protocol={protocol}
            beforeIssue={autosave.flush}
            onIssued={setProtocol}
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
