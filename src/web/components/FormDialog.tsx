import { type FormEvent, type ReactNode, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './Button';
import { FormAlert } from './FormAlert';

interface FormDialogProps {
  /** The dialog is open while this is true. */
  open: boolean;
  id: string;
  title: string;
  submitLabel: string;
  busy: boolean;
  problem: string | null;
  /** Extra class for sizing (e.g. "transfer-dialog"). */
  className?: string;
  onSubmit(): void;
  onClose(): void;
  children: ReactNode;
}

/**
 * A small form in a native modal dialog: Escape closes it, focus stays inside, and "Cancel" comes
 * before the action, so a stray Enter on the first button does nothing irreversible.
 */
export function FormDialog(props: FormDialogProps) {
  const { open, id, title, submitLabel, busy, problem, className, onSubmit, onClose, children } = props;
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    else if (!open && dialog.open) dialog.close();
  }, [open]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <dialog
      ref={ref}
      className={`kern-dialog ${className ?? ''}`}
      aria-labelledby={`${id}-heading`}
      onClose={onClose}
    >
      <form onSubmit={submit} noValidate>
        <header className="kern-dialog__header">
          <h2 id={`${id}-heading`} className="kern-title kern-heading-small">
            {title}
          </h2>
        </header>
        <div className="kern-dialog__body">
          <FormAlert message={problem} />
          {children}
        </div>
        <footer className="kern-dialog__footer">
          <Button variant="secondary" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" disabled={busy}>
            {submitLabel}
          </Button>
        </footer>
      </form>
    </dialog>
  );
}
