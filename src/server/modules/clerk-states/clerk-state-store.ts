import { MAX_BREAK_HOURS, UNTIL_PASSED, UNTIL_TOO_FAR } from '../../../shared/clerk-state-details';
import type { ClerkState, ClerkStateRequest } from '../../../shared/clerk-states';
import type { Queryable } from '../../db/client';
import { conflict, HttpProblem } from '../../http/problem';
import type { StaffPrincipal } from '../auth/sessions';

const untilProblem = (message: string) =>
  new HttpProblem(400, 'Bad Request', `Invalid body.until: ${message}`, {
    errors: [{ field: 'body.until', message }],
  });

/** A break's expected end must lie ahead of the app's now and within a shift. */
function checkUntil(until: string | null, now: Date) {
  if (until === null) return null;
  const end = new Date(until);
  if (end.getTime() <= now.getTime()) throw untilProblem(UNTIL_PASSED);
  if (end.getTime() > now.getTime() + MAX_BREAK_HOURS * 3_600_000) throw untilProblem(UNTIL_TOO_FAR);
  return end;
}

const STATE_COLUMNS = `state, break_reason AS reason, break_until AS until, follow_up_until AS "followUpUntil"`;

interface StateRow {
  state: ClerkState['state'];
  reason: string | null;
  until: Date | null;
  followUpUntil: Date | null;
}

const stateOf = (row: StateRow): ClerkState => ({
  state: row.state,
  reason: row.reason,
  until: row.until?.toISOString() ?? null,
  followUpUntil: row.followUpUntil?.toISOString() ?? null,
});

/**
 * The clerk sets their state. Either choice ends the follow-up work: "available" is the "bereit" that
 * ends it early, and a break is no work on the last case. A break waits for the end of a call (the
 * next call ends a break anyway). `now` is the app's clock.
 */
export async function saveClerkState(
  db: Queryable,
  agent: StaffPrincipal,
  request: ClerkStateRequest,
  now: Date,
): Promise<ClerkState> {
  const onBreak = request.state === 'break';
  const until = onBreak ? checkUntil(request.until, now) : null;
  if (onBreak && (await inCall(db, agent.id))) throw conflict('A break begins after the call has ended');
  const reason = onBreak && request.reason !== '' ? request.reason : null;
  const [row] = await db.query<StateRow>(
    `INSERT INTO clerk_states (staff_id, tenant_id, state, break_reason, break_until) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (staff_id) DO UPDATE SET state = $3, break_reason = $4, break_until = $5, follow_up_until = NULL
     RETURNING ${STATE_COLUMNS}`,
    [agent.id, agent.tenantId, request.state, reason, until],
  );
  return stateOf(row!);
}

const inCall = async (db: Queryable, staffId: string) =>
  (await db.query('SELECT 1 FROM consultations WHERE agent_id = $1 AND ended_at IS NULL', [staffId])).length >
  0;

/** The offices the clerk serves now: their chairs there change with the clerk's state. */
export async function presenceOffices(db: Queryable, staffId: string): Promise<string[]> {
  const rows = await db.query<{ officeId: string }>(
    'SELECT office_id AS "officeId" FROM agent_presence WHERE staff_id = $1',
    [staffId],
  );
  return rows.map((row) => row.officeId);
}
