import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { BREAK_REASON_MAX } from '../../shared/clerk-states';
import { TimeOfDay } from '../../shared/fields';
import { Button } from '../components/Button';
import { FormAlert } from '../components/FormAlert';
import { TextField } from '../components/TextField';
import { useFormSubmit } from '../hooks/useFormSubmit';

/** The break form as typed: the expected end is a time of today on the clerk's device ('' for none). */
const BreakDraft = z.object({
  reason: z.string().trim().max(BREAK_REASON_MAX),
  until: z.union([TimeOfDay, z.literal('')]),
});

/** Today's instant of a time of day "HH:MM" on this device's clock and time zone. */
function todayAt(time: string): string {
  const [hours, minutes] = time.split(':').map(Number);
  const at = new Date();
  at.setHours(hours!, minutes!, 0, 0);
  return at.toISOString();
}

interface BreakFormProps {
  onStart(input: { reason: string; until: string | null }): Promise<void>;
  onCancel(): void;
}

/** Starts a break, with an optional reason and expected end that colleagues see. */
export function BreakForm({ onStart, onCancel }: BreakFormProps) {
  const { t } = useTranslation();
  const form = useFormSubmit();
  const [draft, setDraft] = useState({ reason: '', until: '' });

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    await form.submit(BreakDraft, draft, ({ reason, until }) =>
      onStart({ reason, until: until === '' ? null : todayAt(until) }),
    );
  }

  return (
    <form className="stack stack--small" noValidate onSubmit={onSubmit} aria-labelledby="break-form-heading">
      <p id="break-form-heading" className="kern-body kern-body--bold">
        {t('staff.clerkState.breakTitle')}
      </p>
      <FormAlert message={form.problem} />
      <TextField
        id="break-reason"
        label={t('staff.clerkState.reason')}
        hint={t('staff.clerkState.reasonHint', { max: BREAK_REASON_MAX })}
        optional
        maxLength={BREAK_REASON_MAX}
        value={draft.reason}
        onChange={(reason) => setDraft((old) => ({ ...old, reason }))}
        error={form.errors.reason}
      />
      <TextField
        id="break-until"
        label={t('staff.clerkState.until')}
        hint={t('staff.clerkState.untilHint')}
        optional
        type="time"
        value={draft.until}
        onChange={(until) => setDraft((old) => ({ ...old, until }))}
        error={form.errors.until}
      />
      <div className="button-row">
        <Button type="submit" disabled={form.busy}>
          {t('staff.clerkState.startBreak')}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
      </div>
    </form>
  );
}
