import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Unit, UnitInput } from '../../../shared/admin';
import { adminApi } from '../../api/admin';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import type { EditorHandlers } from '../../hooks/useCrudPage';
import { subtreeIds, unitOptions } from '../../lib/unitTree';
import { AdminEditorForm } from '../AdminEditorForm';
import { useAdminForm } from '../useAdminForm';

interface UnitFormProps extends EditorHandlers {
  units: Unit[];
  /** The unit being renamed or moved; null to create one. */
  unit: Unit | null;
}

export function UnitForm({ units, unit, ...handlers }: UnitFormProps) {
  const { t } = useTranslation();
  const form = useAdminForm(handlers);
  const [name, setName] = useState(unit?.name ?? '');
  const [parentId, setParentId] = useState(unit?.parentId ?? '');
  // A unit cannot move below itself.
  const excluded = unit ? subtreeIds(units, unit.id) : new Set<string>();
  const parents = unitOptions(units).filter((option) => !excluded.has(option.value));

  const save = () => form.save(UnitInput, { name, parentId: parentId || null }, adminApi.units, unit);

  return (
    <AdminEditorForm id="unit" section="units" form={form} editingName={unit?.name} onSubmit={save}>
      <div className="form-grid">
        <TextField
          id="unit-name"
          label={t('units.name')}
          value={name}
          onChange={setName}
          error={form.errors.name}
        />
        <SelectField
          id="unit-parentId"
          label={t('units.parent')}
          value={parentId}
          onChange={setParentId}
          options={[{ value: '', label: t('units.noParent') }, ...parents]}
          error={form.errors.parentId}
        />
      </div>
    </AdminEditorForm>
  );
}
