import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Office, OfficeInput } from '../../../shared/admin';
import { adminApi } from '../../api/admin';
import { Button } from '../../components/Button';
import { FormAlert } from '../../components/FormAlert';
import { FormHeading } from '../../components/FormHeading';
import { SelectField, type SelectOption } from '../../components/SelectField';
import { StringListEditor } from '../../components/StringListEditor';
import { TextField } from '../../components/TextField';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { fromDraft, type OfficeDraft, slugify, toDraft } from './draft';
import { OpeningHoursEditor } from './OpeningHoursEditor';

const FORM_ID = 'office';

interface OfficeFormProps {
  office: Office | null;
  unitOptions: SelectOption[];
  onSaved(message: string): void;
  onCancel(): void;
}

export function OfficeForm({ office, unitOptions, onSaved, onCancel }: OfficeFormProps) {
  const { t } = useTranslation();
  const form = useFormSubmit();
  const [draft, setDraft] = useState<OfficeDraft>(() => toDraft(office, unitOptions[0]?.value ?? ''));
  // New offices propose a slug from the name until the slug is edited by hand.
  const [slugTouched, setSlugTouched] = useState(office !== null);
  const set =
    <K extends keyof OfficeDraft>(key: K) =>
    (value: OfficeDraft[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));
  const e = form.errors;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    await form.submit(OfficeInput, fromDraft(draft), async (input) => {
      if (office) await adminApi.offices.update(office.id, input);
      else await adminApi.offices.create(input);
      onSaved(t('common.saved', { name: input.name }));
    });
  }

  const heading = office ? t('offices.editHeading', { name: office.name }) : t('offices.createHeading');
  return (
    <form className="stack" noValidate onSubmit={onSubmit} aria-labelledby="office-form-heading">
      <FormHeading id="office-form-heading" text={heading} focus={office !== null} />
      <FormAlert message={form.problem} />
      <div className="form-grid">
        <TextField
          id="office-name"
          label={t('offices.name')}
          value={draft.name}
          onChange={(name) => setDraft((d) => ({ ...d, name, slug: slugTouched ? d.slug : slugify(name) }))}
          error={e.name}
        />
        <TextField
          id="office-slug"
          label={t('offices.slug')}
          hint={t('offices.slugHint')}
          value={draft.slug}
          onChange={(slug) => {
            setSlugTouched(true);
            set('slug')(slug);
          }}
          error={e.slug}
        />
        <SelectField
          id="office-unitId"
          label={t('common.unit')}
          value={draft.unitId}
          onChange={set('unitId')}
          options={unitOptions}
          error={e.unitId}
        />
        <TextField
          id="office-capacity"
          label={t('offices.capacity')}
          hint={t('offices.capacityHint')}
          type="number"
          inputMode="numeric"
          min={1}
          max={10000}
          value={draft.capacity}
          onChange={set('capacity')}
          error={e.capacity}
        />
      </div>
      <OpeningHoursEditor
        formId={FORM_ID}
        hours={draft.openingHours}
        errors={e}
        onChange={set('openingHours')}
      />
      <StringListEditor
        formId={FORM_ID}
        path="closedDays"
        legend={t('offices.closedDays.legend')}
        hint={t('offices.closedDays.hint')}
        items={draft.closedDays}
        onChange={set('closedDays')}
        errors={e}
        inputType="date"
        itemLabel={(i) => t('offices.closedDays.item', { number: i + 1 })}
        addLabel={t('offices.closedDays.add')}
        emptyText={t('offices.closedDays.empty')}
      />
      <div className="button-row">
        <Button type="submit" disabled={form.busy}>
          {office ? t('common.save') : t('offices.create')}
        </Button>
        {office ? (
          <Button variant="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
