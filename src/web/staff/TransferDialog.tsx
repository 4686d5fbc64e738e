import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { staffApi } from '../api/staff';
import { Button } from '../components/Button';
import { FormAlert } from '../components/FormAlert';
import { SelectField } from '../components/SelectField';
import { TextAreaField } from '../components/TextAreaField';
import { problemMessage } from '../lib/problemMessage';

export interface TransferTarget {
  visitId: string;
  displayName: string;
  /** The office the citizen is in now; not offered as a target. */
  officeId: string;
}

interface TransferDialogProps {
  target: TransferTarget | null;
  offices: { id: string; name: string }[];
  onClose(): void;
  onDone(message: string): void;
}

/** Forward a citizen to another office with a note (a native modal dialog: Escape closes it). */
export function TransferDialog({ target, offices, onClose, onDone }: TransferDialogProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const choices = offices.filter((o) => o.id !== target?.officeId);
  const [officeId, setOfficeId] = useState('');
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (target && !dialog.open) {
      setOfficeId(offices.find((o) => o.id !== target.officeId)?.id ?? '');
      setNote('');
      setProblem(null);
      dialog.showModal();
    } else if (!target && dialog.open) {
      dialog.close();
    }
  }, [target, offices]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!target || !officeId) return;
    setBusy(true);
    try {
      await staffApi.transfer(target.visitId, officeId, note.trim());
      const office = offices.find((o) => o.id === officeId)?.name ?? '';
      onDone(t('staff.transfer.done', { name: target.displayName, office }));
    } catch (error) {
      setProblem(problemMessage(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog
      ref={ref}
      className="kern-dialog transfer-dialog"
      aria-labelledby="transfer-heading"
      onClose={onClose}
    >
      <form onSubmit={onSubmit} noValidate>
        <header className="kern-dialog__header">
          <h2 id="transfer-heading" className="kern-title kern-heading-small">
            {t('staff.transfer.title', { name: target?.displayName ?? '' })}
          </h2>
        </header>
        <div className="kern-dialog__body">
          <FormAlert message={problem} />
          {choices.length === 0 ? (
            <p className="kern-body">{t('staff.transfer.noTargets')}</p>
          ) : (
            <SelectField
              id="transfer-office"
              label={t('staff.transfer.office')}
              value={officeId}
              options={choices.map((o) => ({ value: o.id, label: o.name }))}
              onChange={setOfficeId}
            />
          )}
          <TextAreaField
            id="transfer-note"
            label={t('staff.transfer.note')}
            hint={t('staff.transfer.noteHint')}
            optional
            rows={3}
            value={note}
            onChange={setNote}
          />
        </div>
        <footer className="kern-dialog__footer">
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" disabled={busy || choices.length === 0}>
            {t('staff.transfer.submit')}
          </Button>
        </footer>
      </form>
    </dialog>
  );
}
