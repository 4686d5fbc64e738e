import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Unit, UnitInput } from '../../../shared/admin';
import { adminApi } from '../../api/admin';
import { Button } from '../../components/Button';
import { FormAlert } from '../../components/FormAlert';
import { FormHeading } from '../../components/FormHeading';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { subtreeIds, unitOptions } from '../../lib/unitTree';

interface UnitFormProps {
  units: Unit[];
  /** The unit being renamed or moved; null to create one. */
  unit: Unit | null;
  onSaved(message: string): void;
  onCancel(): void;
}

export function UnitForm({ units, unit, onSaved, onCancel }: UnitFormProps) {
  const { t } = useTranslation();
  const form = useFormSubmit();
  const [name, setName] = useState(unit?.name ?? '');
  const [parentId, setParentId] = useState(unit?.parentId ?? '');
  // A unit cannot move below itself.
  const excluded = unit ? subtreeIds(units, unit.id) : new Set<string>();
  const parents = unitOptions(units).filter((option) => !excluded.has(option.value));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const value = { name, parentId: parentId || null };
    await form.submit(UnitInput, value, async (input) => {
      if (unit) await adminApi.units.update(unit.id, input);
      else await adminApi.units.create(input);
      onSaved(t('common.saved', { name: input.name }));
    });
  }

  const heading = unit ? t('units.editHeading', { name: unit.name }) : t('units.createHeading');
  return (
    <form className="stack" noValidate onSubmit={onSubmit} aria-labelledby="unit-form-heading">
      <FormHeading id="unit-form-heading" text={heading} focus={unit !== null} />
      <FormAlert message={form.problem} />
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
      <div className="button-row">
        <Button type="submit" disabled={form.busy}>
          {unit ? t('common.save') : t('units.create')}
        </Button>
        {unit ? (
          <Button variant="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
