import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Office } from '../../../shared/admin';
import { LocalHolidayInput } from '../../../shared/calendar';
import { adminApi } from '../../api/admin';
import { Button } from '../../components/Button';
import { FormAlert } from '../../components/FormAlert';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { useFormSubmit } from '../../hooks/useFormSubmit';

const FORM_ID = 'local-holiday';
const pad = (n: number) => String(n).padStart(2, '0');

/** Adds a holiday of the authority, or of one office, on the same day every year. */
export function LocalHolidayForm({ offices, onAdded }: { offices: Office[]; onAdded(name: string): void }) {
  const { t, i18n } = useTranslation();
  const form = useFormSubmit();
  const [day, setDay] = useState('1');
  const [month, setMonth] = useState('1');
  const [name, setName] = useState('');
  const [officeId, setOfficeId] = useState('');
  const monthName = (m: number) =>
    new Intl.DateTimeFormat(i18n.language, { month: 'long', timeZone: 'UTC' }).format(
      Date.UTC(2024, m - 1, 1),
    );

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const input = { monthDay: `${pad(Number(month))}-${pad(Number(day))}`, name, officeId: officeId || null };
    const added = await form.submit(LocalHolidayInput, input, async (valid) => {
      await adminApi.localHolidays.create(valid);
    });
    if (added) {
      setName('');
      onAdded(name.trim());
    }
  };

  return (
    <form className="stack" aria-labelledby={`${FORM_ID}-heading`} noValidate onSubmit={submit}>
      <h3 id={`${FORM_ID}-heading`} className="kern-heading-small">
        {t('localHolidays.addHeading')}
      </h3>
      <FormAlert message={form.problem} />
      <div className="form-grid">
        <SelectField
          id={`${FORM_ID}-day`}
          label={t('localHolidays.day')}
          value={day}
          onChange={setDay}
          options={Array.from({ length: 31 }, (_, i) => ({ value: String(i + 1), label: `${i + 1}.` }))}
          error={form.errors.monthDay}
        />
        <SelectField
          id={`${FORM_ID}-month`}
          label={t('localHolidays.month')}
          value={month}
          onChange={setMonth}
          options={Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: monthName(i + 1) }))}
        />
        <TextField
          id={`${FORM_ID}-name`}
          label={t('localHolidays.name')}
          hint={t('localHolidays.nameHint')}
          value={name}
          onChange={setName}
          error={form.errors.name}
        />
        <SelectField
          id={`${FORM_ID}-officeId`}
          label={t('localHolidays.scope')}
          value={officeId}
          onChange={setOfficeId}
          options={[
            { value: '', label: t('localHolidays.allOffices') },
            ...offices.map((o) => ({ value: o.id, label: o.name })),
          ]}
          error={form.errors.officeId}
        />
      </div>
      <div>
        <Button type="submit" disabled={form.busy}>
          {t('localHolidays.add')}
        </Button>
      </div>
    </form>
  );
}
