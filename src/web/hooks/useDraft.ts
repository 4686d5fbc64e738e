import { useState } from 'react';

/** An editor's working copy, with a setter per field: set('name')(value). */
export function useDraft<T extends object>(initial: () => T) {
  const [draft, setDraft] = useState<T>(initial);
  const set =
    <K extends keyof T>(key: K) =>
    (value: T[K]) =>
      setDraft((d) => ({ ...d, [key]: value }));
  return { draft, setDraft, set };
}
