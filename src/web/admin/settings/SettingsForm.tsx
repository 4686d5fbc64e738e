import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { GermanState, SecondFactorPolicy, type Tenant, TenantSettings } from '../../../shared/admin';
import { adminApi } from '../../api/admin';
import { Button } from '../../components/Button';
import { FormAlert } from '../../components/FormAlert';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { toNumber } from '../services/draft';
import { COMMON_TIME_ZONES } from './timeZones';

interface SettingsFormProps {
  tenant: Tenant;
  readOnly: boolean;
  onSaved(tenant: Tenant): void;
}

export function SettingsForm({ tenant, readOnly, onSaved }: SettingsFormProps) {
  const { t } = useTranslation();
  const form = useFormSubmit();
  const [name, setName] = useState(tenant.name);
  const [logoUrl, setLogoUrl] = useState(tenant.logoUrl ?? '');
  const [timeZone, setTimeZone] = useState(tenant.timeZone);
  const [holidayState, setHolidayState] = useState<GermanState>(tenant.holidayState);
  const [retentionDays, setRetentionDays] = useState(String(tenant.retentionDays));
  const [protocolRetentionDays, setProtocolRetentionDays] = useState(String(tenant.protocolRetentionDays));
  const [secondFactor, setSecondFactor] = useState<SecondFactorPolicy>(tenant.secondFactor);
  const e = form.errors;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const value = {
      name,
      logoUrl: logoUrl.trim() || null,
      timeZone,
      holidayState,
      retentionDays: toNumber(retentionDays),
      protocolRetentionDays: toNumber(protocolRetentionDays),
      secondFactor,
    };
    await form.submit(TenantSettings, value, async (input) => onSaved(await adminApi.tenant.update(input)));
  }

  return (
    <form className="stack" noValidate onSubmit={onSubmit} aria-label={t('settings.formLabel')}>
      <FormAlert message={form.problem} />
      <div className="form-grid">
        <TextField
          id="settings-name"
          label={t('settings.name')}
          value={name}
          onChange={setName}
          error={e.name}
          readOnly={readOnly}
        />
        <TextField
          id="settings-logoUrl"
          label={t('settings.logoUrl')}
          hint={t('settings.logoUrlHint')}
          optional
          value={logoUrl}
          onChange={setLogoUrl}
          error={e.logoUrl}
          readOnly={readOnly}
        />
        <TextField
          id="settings-timeZone"
          label={t('settings.timeZone')}
          hint={t('settings.timeZoneHint')}
          list="settings-timezones"
          autoComplete="off"
          value={timeZone}
          onChange={setTimeZone}
          error={e.timeZone}
          readOnly={readOnly}
        />
        <datalist id="settings-timezones">
          {COMMON_TIME_ZONES.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        <SelectField
          id="settings-holidayState"
          label={t('settings.holidayState')}
          hint={t('settings.holidayStateHint')}
          value={holidayState}
          onChange={(value) => setHolidayState(value as GermanState)}
          options={GermanState.options.map((code) => ({ value: code, label: t(`states.${code}`) }))}
          error={e.holidayState}
          disabled={readOnly}
        />
        <TextField
          id="settings-retentionDays"
          label={t('settings.retentionDays')}
          hint={t('settings.retentionDaysHint')}
          type="number"
          inputMode="numeric"
          min={1}
          max={3650}
          value={retentionDays}
          onChange={setRetentionDays}
          error={e.retentionDays}
          readOnly={readOnly}
        />
        <TextField
          id="settings-protocolRetentionDays"
          label={t('settings.protocolRetentionDays')}
          hint={t('settings.protocolRetentionDaysHint')}
          type="number"
          inputMode="numeric"
          min={30}
          max={36500}
          value={protocolRetentionDays}
          onChange={setProtocolRetentionDays}
          error={e.protocolRetentionDays}
          readOnly={readOnly}
        />
        <SelectField
          id="settings-secondFactor"
          label={t('settings.secondFactor')}
          hint={t('settings.secondFactorHint')}
          value={secondFactor}
          onChange={(value) => setSecondFactor(value as SecondFactorPolicy)}
          options={SecondFactorPolicy.options.map((policy) => ({
            value: policy,
            label: t(`settings.secondFactorFor.${policy}`),
          }))}
          error={e.secondFactor}
          disabled={readOnly}
        />
      </div>
      {readOnly ? null : (
        <div>
          <Button type="submit" disabled={form.busy}>
            {t('common.save')}
          </Button>
        </div>
      )}
    </form>
  );
}
