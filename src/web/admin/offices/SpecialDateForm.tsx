import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CalendarExceptionInput } from '../../../shared/calendar';
import { LATEST_OVERNIGHT_END } from '../../../shared/calendar-messages';
import { adminApi } from '../../api/admin';
import { ApiProblem } from '../../api/client';
import { Button } from '../../components/Button';
import { FormAlert } from '../../components/FormAlert';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { fieldId } from '../../lib/validation';
import { emptySpecialDate, fromSpecialDraft, type SpecialDateDraft } from './specialDateDraft';

const FORM_ID = 'special-date';

interface SpecialDateFormProps {
  officeId: string;
  onAdded(reason: string): void;
}

/** Adds one special date or range to an office: closed, or open at other hours (past midnight too). */
export function SpecialDateForm({ officeId, onAdded }: SpecialDateFormProps) {
  const { t } = useTranslation();
  const form = useFormSubmit();
  const [draft, setDraft] = useState<SpecialDateDraft>(emptySpecialDate);
  const set = (key: keyof SpecialDateDraft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const e = form.errors;
  const id = (path: string) => fieldId(FORM_ID, path);
  // Two entries for one date would leave its hours undefined: the server answers 409.
  const explain = (error: unknown) =>
    error instanceof ApiProblem && error.status === 409 ? t('specialDates.overlap') : undefined;

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    const input = fromSpecialDraft(draft);
    const added = await form.submit(
      CalendarExceptionInput,
      input,
      async (valid) => {
        await adminApi.calendarExceptions.create(officeId, valid);
      },
      explain,
    );
    if (added) {
      setDraft(emptySpecialDate());
      onAdded(input.reason);
    }
  };

  return (
    <form className="stack" aria-labelledby={`${FORM_ID}-heading`} noValidate onSubmit={submit}>
      <h3 id={`${FORM_ID}-heading`} className="kern-heading-small">
        {t('specialDates.addHeading')}
      </h3>
      <FormAlert message={form.problem} />
      <div className="form-grid">
        <TextField
          id={id('firstDay')}
          label={t('specialDates.firstDay')}
          type="date"
          value={draft.firstDay}
          onChange={set('firstDay')}
          error={e.firstDay}
        />
        <TextField
          id={id('lastDay')}
          label={t('specialDates.lastDay')}
          hint={t('specialDates.lastDayHint')}
          type="date"
          optional
          value={draft.lastDay}
          onChange={set('lastDay')}
          error={e.lastDay}
        />
        <SelectField
          id={id('kind')}
          label={t('specialDates.kind')}
          value={draft.kind}
          onChange={(kind) => setDraft((d) => ({ ...d, kind: kind as SpecialDateDraft['kind'] }))}
          options={[
            { value: 'hours', label: t('specialDates.kinds.hours') },
            { value: 'closed', label: t('specialDates.kinds.closed') },
          ]}
          error={e.hours}
        />
        {draft.kind === 'hours' ? (
          <>
            <TextField
              id={id('hours.0.from')}
              label={t('offices.hours.from')}
              type="time"
              value={draft.from}
              onChange={set('from')}
              error={e['hours.0.from']}
            />
            <TextField
              id={id('hours.0.to')}
              label={t('offices.hours.to')}
              hint={t('specialDates.toHint', { latest: LATEST_OVERNIGHT_END })}
              type="time"
              value={draft.to}
              onChange={set('to')}
              error={e['hours.0.to']}
            />
          </>
        ) : null}
        <TextField
          id={id('reason')}
          label={t('specialDates.reason')}
          hint={t('specialDates.reasonHint')}
          value={draft.reason}
          onChange={set('reason')}
          error={e.reason}
        />
      </div>
      <div>
        <Button type="submit" disabled={form.busy}>
          {t('specialDates.add')}
        </Button>
      </div>
    </form>
  );
}
