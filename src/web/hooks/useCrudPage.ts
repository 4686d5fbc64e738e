import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemMessage } from '../lib/problemMessage';
import { useLoad } from './useLoad';

/** How an editor form hands control back to its page. */
export interface EditorHandlers {
  onSaved(message: string): void;
  onCancel(): void;
}

/** List, "which item is being edited", success status and list-level errors of one admin page. */
export function useCrudPage<T extends { id: string }>(load: () => Promise<T[]>) {
  const { t } = useTranslation();
  const list = useLoad(load);
  const [editing, setEditing] = useState<T | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  /** After a successful save: say so, leave edit mode, reload the list. */
  async function saved(message: string) {
    setEditing(null);
    setProblem(null);
    setStatus(message);
    setVersion((v) => v + 1);
    await list.reload();
  }

  /**
   * Asks, deletes and reloads; a refusal of the server is shown above the list. `texts` are the keys of
   * the question and the success message, for removals that are not called deleting (revoking a key).
   * Returns whether the item is gone.
   */
  async function remove(
    item: T,
    name: string,
    run: (id: string) => Promise<void>,
    texts = { confirm: 'common.confirmDelete', done: 'common.deleted' },
  ) {
    if (!window.confirm(t(texts.confirm, { name }))) return false;
    try {
      await run(item.id);
      if (editing?.id === item.id) setEditing(null);
      setProblem(null);
      setStatus(t(texts.done, { name }));
      await list.reload();
      return true;
    } catch (error) {
      setStatus(null);
      setProblem(problemMessage(error, t));
      return false;
    }
  }

  function edit(item: T | null) {
    setStatus(null);
    setEditing(item);
  }

  const loadProblem = list.error ? problemMessage(list.error, t) : null;
  return {
    items: list.data,
    reload: list.reload,
    editing,
    edit,
    /** A React key for the form: a fresh, empty form after each save and per edited item. */
    formKey: `${editing?.id ?? 'new'}-${version}`,
    editor: {
      onSaved: (message) => void saved(message),
      onCancel: () => edit(null),
    } satisfies EditorHandlers,
    status,
    problem: problem ?? loadProblem,
    setProblem,
    saved,
    remove,
  };
}
