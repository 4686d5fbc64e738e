import { channels, type EventBus } from '../../realtime/bus';
import { hashToken } from '../../security/tokens';
import type { SessionStore } from './sessions';

/**
 * How often an open staff socket re-reads its session at the latest. The bus ends it at once on
 * sign-out and admin actions; this catches what sends no event: a Redis message lost in a reconnect,
 * a session row deleted by hand or by the retention sweep.
 */
export const SESSION_RECHECK_MS = 60_000;
/** A session ending "in 3 ms" by the database's clock is re-read no sooner than this. */
const MIN_RECHECK_MS = 250;

export interface SessionWatch {
  bus: EventBus;
  sessions: Pick<SessionStore, 'remainingMs'>;
  token: string;
  staffId: string;
  /** Called once when the session is gone; the watch has already stopped. */
  onEnded: (reason: 'session ended' | 'session expired') => void;
  /** A failed re-check (database unreachable) keeps the socket and retries later. */
  onError: (error: unknown) => void;
  recheckMs?: number;
}

/**
 * Watches one staff socket's session: ends it when the session is ended anywhere (bus), and when it
 * runs out by idle or absolute timeout (a timer set to the end the database reports, re-read at least
 * every recheckMs). Returns the function that stops watching.
 */
export function watchSession(watch: SessionWatch): () => void {
  const { token, recheckMs = SESSION_RECHECK_MS } = watch;
  const tokenHash = hashToken(token);
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const unsubscribe = watch.bus.subscribe(channels.staffSessions(watch.staffId), (event) => {
    if (event.kind !== 'session.ended') return;
    if (event.tokenHash === null || event.tokenHash === tokenHash) end('session ended');
  });
  function stop() {
    stopped = true;
    clearTimeout(timer);
    unsubscribe();
  }
  function end(reason: 'session ended' | 'session expired') {
    if (stopped) return;
    stop();
    watch.onEnded(reason);
  }
  const later = (ms: number) => {
    if (!stopped) timer = setTimeout(recheck, Math.min(Math.max(ms, MIN_RECHECK_MS), recheckMs));
  };
  function recheck() {
    watch.sessions.remainingMs(token).then(
      (remaining) => {
        if (stopped) return;
        if (remaining === null) return end('session expired');
        later(remaining);
      },
      (error: unknown) => {
        watch.onError(error);
        later(recheckMs);
      },
    );
  }
  // Read once right after subscribing: a session ended between hello's check and the subscription
  // sent its event before anyone listened.
  recheck();
  return stop;
}
