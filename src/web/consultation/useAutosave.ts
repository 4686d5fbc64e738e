import { useCallback, useEffect, useRef, useState } from 'react';

export type SaveState = 'idle' | 'pending' | 'saving' | 'saved' | 'failed';

/**
 * Saves a value a while after the last change (debounced), and at once on flush() or unmount.
 * `save` must be stable for the hook's lifetime.
 */
export function useAutosave<T>(save: (value: T) => Promise<unknown>, delayMs = 800) {
  const [state, setState] = useState<SaveState>('idle');
  const [error, setError] = useState<unknown>(null);
  const pending = useRef<{ value: T } | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const saveRef = useRef(save);
  saveRef.current = save;
  const mounted = useRef(true);

  const flush = useCallback(async () => {
    clearTimeout(timer.current);
    const next = pending.current;
    if (!next) return;
    pending.current = null;
    if (mounted.current) setState('saving');
    try {
      await saveRef.current(next.value);
      if (mounted.current && !pending.current) setState('saved');
    } catch (problem) {
      if (mounted.current) {
        setError(problem);
        setState('failed');
      }
    }
  }, []);

  const change = useCallback(
    (value: T) => {
      pending.current = { value };
      setState('pending');
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void flush(), delayMs);
    },
    [delayMs, flush],
  );

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
      void flush();
    };
  }, [flush]);

  return { state, error, change, flush };
}
