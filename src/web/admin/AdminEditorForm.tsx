import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminSection } from '../auth/permissions';
import { Button } from '../components/Button';
import { FormAlert } from '../components/FormAlert';
import { FormHeading } from '../components/FormHeading';
import { sectionTextsKey } from './sections';
import type { AdminFormState } from './useAdminForm';

interface AdminEditorFormProps {
  /** Prefix of the form's ids, e.g. "office" gives the heading the id "office-form-heading". */
  id: string;
  /** Whose texts to use: <section texts>.createHeading, .editHeading and .create. */
  section: Exclude<AdminSection, 'settings' | 'outbox' | 'audit' | 'apiDocs'>;
  form: AdminFormState;
  /**
   * The name of the item being edited; undefined while creating. Editing moves focus to the
   * heading and offers to cancel.
   */
  editingName: string | undefined;
  onSubmit(): Promise<unknown>;
  children: ReactNode;
}

/** The create-or-edit form below an admin list: heading, error summary, fields, save and cancel. */
export function AdminEditorForm({
  id,
  section,
  form,
  editingName,
  onSubmit,
  children,
}: AdminEditorFormProps) {
  const { t } = useTranslation();
  const editing = editingName !== undefined;
  const texts = sectionTextsKey(section);
  const heading = editing ? t(`${texts}.editHeading`, { name: editingName }) : t(`${texts}.createHeading`);
  const headingId = `${id}-form-heading`;
  return (
    <form
      className="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit();
      }}
      aria-labelledby={headingId}
    >
      <FormHeading id={headingId} text={heading} focus={editing} />
      <FormAlert message={form.problem} />
      {children}
      <div className="button-row">
        <Button type="submit" disabled={form.busy}>
          {editing ? t('common.save') : t(`${texts}.create`)}
        </Button>
        {editing ? (
          <Button variant="secondary" onClick={form.onCancel}>
            {t('common.cancel')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
