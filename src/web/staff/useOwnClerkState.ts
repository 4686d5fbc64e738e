import { useState } from 'react';
import type { ClerkActivity, ClerkState, ClerkStateInput } from '../../shared/clerk-states';
import type { OfficeQueue } from '../../shared/realtime';
import { clerkStateApi } from '../api/clerk-states';

/** What the workspace shows of the clerk's own state. */
export interface OwnClerkState {
  activity: ClerkActivity;
  /** The break's expected end, or when the follow-up work ends (ISO instant). */
  until: string | null;
  reason: string | null;
}

const fromSaved = (saved: ClerkState): OwnClerkState =>
  saved.state === 'break'
    ? { activity: 'break', until: saved.until, reason: saved.reason }
    : { activity: saved.followUpUntil ? 'follow_up' : 'available', until: saved.followUpUntil, reason: null };

/** The clerk's own entry in the pushed lists of the offices they serve; none while away. */
function pushedEntry(queues: ReadonlyMap<string, OfficeQueue>, staffId: string | undefined) {
  for (const queue of queues.values()) {
    const entry = queue.clerks?.find((clerk) => clerk.staffId === staffId);
    if (entry) return { activity: entry.activity, until: entry.until, reason: entry.reason };
  }
  return undefined;
}

/**
 * The clerk's own state: the answer to their last change, or the last push of an office they serve,
 * whichever came later (the server changes it too: a call ends a break, its end begins follow-up work).
 */
export function useOwnClerkState(queues: ReadonlyMap<string, OfficeQueue>, staffId: string | undefined) {
  const [own, setOwn] = useState<OwnClerkState | null>(null);
  const pushed = pushedEntry(queues, staffId);
  const pushedKey = pushed ? JSON.stringify(pushed) : '';
  const [seenKey, setSeenKey] = useState('');
  // Adjusted while rendering when a different entry arrives, so a repeated push cannot undo a newer answer.
  if (pushedKey !== seenKey) {
    setSeenKey(pushedKey);
    if (pushed) setOwn(pushed);
  }
  return {
    own,
    /** Sends the change; the answer shows at once. Throws the server's problem. */
    save: async (input: ClerkStateInput) => setOwn(fromSaved(await clerkStateApi.set(input))),
  };
}
