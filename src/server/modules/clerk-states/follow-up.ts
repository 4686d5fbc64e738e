import type { Db, Queryable } from '../../db/client';
import { enqueueJob, type JobHandler } from '../../jobs/queue';
import { presenceOffices } from './clerk-state-store';

export const FOLLOW_UP_OVER_JOB = 'clerks.follow-up-over';

/**
 * How a consultation ended when follow-up work follows: a case was worked on. Not after a no-show
 * (nothing to note down) nor after sending the citizen back for a moment (the clerk calls them back).
 */
const FOLLOW_UP_AFTER = ['completed', 'transferred', 'citizen_left', 'parked'];

/**
 * The clerk's call ended: their follow-up work runs for the office's minutes (else the authority's),
 * measured by the app's clock `now`; a job ends it then. A break the clerk set during the call comes
 * instead. Returns whether follow-up work began.
 */
export function startFollowUp(db: Db, ended: { id: string; agentId: string }, now: Date) {
  return db.transaction(async (tx) => {
    const [found] = await tx.query<{ minutes: number }>(
      `SELECT coalesce(o.follow_up_minutes, t.follow_up_minutes) AS minutes
         FROM consultations c JOIN offices o ON o.id = c.office_id JOIN tenants t ON t.id = c.tenant_id
        WHERE c.id = $1 AND c.end_reason = ANY($2::text[])`,
      [ended.id, FOLLOW_UP_AFTER],
    );
    if (!found || found.minutes === 0) return false;
    const until = new Date(now.getTime() + found.minutes * 60_000);
    const started = await tx.query(
      `INSERT INTO clerk_states (staff_id, tenant_id, follow_up_until)
         SELECT id, tenant_id, $2 FROM staff WHERE id = $1
       ON CONFLICT (staff_id) DO UPDATE SET follow_up_until = $2 WHERE clerk_states.state = 'available'
       RETURNING 1`,
      [ended.agentId, until],
    );
    if (started.length === 0) return false;
    // The job queue keeps the database's time: it is told the distance, never the app clock's instant.
    await enqueueJob(
      tx,
      FOLLOW_UP_OVER_JOB,
      { staffId: ended.agentId, until: until.toISOString() },
      found.minutes * 60,
    );
    return true;
  });
}

/** The clerk called someone: back to work, whatever break or follow-up work they had. */
export async function backToWork(db: Queryable, staffId: string) {
  await db.query(
    `UPDATE clerk_states SET state = 'available', break_reason = NULL, break_until = NULL, follow_up_until = NULL
      WHERE staff_id = $1`,
    [staffId],
  );
}

export interface FollowUpOverDeps {
  db: Db;
  /** The app's clock. */
  clock: () => Date;
  /** The offices' figures changed (`[]`: no visit moved, only the clerk's chair). */
  officeChanged: (officeIds: string[], visitIds?: string[]) => Promise<unknown>;
}

/**
 * The follow-up work is over: the clerk is free again in every office they serve. A job for follow-up
 * work that was ended or replaced meanwhile finds another `until` and does nothing; one that the
 * database's clock made due before the app's waits for the rest.
 */
export function createFollowUpOverJob({ db, clock, officeChanged }: FollowUpOverDeps): JobHandler {
  return async (payload) => {
    const staffId = String(payload.staffId);
    const until = new Date(String(payload.until));
    const ended = await db.query(
      `UPDATE clerk_states SET follow_up_until = NULL
        WHERE staff_id = $1 AND follow_up_until = $2 AND follow_up_until <= $3 RETURNING 1`,
      [staffId, until, clock()],
    );
    if (ended.length > 0) return void (await officeChanged(await presenceOffices(db, staffId), []));
    const pending = await db.query(
      'SELECT 1 FROM clerk_states WHERE staff_id = $1 AND follow_up_until = $2',
      [staffId, until],
    );
    const rest = Math.ceil((until.getTime() - clock().getTime()) / 1000);
    if (pending.length > 0) await enqueueJob(db, FOLLOW_UP_OVER_JOB, payload, Math.max(rest, 1));
  };
}
