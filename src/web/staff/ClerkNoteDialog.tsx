import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffApi } from '../api/staff';
import { FormDialog } from '../components/FormDialog';
import { TextAreaField } from '../components/TextAreaField';
import { useAction } from '../hooks/useAction';

/** Sending the citizen back for a moment, or parking the case: both with a note the citizen reads. */
export type SetAsideKind = 'sendBack' | 'park';

interface ClerkNoteDialogProps {
  /** Open for this call while set. */
  target: { consultationId: string; displayName: string; kind: SetAsideKind } | null;
  onClose(): void;
  onDone(message: string): void;
}

/** Asks for the note to the citizen, then sends them back to the waiting room or parks the case. */
export function ClerkNoteDialog({ target, onClose, onDone }: ClerkNoteDialogProps) {
  const { t } = useTranslation();
  const [note, setNote] = useState('');
  const action = useAction();
  const { reset } = action;
  useEffect(() => {
    if (target) {
      setNote('');
      reset();
    }
  }, [target, reset]);
  const kind = target?.kind ?? 'sendBack';
  const name = target?.displayName ?? '';

  async function submit() {
    if (!target) return;
    const send = kind === 'park' ? staffApi.park : staffApi.sendBack;
    if (await action.run(() => send(target.consultationId, note.trim()))) {
      onDone(t(`staff.setAside.${kind}.done`, { name }));
    }
  }

  return (
    <FormDialog
      open={target !== null}
      id="clerk-note"
      title={t(`staff.setAside.${kind}.title`, { name })}
      submitLabel={t(`staff.setAside.${kind}.submit`)}
      busy={action.busy}
      problem={action.problem}
      onSubmit={() => void submit()}
      onClose={onClose}
    >
      <p className="kern-body">{t(`staff.setAside.${kind}.text`)}</p>
      <TextAreaField
        id="clerk-note-text"
        label={t('staff.setAside.note')}
        hint={t('staff.setAside.noteHint')}
        optional
        rows={3}
        value={note}
        onChange={setNote}
      />
    </FormDialog>
  );
}
