import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { channels } from '../../realtime/bus';
import { createMemoryBus } from '../../realtime/bus-memory';
import { hashToken } from '../../security/tokens';
import { watchSession } from './session-watch';

const RECHECK_MS = 10_000;

/** A session store whose answer the test sets: milliseconds left, null for gone, an Error for a failed read. */
function setUp(first: number | null | Error = 3_600_000) {
  const bus = createMemoryBus();
  const state = { remaining: first, reads: 0 };
  const ended: string[] = [];
  const errors: unknown[] = [];
  const stop = watchSession({
    bus,
    sessions: {
      remainingMs: async () => {
        state.reads += 1;
        if (state.remaining instanceof Error) throw state.remaining;
        return state.remaining;
      },
    },
    token: 'token-a',
    staffId: 'staff-1',
    onEnded: (reason) => ended.push(reason),
    onError: (error) => errors.push(error),
    recheckMs: RECHECK_MS,
  });
  const publish = (tokenHash: string | null) =>
    bus.publish(channels.staffSessions('staff-1'), { kind: 'session.ended', tokenHash });
  return { bus, state, ended, errors, stop, publish };
}

describe('watchSession', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ends on the event of its own session or of all sessions, not on another session of the same person', async () => {
    const watch = setUp();
    await watch.publish(hashToken('token-b'));
    await vi.advanceTimersByTimeAsync(0);
    expect(watch.ended).toEqual([]);
    await watch.publish(hashToken('token-a'));
    await vi.advanceTimersByTimeAsync(0);
    expect(watch.ended).toEqual(['session ended']);
    // Once only, and nothing is left subscribed or scheduled.
    await watch.publish(null);
    await vi.advanceTimersByTimeAsync(RECHECK_MS * 3);
    expect(watch.ended).toEqual(['session ended']);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ends when all sessions of the person end', async () => {
    const watch = setUp();
    await watch.publish(null);
    await vi.advanceTimersByTimeAsync(0);
    expect(watch.ended).toEqual(['session ended']);
  });

  it('re-reads the session periodically and ends once it is gone without any event', async () => {
    const watch = setUp();
    await vi.advanceTimersByTimeAsync(0);
    expect(watch.state.reads).toBe(1);
    await vi.advanceTimersByTimeAsync(RECHECK_MS);
    expect(watch.state.reads).toBe(2);
    expect(watch.ended).toEqual([]);
    watch.state.remaining = null; // e.g. the row was deleted by hand
    await vi.advanceTimersByTimeAsync(RECHECK_MS);
    expect(watch.ended).toEqual(['session expired']);
  });

  it('re-reads at the end the database reports, before the periodic re-check is due', async () => {
    const watch = setUp(2_000);
    await vi.advanceTimersByTimeAsync(0);
    watch.state.remaining = null;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(watch.ended).toEqual(['session expired']);
  });

  it('keeps the socket when a re-check fails, and tries again', async () => {
    const watch = setUp(new Error('database unreachable'));
    await vi.advanceTimersByTimeAsync(0);
    expect(watch.errors).toHaveLength(1);
    expect(watch.ended).toEqual([]);
    watch.state.remaining = null;
    await vi.advanceTimersByTimeAsync(RECHECK_MS);
    expect(watch.ended).toEqual(['session expired']);
  });

  it('stops listening when stopped (the socket closed)', async () => {
    const watch = setUp();
    await vi.advanceTimersByTimeAsync(0);
    watch.stop();
    await watch.publish(null);
    await vi.advanceTimersByTimeAsync(RECHECK_MS * 3);
    expect(watch.ended).toEqual([]);
    expect(watch.state.reads).toBe(1);
  });
});
