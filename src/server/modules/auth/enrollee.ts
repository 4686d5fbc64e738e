import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context';
import { HttpProblem } from '../../http/problem';
import { staffCookie } from './cookie';
import { replaceRecoveryCodes } from './recovery-codes';
import { auditSignIn, completeSignIn, type SigningIn } from './sign-in';
import { challengeCookie, closeChallenge, failChallenge, findChallenge } from './sign-in-challenge';

export async function accountOf(ctx: AppContext, staffId: string) {
  const [row] = await ctx.db.query<SigningIn & { email: string; displayName: string }>(
    'SELECT id, tenant_id AS "tenantId", email, display_name AS "displayName" FROM staff WHERE id = $1',
    [staffId],
  );
  if (!row) throw new HttpProblem(401, 'Unauthorized', 'Please sign in');
  return row;
}

/**
 * Whoever sets up a second factor: a sign-in half-way through (password right, `challenge` set), or a
 * signed-in staff member adding one from their account.
 */
export async function enrolleeOf(ctx: AppContext, request: FastifyRequest) {
  const token = request.cookies[challengeCookie(ctx.config).name];
  const open = await findChallenge(ctx.db, token);
  if (open && token)
    return { ...(await accountOf(ctx, open.staffId)), challenge: { token, bucketKey: open.bucketKey } };
  const sessionToken = request.cookies[staffCookie(ctx.config).name];
  const staff = sessionToken ? await ctx.sessions.resolve(sessionToken) : null;
  if (!staff) throw new HttpProblem(401, 'Unauthorized', 'Please sign in');
  return { ...(await accountOf(ctx, staff.id)), challenge: undefined };
}

type Enrollee = Awaited<ReturnType<typeof enrolleeOf>>;

/** The half-done sign-in of this browser and its account; 401 when there is none (expired, spent). */
export async function pendingSignIn(ctx: AppContext, request: FastifyRequest) {
  const token = request.cookies[challengeCookie(ctx.config).name];
  const open = await findChallenge(ctx.db, token);
  if (!open || !token) {
    throw new HttpProblem(401, 'Unauthorized', 'The sign-in has expired; please enter your password again');
  }
  return { token, bucketKey: open.bucketKey, who: await accountOf(ctx, open.staffId) };
}

/**
 * A wrong answer to the second factor (code or passkey): it counts against the half-done sign-in and goes
 * to the audit trail; false once it was the last one allowed.
 */
export async function refuseAnswer(
  ctx: AppContext,
  request: FastifyRequest,
  pending: { token: string; who: SigningIn },
  reason: 'wrong-code' | 'wrong-passkey',
) {
  const more = await failChallenge(ctx.db, pending.token);
  request.log.info({ staffId: pending.who.id, decision: reason }, 'sign-in refused');
  await auditSignIn(ctx, pending.who, 'auth.sign_in_refused', reason);
  return more;
}

/** The second factor answered: the half-done sign-in ends and the session begins. */
export async function completePendingSignIn(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  who: SigningIn,
  pending: { token: string; bucketKey: string },
) {
  const cookie = challengeCookie(ctx.config);
  await closeChallenge(ctx.db, pending.token);
  reply.clearCookie(cookie.name, cookie.options);
  await completeSignIn(ctx, request, reply, who, pending.bucketKey);
}

/**
 * A factor was set up: recovery codes come with the first one (shown once; a further factor keeps the
 * codes there are), and a sign-in that waited for it completes.
 */
export async function finishEnrolment(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  who: Enrollee,
  kind: 'totp' | 'passkey',
) {
  const [codes] = await ctx.db.query<{ left: number }>(
    'SELECT count(*)::int AS left FROM staff_recovery_codes WHERE staff_id = $1 AND used_at IS NULL',
    [who.id],
  );
  const recoveryCodes = codes?.left ? [] : await replaceRecoveryCodes(ctx.db, who.id);
  await auditSignIn(ctx, who, 'auth.second_factor_enrolled', kind);
  if (who.challenge) await completePendingSignIn(ctx, request, reply, who, who.challenge);
  return { recoveryCodes };
}
