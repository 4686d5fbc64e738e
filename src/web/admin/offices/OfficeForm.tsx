import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Office, OfficeInput } from '../../../shared/admin';
import { adminApi } from '../../api/admin';
import { SelectField, type SelectOption } from '../../components/SelectField';
import { StringListEditor } from '../../components/StringListEditor';
import { TextAreaField } from '../../components/TextAreaField';
import { TextField } from '../../components/TextField';
import type { EditorHandlers } from '../../hooks/useCrudPage';
import { useDraft } from '../../hooks/useDraft';
import { AdminEditorForm } from '../AdminEditorForm';
import { useAdminForm } from '../useAdminForm';
import { fromDraft, slugify, toDraft } from './draft';
import { OpeningHoursEditor } from './OpeningHoursEditor';

const FORM_ID = 'office';

interface OfficeFormProps extends EditorHandlers {
  office: Office | null;
  unitOptions: SelectOption[];
}

export function OfficeForm({ office, unitOptions, ...handlers }: OfficeFormProps) {
  const { t } = useTranslation();
  const form = useAdminForm(handlers);
  const { draft, setDraft, set } = useDraft(() => toDraft(office, unitOptions[0]?.value ?? ''));
  // New offices propose a slug from the name until the slug is edited by hand.
  const [slugTouched, setSlugTouched] = useState(office !== null);
  const e = form.errors;

  const save = () => form.save(OfficeInput, fromDraft(draft), adminApi.offices, office);

  return (
    <AdminEditorForm id={FORM_ID} section="offices" form={form} editingName={office?.name} onSubmit={save}>
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
        <TextField
          id="office-address"
          label={t('offices.streetAddress')}
          hint={t('offices.streetAddressHint')}
          optional
          maxLength={300}
          autoComplete="off"
          value={draft.address}
          onChange={set('address')}
          error={e.address}
        />
        <TextAreaField
          id="office-directions"
          label={t('offices.directions')}
          hint={t('offices.directionsHint')}
          optional
          rows={2}
          value={draft.directions}
          onChange={set('directions')}
          error={e.directions}
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
    </AdminEditorForm>
  );
}
