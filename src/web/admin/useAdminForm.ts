import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import type { EditorHandlers } from '../hooks/useCrudPage';
import { useFormSubmit } from '../hooks/useFormSubmit';

/** Where an editor sends what it validated: create a new item, or update the one it edits. */
interface Writable<I> {
  create(input: I): Promise<unknown>;
  update(id: string, input: I): Promise<unknown>;
}

/** Submit state of an admin editor form, plus how it reports back to its page. */
export function useAdminForm({ onSaved, onCancel }: EditorHandlers) {
  const { t } = useTranslation();
  const form = useFormSubmit();
  /** After the server took it: "„name“ was saved", the name as the user entered it. */
  const saved = (name: string) => onSaved(t('common.saved', { name }));
  /** Validates, then creates the item or updates the edited one, then says it was saved. */
  const save = <S extends z.ZodType<{ name: string }>>(
    schema: S,
    value: unknown,
    resource: Writable<z.output<S>>,
    editing: { id: string } | null,
  ) =>
    form.submit(schema, value, async (input) => {
      await (editing ? resource.update(editing.id, input) : resource.create(input));
      saved(input.name);
    });
  return { ...form, onCancel, saved, save };
}

export type AdminFormState = ReturnType<typeof useAdminForm>;
