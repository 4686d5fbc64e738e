import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LoginRequest, Me } from '../../../shared/auth';
import type { AppContext } from '../../context';
import { HttpProblem } from '../../http/problem';
import { recordAuditNow } from '../audit/audit-log';
import { staffCookie } from './cookie';
import { deviceCookie, knownDevice } from './devices';
import { principal, requireStaff } from './guard';
import { providerLogoutUrl } from './oidc/routes';
import { timingDummyHash, verifyPassword } from './passwords';
import { auditSignIn, completeSignIn, nextStep, secondFactorOf } from './sign-in';
import { challengeCookie, openChallenge } from './sign-in-challenge';
import { ACCOUNT_BUCKET, accountKey, admit, DEVICE_BUCKET, deviceKey } from './throttle';

interface LoginRow {
  id: string;
  tenantId: string;
  /** null: an account of the identity provider, which has no password here. */
  password_hash: string | null;
  active: boolean;
  /** Whether the authority lets its staff sign in with passwords (or only through its provider). */
  passwords: boolean;
}

export const authRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const cookie = staffCookie(ctx.config);
  const device = deviceCookie(ctx.config);
  const challenge = challengeCookie(ctx.config);
  const invalid = () => new HttpProblem(401, 'Unauthorized', 'E-mail or password is wrong');

  app.post('/auth/login', { schema: { body: LoginRequest } }, async (request, reply) => {
    const email = request.body.email.toLowerCase();
    // An address is unique within an authority; a person working for several has an account in each.
    const rows = await ctx.db.query<LoginRow>(
      `SELECT s.id, s.tenant_id AS "tenantId", s.password_hash, s.active, t.password_sign_in AS passwords
         FROM staff s JOIN tenants t ON t.id = s.tenant_id
        WHERE s.email = $1 AND ($2::text IS NULL OR t.slug = $2) ORDER BY s.created_at`,
      [email, request.body.authority ?? null],
    );
    // A known browser of one of these accounts counts on its own, so strangers guessing cannot lock its
    // holder out; every other attempt counts against the e-mail as typed, whether an account has it or not.
    let deviceHash: string | undefined;
    for (const row of rows) deviceHash ??= await knownDevice(ctx.db, row.id, request.cookies[device.name]);
    const bucketKey = deviceHash ? deviceKey(deviceHash) : accountKey(email);
    const admission = await admit(ctx.db, bucketKey, deviceHash ? DEVICE_BUCKET : ACCOUNT_BUCKET);
    if (!admission.admitted) {
      request.log.info({ staffIds: rows.map((r) => r.id), decision: 'throttled' }, 'sign-in refused');
      for (const row of rows) await auditSignIn(ctx, row, 'auth.sign_in_refused', 'throttled');
      reply.header('retry-after', String(admission.retryAfterSeconds));
      throw new HttpProblem(
        429,
        'Too Many Requests',
        `Too many sign-in attempts. Try again in ${admission.retryAfterSeconds} s.`,
      );
    }
    if (rows.length === 0) {
      await verifyPassword(await timingDummyHash(), request.body.password);
      request.log.info({ decision: 'unknown-account' }, 'sign-in refused');
      throw invalid();
    }
    // Each account's own password decides which one this is.
    const accepted: LoginRow[] = [];
    for (const row of rows) {
      const passwordOk = await verifyPassword(
        row.password_hash ?? (await timingDummyHash()),
        request.body.password,
      );
      if (passwordOk && row.active && row.passwords && row.password_hash !== null) {
        accepted.push(row);
        continue;
      }
      const reason = !passwordOk ? 'wrong-password' : !row.active ? 'disabled' : 'passwords-off';
      request.log.info({ staffId: row.id, decision: reason }, 'sign-in refused');
      await auditSignIn(ctx, row, 'auth.sign_in_refused', reason);
    }
    if (accepted.length === 0) throw invalid();
    if (accepted.length > 1) {
      // Only someone with the right password gets here: the same one in several authorities.
      throw new HttpProblem(
        409,
        'Conflict',
        'Several authorities know this address: sign in at your authority’s own sign-in address',
        {
          reason: 'authority-needed',
        },
      );
    }
    const row = accepted[0]!;
    const next = nextStep(await secondFactorOf(ctx, row.id));
    if (!next) {
      await completeSignIn(ctx, request, reply, row, bucketKey);
      return reply.code(204).send();
    }
    // The bucket stays counted until the second factor is through: knowing the password alone buys
    // no more attempts at the code.
    reply.setCookie(
      challenge.name,
      await openChallenge(ctx.db, { staffId: row.id, bucketKey }),
      challenge.options,
    );
    request.log.info({ staffId: row.id, decision: `second-factor-${next.next}` }, 'password accepted');
    return next;
  });

  app.post('/auth/logout', async (request, reply) => {
    const token = request.cookies[cookie.name];
    const staff = token ? await ctx.sessions.resolve(token) : null;
    const ended = token ? await ctx.sessions.end(token) : undefined;
    if (staff) {
      await recordAuditNow(ctx.db, {
        tenantId: staff.tenantId,
        actor: `staff:${staff.id}`,
        action: 'auth.signed_out',
      });
    }
    reply.clearCookie(cookie.name, cookie.options);
    // A session from the identity provider: the browser goes on to end the provider's session too.
    const redirect =
      staff && ended?.idToken
        ? await providerLogoutUrl(ctx, staff.tenantId, ended.idToken).catch((error: unknown) => {
            request.log.warn({ err: error }, 'identity provider logout address unavailable');
            return undefined;
          })
        : undefined;
    if (redirect) return { redirect };
    return reply.code(204).send();
  });

  app.get(
    '/auth/me',
    { preHandler: requireStaff(ctx), schema: { response: { 200: Me } } },
    async (request) => {
      const me = principal(request);
      const [row] = await ctx.db.query<Me>(
        `SELECT s.id, s.email, s.display_name AS "displayName", s.role, s.unit_id AS "unitId",
              json_build_object('id', t.id, 'slug', t.slug, 'name', t.name) AS tenant
         FROM staff s JOIN tenants t ON t.id = s.tenant_id WHERE s.id = $1`,
        [me.id],
      );
      return row;
    },
  );
};
