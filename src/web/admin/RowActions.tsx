import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../components/Button';

interface RowActionsProps {
  /** The item's name, so each button says what it acts on to screen readers. */
  name: string;
  onEdit(): void;
  onDelete(): void;
  /** Further actions, placed between edit and delete. */
  children?: ReactNode;
}

/** Edit and delete of one admin item. */
export function RowActions({ name, onEdit, onDelete, children }: RowActionsProps) {
  const { t } = useTranslation();
  return (
    <span className="button-row">
      <Button variant="secondary" small onClick={onEdit} aria-label={t('common.editNamed', { name })}>
        {t('common.edit')}
      </Button>
      {children}
      <Button variant="tertiary" small onClick={onDelete} aria-label={t('common.deleteNamed', { name })}>
        {t('common.delete')}
      </Button>
    </span>
  );
}
