import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Office, Role, type Staff, StaffCreate, StaffUpdate } from '../../../shared/admin';
import { adminApi } from '../../api/admin';
import { Button } from '../../components/Button';
import { CheckboxField } from '../../components/CheckboxField';
import { FormAlert } from '../../components/FormAlert';
import { FormHeading } from '../../components/FormHeading';
import { SelectField, type SelectOption } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { useFormSubmit } from '../../hooks/useFormSubmit';

interface StaffFormProps {
  staff: Staff | null;
  unitOptions: SelectOption[];
  offices: Office[];
  onSaved(message: string): void;
  onCancel(): void;
}

export function StaffForm({ staff, unitOptions, offices, onSaved, onCancel }: StaffFormProps) {
  const { t } = useTranslation();
  const form = useFormSubmit();
  const [email, setEmail] = useState(staff?.email ?? '');
  const [displayName, setDisplayName] = useState(staff?.displayName ?? '');
  const [role, setRole] = useState<Role>(staff?.role ?? 'agent');
  const [unitId, setUnitId] = useState(staff?.unitId ?? '');
  const [officeIds, setOfficeIds] = useState<string[]>(staff?.officeIds ?? []);
  const [active, setActive] = useState(staff?.active ?? true);
  const [password, setPassword] = useState('');
  const e = form.errors;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const value = { email, displayName, role, unitId: unitId || null, officeIds, active };
    if (staff) {
      await form.submit(StaffUpdate, password ? { ...value, password } : value, async (input) => {
        await adminApi.staff.update(staff.id, input);
        onSaved(t('common.saved', { name: input.displayName }));
      });
    } else {
      await form.submit(StaffCreate, { ...value, password }, async (input) => {
        await adminApi.staff.create(input);
        onSaved(t('common.saved', { name: input.displayName }));
      });
    }
  }

  const toggleOffice = (id: string, on: boolean) =>
    setOfficeIds((ids) => (on ? [...ids, id] : ids.filter((other) => other !== id)));
  const heading = staff ? t('staff.editHeading', { name: staff.displayName }) : t('staff.createHeading');

  return (
    <form className="stack" noValidate onSubmit={onSubmit} aria-labelledby="staff-form-heading">
      <FormHeading id="staff-form-heading" text={heading} focus={staff !== null} />
      <FormAlert message={form.problem} />
      <div className="form-grid">
        <TextField
          id="staff-displayName"
          label={t('staff.displayName')}
          value={displayName}
          onChange={setDisplayName}
          error={e.displayName}
          autoComplete="off"
        />
        <TextField
          id="staff-email"
          label={t('staff.email')}
          type="email"
          value={email}
          onChange={setEmail}
          error={e.email}
          autoComplete="off"
        />
        <SelectField
          id="staff-role"
          label={t('staff.role')}
          hint={t('staff.roleHint')}
          value={role}
          onChange={(value) => setRole(value as Role)}
          options={Role.options.map((r) => ({ value: r, label: t(`roles.${r}`) }))}
          error={e.role}
        />
        <SelectField
          id="staff-unitId"
          label={t('common.unit')}
          value={unitId}
          onChange={setUnitId}
          options={[{ value: '', label: t('staff.noUnit') }, ...unitOptions]}
          error={e.unitId}
        />
        <TextField
          id="staff-password"
          label={staff ? t('staff.newPassword') : t('staff.password')}
          hint={staff ? t('staff.newPasswordHint') : t('staff.passwordHint')}
          optional={staff !== null}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          error={e.password}
        />
      </div>
      <fieldset className="kern-fieldset">
        <legend className="kern-label">{t('staff.offices')}</legend>
        <div className="kern-fieldset__body stack stack--small">
          {offices.length === 0 ? <p className="kern-body">{t('staff.noOffices')}</p> : null}
          {offices.map((office) => (
            <CheckboxField
              key={office.id}
              id={`staff-office-${office.id}`}
              label={office.name}
              checked={officeIds.includes(office.id)}
              onChange={(on) => toggleOffice(office.id, on)}
            />
          ))}
        </div>
      </fieldset>
      <CheckboxField id="staff-active" label={t('staff.active')} checked={active} onChange={setActive} />
      <div className="button-row">
        <Button type="submit" disabled={form.busy}>
          {staff ? t('common.save') : t('staff.create')}
        </Button>
        {staff ? (
          <Button variant="secondary" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
