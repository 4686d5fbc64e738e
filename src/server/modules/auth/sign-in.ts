import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LoginStep } from '../../../shared/auth';
import type { AppContext } from '../../context';
import { recordAuditNow } from '../audit/audit-log';
import { staffCookie } from './cookie';
import { deviceCookie, rememberDevice } from './devices';
import { clear } from './throttle';

export interface SigningIn {
  id: string;
  tenantId: string;
}

/** Sign-in decisions go to the authority's audit trail. */
export const auditSignIn = (ctx: AppContext, who: SigningIn, action: string, reason?: string) =>
  recordAuditNow(ctx.db, {
    tenantId: who.tenantId,
    actor: `staff:${who.id}`,
    action,
    object: `staff:${who.id}`,
    ...(reason ? { details: { reason } } : {}),
  });

/**
 * The end of every successful sign-in (password alone, or password and second factor): the throttle
 * bucket is forgotten, a browser new to the account is remembered, the session cookie set.
 */
export async function completeSignIn(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  who: SigningIn,
  bucketKey: string,
) {
  await clear(ctx.db, bucketKey);
  // A sign-in counted against the e-mail came from a browser the account did not know yet.
  if (bucketKey.startsWith('account:')) {
    const device = deviceCookie(ctx.config);
    reply.setCookie(device.name, await rememberDevice(ctx.db, who.id), device.options);
  }
  const cookie = staffCookie(ctx.config);
  reply.setCookie(cookie.name, await ctx.sessions.create(who.id), cookie.options);
  request.log.info({ staffId: who.id, decision: 'ok' }, 'signed in');
  await auditSignIn(ctx, who, 'auth.signed_in');
}

/** Whether the authority asks this account for a second factor, and whether it has one set up. */
export async function secondFactorOf(ctx: AppContext, staffId: string) {
  const [row] = await ctx.db.query<{ required: boolean; totp: boolean; passkey: boolean }>(
    // The data-protection officer reads every citizen's records on request: a factor, as for admins.
    `SELECT (t.second_factor = 'everyone' OR s.role IN ('admin', 'privacy')) AS required,
            EXISTS (SELECT 1 FROM staff_totp f WHERE f.staff_id = s.id AND f.confirmed_at IS NOT NULL) AS totp,
            EXISTS (SELECT 1 FROM staff_passkeys p WHERE p.staff_id = s.id) AS passkey
       FROM staff s JOIN tenants t ON t.id = s.tenant_id WHERE s.id = $1`,
    [staffId],
  );
  return { required: row?.required ?? false, totp: row?.totp ?? false, passkey: row?.passkey ?? false };
}

/**
 * After the password: the factor's step when one is set up (required or not; a passkey is offered on
 * it), its set-up when due but missing, else nothing.
 */
export function nextStep(factor: {
  required: boolean;
  totp: boolean;
  passkey: boolean;
}): LoginStep | undefined {
  if (factor.totp || factor.passkey)
    return { next: 'code', ...(factor.passkey ? { passkey: true as const } : {}) };
  return factor.required ? { next: 'enrol' } : undefined;
}
