import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WaitingEntry } from '../../shared/realtime';
import { staffApi } from '../api/staff';
import { FormDialog } from '../components/FormDialog';
import { TextField } from '../components/TextField';
import { useAction } from '../hooks/useAction';

interface PriorityDialogProps {
  /** Open for this waiting citizen while set. */
  entry: WaitingEntry | null;
  onClose(): void;
  onDone(message: string): void;
}

/**
 * Raises a waiting citizen's priority with a reason (they count half an hour earlier in the line), or
 * takes a raised priority back. The reason is for colleagues; it stays out of the audit trail.
 */
export function PriorityDialog({ entry, onClose, onDone }: PriorityDialogProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const action = useAction();
  const { reset } = action;
  const raised = (entry?.priority ?? 0) > 0;
  useEffect(() => {
    if (entry) {
      setReason(entry.priorityReason ?? '');
      setError(undefined);
      reset();
    }
  }, [entry, reset]);

  async function submit() {
    if (!entry) return;
    if (!raised && reason.trim() === '') {
      setError(t('staff.priority.reasonMissing'));
      return;
    }
    const next = raised ? 'normal' : 'raised';
    if (await action.run(() => staffApi.setPriority(entry.visitId, next, reason.trim()))) {
      onDone(t(`staff.priority.done.${next}`, { name: entry.displayName }));
    }
  }

  return (
    <FormDialog
      open={entry !== null}
      id="priority"
      title={t(raised ? 'staff.priority.lowerTitle' : 'staff.priority.raiseTitle', {
        name: entry?.displayName ?? '',
      })}
      submitLabel={t(raised ? 'staff.priority.lower' : 'staff.priority.raise')}
      busy={action.busy}
      problem={action.problem}
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      <p className="kern-body">{t('staff.priority.text')}</p>
      {raised ? (
        <p className="kern-body">{t('staff.priority.current', { reason: entry?.priorityReason ?? '' })}</p>
      ) : (
        <TextField
          id="priority-reason"
          label={t('staff.priority.reason')}
          hint={t('staff.priority.reasonHint')}
          value={reason}
          onChange={setReason}
          error={error}
        />
      )}
    </FormDialog>
  );
}
