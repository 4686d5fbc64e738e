import { useTranslation } from 'react-i18next';
import { type Service, ServiceInput } from '../../../shared/admin';
import { adminApi } from '../../api/admin';
import { CheckboxField } from '../../components/CheckboxField';
import { SelectField, type SelectOption } from '../../components/SelectField';
import { StringListEditor } from '../../components/StringListEditor';
import { TextAreaField } from '../../components/TextAreaField';
import { TextField } from '../../components/TextField';
import type { EditorHandlers } from '../../hooks/useCrudPage';
import { useDraft } from '../../hooks/useDraft';
import { AdminEditorForm } from '../AdminEditorForm';
import { useAdminForm } from '../useAdminForm';
import { CHANNELS, fromDraft, type ServiceDraft, toDraft } from './draft';
import { IntakeFieldsEditor } from './IntakeFieldsEditor';

const FORM_ID = 'service';

/** The three durations of a service, each a number of minutes within the schema's bounds. */
const MINUTE_FIELDS = [
  { key: 'durationMinutes', label: 'services.duration', min: 5, max: 480 },
  { key: 'bufferBeforeMinutes', label: 'services.bufferBefore', min: 0, max: 120 },
  { key: 'bufferAfterMinutes', label: 'services.bufferAfter', min: 0, max: 120 },
] as const;

interface ServiceFormProps extends EditorHandlers {
  service: Service | null;
  unitOptions: SelectOption[];
}

export function ServiceForm({ service, unitOptions, ...handlers }: ServiceFormProps) {
  const { t } = useTranslation();
  const form = useAdminForm(handlers);
  const { draft, set } = useDraft(() => toDraft(service, unitOptions[0]?.value ?? ''));
  const e = form.errors;

  const save = () => form.save(ServiceInput, fromDraft(draft), adminApi.services, service);

  return (
    <AdminEditorForm id={FORM_ID} section="services" form={form} editingName={service?.name} onSubmit={save}>
      <div className="form-grid">
        <TextField
          id="service-name"
          label={t('services.name')}
          value={draft.name}
          onChange={set('name')}
          error={e.name}
        />
        <SelectField
          id="service-unitId"
          label={t('common.unit')}
          value={draft.unitId}
          onChange={set('unitId')}
          options={unitOptions}
          error={e.unitId}
        />
        <SelectField
          id="service-channel"
          label={t('services.channel')}
          value={draft.channel}
          onChange={(value) => set('channel')(value as ServiceDraft['channel'])}
          options={CHANNELS.map((c) => ({ value: c, label: t(`channels.${c}`) }))}
          error={e.channel}
        />
      </div>
      <TextAreaField
        id="service-description"
        label={t('services.description')}
        optional
        value={draft.description}
        onChange={set('description')}
        error={e.description}
      />
      <div className="form-grid">
        {MINUTE_FIELDS.map(({ key, label, min, max }) => (
          <TextField
            key={key}
            id={`service-${key}`}
            label={t(label)}
            type="number"
            inputMode="numeric"
            min={min}
            max={max}
            value={draft[key]}
            onChange={set(key)}
            error={e[key]}
          />
        ))}
      </div>
      <StringListEditor
        formId={FORM_ID}
        path="requiredDocuments"
        legend={t('services.documents.legend')}
        hint={t('services.documents.hint')}
        items={draft.requiredDocuments}
        onChange={set('requiredDocuments')}
        errors={e}
        itemLabel={(i) => t('services.documents.item', { number: i + 1 })}
        addLabel={t('services.documents.add')}
        emptyText={t('services.documents.empty')}
      />
      <IntakeFieldsEditor
        formId={FORM_ID}
        fields={draft.intakeFields}
        errors={e}
        onChange={set('intakeFields')}
      />
      <CheckboxField
        id="service-requiresActivation"
        label={t('services.requiresActivation')}
        hint={t('services.requiresActivationHint')}
        checked={draft.requiresActivation}
        onChange={set('requiresActivation')}
        error={e.requiresActivation}
      />
    </AdminEditorForm>
  );
}
