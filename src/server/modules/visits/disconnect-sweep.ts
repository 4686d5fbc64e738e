import type { Db, Queryable } from '../../db/client';
import { type JobHandler, scheduleSingleton } from '../../jobs/queue';
import { reapDeadProcesses, settleUnconnected } from './citizen-sockets';
import { expirePresences } from './presence-expiry';
import { endSetAsideOfEarlierDays } from './set-aside-expiry';
import type { VisitEvents } from './visit-events';
import type { VisitStore } from './visit-store';

export const DISCONNECT_SWEEP_JOB = 'visits.disconnect-sweep';
const EVERY_SECONDS = 60;

/** Plans the next sweep unless one is already pending. */
export const scheduleDisconnectSweep = (db: Queryable, delaySeconds = 0) =>
  scheduleSingleton(db, DISCONNECT_SWEEP_JOB, delaySeconds);

export interface DisconnectSweepDeps {
  db: Db;
  visits: VisitStore;
  visitEvents: VisitEvents;
  graceMinutes: number;
  onError: (error: unknown) => void;
}

/**
 * Every minute: forgets the sockets of server processes that died, announces agents' expired presences,
 * marks the citizens left without any socket as disconnected, and removes from the queues the waiting
 * citizens disconnected for longer than the grace period and the walk-ins whose page never connected by
 * their deadline (status 'left', audited as done by the system), so agents do not call ghosts and
 * scripts do not keep places; and ends parked and missed visits of earlier days.
 */
export function createDisconnectSweepJob(deps: DisconnectSweepDeps): JobHandler {
  return async () => {
    // A failed round is simply repeated a minute later: a retry with back-off would only delay that.
    try {
      await sweep(deps);
    } catch (error) {
      deps.onError(error);
    }
    // This run is locked, so it does not count as waiting: its successor can be planned now.
    await scheduleDisconnectSweep(deps.db, EVERY_SECONDS);
  };
}

async function sweep({ db, visits, visitEvents, graceMinutes }: DisconnectSweepDeps) {
  await reapDeadProcesses(db);
  await visitEvents.citizenFlipped(await settleUnconnected(db));
  // Agents whose workspace went quiet: their offices' served and free chairs drop, for citizens too.
  await visitEvents.officeChanged(await expirePresences(db), []);
  const overdue = await db.query<{ id: string }>(
    `SELECT id FROM visits
      WHERE status = 'waiting' AND (disconnected_at < now() - make_interval(mins => $1) OR connect_by < now())`,
    [graceMinutes],
  );
  for (const { id } of overdue) {
    const change = await visits.removeAbandoned(id, graceMinutes);
    if (change.officeIds.length > 0) await visitEvents.published(change);
  }
  for (const { id, officeId } of await endSetAsideOfEarlierDays(db)) {
    await visitEvents.published({ visitId: id, officeIds: [officeId] });
  }
}
