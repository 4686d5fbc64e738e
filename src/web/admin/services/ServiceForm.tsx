import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Service, ServiceInput } from '../../../shared/admin';
import { adminApi } from '../../api/admin';
import { Button } from '../../components/Button';
import { FormAlert } from '../../components/FormAlert';
import { FormHeading } from '../../components/FormHeading';
import { SelectField, type SelectOption } from '../../components/SelectField';
import { StringListEditor } from '../../components/StringListEditor';
import { TextAreaField } from '../../components/TextAreaField';
import { TextField } from '../../components/TextField';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { CHANNELS, fromDraft, type ServiceDraft, toDraft } from './draft';
import { IntakeFieldsEditor } from './IntakeFieldsEditor';

const FORM_ID = 'service';

interface ServiceFormProps {
  service: Service | null;
  unitOptions: SelectOption[];
  onSaved(message: string): void;
  onCancel(): void;
}

export function ServiceForm({ service, unitOptions, onSaved, onCancel }: ServiceFormProps) {
  const { t } = useTranslation();
  const form = useFormSubmit();
  const [draft, setDraft] = useState<ServiceDraft>(() => toDraft(service, unitOptions[0]?.value ?? ''));
  const set =
    <K extends keyof ServiceDraft>(key: K) =>
    (value: ServiceDraft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));
  const e = form.errors;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    await form.submit(ServiceInput, fromDraft(draft), async (input) => {
      if (service) await adminApi.services.update(service.id, input);
      else await adminApi.services.create(input);
      onSaved(t('common.saved', { name: input.name }));
    });
  }

  const heading = service ? t('services.editHeading', { name: service.name }) : t('services.createHeading');
  return (
    <form className="stack" noValidate onSubmit={onSubmit} aria-labelledby="service-form-heading">
      <FormHeading id="service-form-heading" text={heading} focus={service !== null} />
      <FormAlert message={form.problem} />
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
        <TextField
          id="service-durationMinutes"
          label={t('services.duration')}
          type="number"
          inputMode="numeric"
          min={5}
          max={480}
          value={draft.durationMinutes}
          onChange={set('durationMinutes')}
          error={e.durationMinutes}
        />
        <TextField
          id="service-bufferBeforeMinutes"
          label={t('services.bufferBefore')}
          type="number"
          inputMode="numeric"
          min={0}
          max={120}
          value={draft.bufferBeforeMinutes}
          onChange={set('bufferBeforeMinutes')}
          error={e.bufferBeforeMinutes}
        />
        <TextField
          id="service-bufferAfterMinutes"
          label={t('services.bufferAfter')}
          type="number"
          inputMode="numeric"
          min={0}
          max={120}
          value={draft.bufferAfterMinutes}
          onChange={set('bufferAfterMinutes')}
          error={e.bufferAfterMinutes}
        />
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
      <div className="button-row">
        <Button type="submit" disabled={form.busy}>
          {service ? t('common.save') : t('services.create')}
        </Button>
        {service ? (
          <Button variant="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
