import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WaitingEntry } from '../../shared/realtime';
import { staffApi } from '../api/staff';
import { Button } from '../components/Button';
import { FormAlert } from '../components/FormAlert';
import { problemMessage } from '../lib/problemMessage';

interface RemoveVisitsDialogProps {
  officeId: string;
  /** The entries to remove; the dialog is open while this is set. */
  entries: WaitingEntry[] | null;
  onClose(): void;
  onDone(message: string): void;
}

/**
 * Asks once before the chosen entries leave the queue (a native modal dialog: Escape closes it, and
 * "Cancel" comes first, so a stray Enter removes nobody). The citizens' pages say neutrally that their
 * entry was removed; each removal goes into the audit trail.
 */
export function RemoveVisitsDialog({ officeId, entries, onClose, onDone }: RemoveVisitsDialogProps) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const count = entries?.length ?? 0;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (entries && !dialog.open) {
      setProblem(null);
      dialog.showModal();
    } else if (!entries && dialog.open) {
      dialog.close();
    }
  }, [entries]);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (!entries) return;
    setBusy(true);
    try {
      const removed = await staffApi.removeVisits(
        officeId,
        entries.map((e) => e.visitId),
      );
      onDone(t('staff.remove.done', { count: removed.visitIds.length }));
    } catch (error) {
      setProblem(problemMessage(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog
      ref={ref}
      className="kern-dialog remove-dialog"
      aria-labelledby={`remove-heading-${officeId}`}
      onClose={onClose}
    >
      <form onSubmit={onSubmit} noValidate>
        <header className="kern-dialog__header">
          <h2 id={`remove-heading-${officeId}`} className="kern-title kern-heading-small">
            {t('staff.remove.title', { count })}
          </h2>
        </header>
        <div className="kern-dialog__body">
          <FormAlert message={problem} />
          <ul className="kern-list">
            {entries?.map((entry) => (
              <li key={entry.visitId}>
                <bdi>{entry.displayName}</bdi>
              </li>
            ))}
          </ul>
          <p className="kern-body">{t('staff.remove.text')}</p>
        </div>
        <footer className="kern-dialog__footer">
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" disabled={busy || count === 0}>
            {t('staff.remove.submit', { count })}
          </Button>
        </footer>
      </form>
    </dialog>
  );
}
