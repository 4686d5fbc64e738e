import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Office, Role, type Staff, StaffCreate, StaffUpdate } from '../../../shared/admin';
import { adminApi } from '../../api/admin';
import { CheckboxField } from '../../components/CheckboxField';
import { SelectField, type SelectOption } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import type { EditorHandlers } from '../../hooks/useCrudPage';
import { AdminEditorForm } from '../AdminEditorForm';
import { useAdminForm } from '../useAdminForm';

interface StaffFormProps extends EditorHandlers {
  staff: Staff | null;
  unitOptions: SelectOption[];
  offices: Office[];
}

export function StaffForm({ staff, unitOptions, offices, ...handlers }: StaffFormProps) {
  const { t } = useTranslation();
  const form = useAdminForm(handlers);
  const [email, setEmail] = useState(staff?.email ?? '');
  const [displayName, setDisplayName] = useState(staff?.displayName ?? '');
  const [role, setRole] = useState<Role>(staff?.role ?? 'agent');
  const [unitId, setUnitId] = useState(staff?.unitId ?? '');
  const [officeIds, setOfficeIds] = useState<string[]>(staff?.officeIds ?? []);
  const [active, setActive] = useState(staff?.active ?? true);
  const [password, setPassword] = useState('');
  const e = form.errors;

  async function save() {
    const value = { email, displayName, role, unitId: unitId || null, officeIds, active };
    if (staff) {
      await form.submit(StaffUpdate, password ? { ...value, password } : value, async (input) => {
        await adminApi.staff.update(staff.id, input);
        form.saved(input.displayName);
      });
    } else {
      await form.submit(StaffCreate, { ...value, password }, async (input) => {
        await adminApi.staff.create(input);
        form.saved(input.displayName);
      });
    }
  }

  const toggleOffice = (id: string, on: boolean) =>
    setOfficeIds((ids) => (on ? [...ids, id] : ids.filter((other) => other !== id)));

  return (
    <AdminEditorForm id="staff" section="staff" form={form} editingName={staff?.displayName} onSubmit={save}>
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
    </AdminEditorForm>
  );
}
