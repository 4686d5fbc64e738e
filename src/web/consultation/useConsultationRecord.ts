import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ProtocolSummary, RecordUpdate } from '../../shared/consultations';
import { consultationsApi } from '../api/consultations';
import { type SaveState, useAutosave } from './useAutosave';

export interface RecordState {
  consultationId: string;
  /** Notes and outcome once loaded (null before). */
  record: RecordUpdate | null;
  protocol: ProtocolSummary | null;
  loadError: unknown;
  saveState: SaveState;
  saveError: unknown;
  update(next: RecordUpdate): void;
  /** Saves what still waits, e.g. before the protocol is issued. */
  flush(): Promise<void>;
  onIssued(protocol: ProtocolSummary): void;
}

interface Loaded {
  consultationId: string;
  record: RecordUpdate;
  protocol: ProtocolSummary | null;
}

/**
 * The agent's notes and outcome of one consultation, saved as they are typed (debounced). Kept by the
 * workspace rather than by the view, so moving the notes from the call's side panel to the page when
 * the call ends neither loses a change nor reloads what was typed. Each pending save carries its
 * consultation, so notes never land in the next one.
 */
export function useConsultationRecord(consultationId: string | null): RecordState | null {
  const api = useMemo(() => consultationsApi({}), []);
  const save = useCallback(
    (value: { consultationId: string; record: RecordUpdate }) =>
      api.saveRecord(value.consultationId, value.record),
    [api],
  );
  const autosave = useAutosave(save);
  const { flush } = autosave;
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<{ consultationId: string; error: unknown } | null>(null);

  useEffect(() => {
    if (!consultationId) return;
    let cancelled = false;
    // What still waits for the previous consultation is saved (under its own id) before the next loads.
    void flush();
    api.record(consultationId).then(
      (found) => {
        if (!cancelled)
          setLoaded({
            consultationId,
            record: { notes: found.notes, outcome: found.outcome },
            protocol: found.protocol,
          });
      },
      (error: unknown) => {
        if (!cancelled) setLoadError({ consultationId, error });
      },
    );
    return () => {
      cancelled = true;
    };
  }, [api, consultationId, flush]);

  if (!consultationId) return null;
  const current = loaded?.consultationId === consultationId ? loaded : null;
  return {
    consultationId,
    record: current?.record ?? null,
    protocol: current?.protocol ?? null,
    loadError: loadError?.consultationId === consultationId ? loadError.error : null,
    saveState: autosave.state,
    saveError: autosave.error,
    update: (record) => {
      setLoaded({ consultationId, protocol: current?.protocol ?? null, record });
      autosave.change({ consultationId, record });
    },
    flush,
    onIssued: (protocol) =>
      setLoaded((before) => (before?.consultationId === consultationId ? { ...before, protocol } : before)),
  };
}
