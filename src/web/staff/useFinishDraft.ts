import { useEffect, useState } from 'react';
import type { Outcome } from '../../shared/consultations';
import { type FinishForm, type FinishRequest, MAX_SERVICE_COUNT } from '../../shared/finish';
import { finishApi } from '../api/finish';
import { staffApi } from '../api/staff';

/** How often each offered service was performed, as typed ("" for none). */
export type Counts = Record<string, string>;

export interface FinishDraft {
  consultationId: string;
  /** The offered services and what was recorded, once loaded. */
  form: FinishForm | null;
  counts: Counts;
  /** Counts were changed since they were loaded or saved. */
  dirty: boolean;
  loadError: unknown;
  setCount(serviceId: string, value: string): void;
  /** A typed count that cannot be sent (not a whole number from 0 to the maximum). */
  invalid(value: string): boolean;
  /** Records the counts and the outcome (of the notes beside them). */
  save(outcome: Outcome | null): Promise<void>;
  /** Ends the live call, with the counts and outcome when the clerk filled anything in. */
  endCall(outcome: Outcome | null): Promise<unknown>;
}

const countsOf = (form: FinishForm): Counts =>
  Object.fromEntries(
    form.services.map((s) => [s.id, String(form.performed.find((p) => p.serviceId === s.id)?.count ?? '')]),
  );

const invalid = (value: string) =>
  value !== '' && (!/^\d+$/.test(value) || Number(value) > MAX_SERVICE_COUNT);

/**
 * The finish form of one consultation (services performed with their counts), kept by the workspace
 * like the notes: filled in during the call (its tab) or after it (below the notes), sent with the
 * end of the call or saved on its own.
 */
export function useFinishDraft(consultationId: string | null): FinishDraft | null {
  const [loaded, setLoaded] = useState<{ consultationId: string; form: FinishForm } | null>(null);
  const [counts, setCounts] = useState<Counts>({});
  const [dirty, setDirty] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);

  useEffect(() => {
    if (!consultationId) return;
    let cancelled = false;
    setLoadError(null);
    finishApi.form(consultationId).then(
      (form) => {
        if (cancelled) return;
        setLoaded({ consultationId, form });
        setCounts(countsOf(form));
        setDirty(false);
      },
      (error: unknown) => {
        if (!cancelled) setLoadError(error);
      },
    );
    return () => {
      cancelled = true;
    };
  }, [consultationId]);

  if (!consultationId) return null;
  const form = loaded?.consultationId === consultationId ? loaded.form : null;
  const request = (outcome: Outcome | null): FinishRequest => ({
    services: Object.entries(counts)
      .filter(([, value]) => Number(value) > 0)
      .map(([serviceId, value]) => ({ serviceId, count: Number(value) })),
    outcome,
  });
  return {
    consultationId,
    form,
    counts: form ? counts : {},
    dirty,
    loadError,
    setCount: (serviceId, value) => {
      setCounts((before) => ({ ...before, [serviceId]: value }));
      setDirty(true);
    },
    invalid,
    save: async (outcome) => {
      const saved = await finishApi.record(consultationId, request(outcome));
      setLoaded({ consultationId, form: saved });
      setCounts(countsOf(saved));
      setDirty(false);
    },
    endCall: async (outcome) => {
      // Untouched (or not loaded yet, or not sendable): the call ends as it always did.
      if (!form || !dirty || Object.values(counts).some(invalid)) return staffApi.end(consultationId);
      const ended = await finishApi.end(consultationId, request(outcome));
      setDirty(false);
      return ended;
    },
  };
}
