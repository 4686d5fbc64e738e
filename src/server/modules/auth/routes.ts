import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { LoginRequest, Me } from '../../../shared/auth';
import type { AppContext } from '../../context';
import { HttpProblem } from '../../http/problem';
import { recordAuditNow } from '../audit/audit-log';
import { staffCookie } from './cookie';
import { principal, requireStaff } from './guard';
import { lockDurationMs } from './lockout';
import { timingDummyHash, verifyPassword } from './passwords';

interface LoginRow {
  id: string;
  tenantId: string;
  password_hash: string;
  active: boolean;
  failed_logins: number;
  locked_ms: number;
}

export const authRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const cookie = staffCookie(ctx.config);
  const invalid = () => new HttpProblem(401, 'Unauthorized', 'E-mail or password is wrong');
  /** Sign-in decisions go to the authority's audit trail; an unknown e-mail has no authority and is only logged. */
  const audit = (row: LoginRow, action: string, reason?: string) =>
    recordAuditNow(ctx.db, {
      tenantId: row.tenantId,
      actor: `staff:${row.id}`,
      action,
      object: `staff:${row.id}`,
      ...(reason ? { details: { reason } } : {}),
    });

  app.post('/auth/login', { schema: { body: LoginRequest } }, async (request, reply) => {
    const email = request.body.email.toLowerCase();
    const [row] = await ctx.db.query<LoginRow>(
      `SELECT id, tenant_id AS "tenantId", password_hash, active, failed_logins,
              greatest(0, extract(epoch FROM locked_until - now()) * 1000)::float8 AS locked_ms
         FROM staff WHERE email = $1`,
      [email],
    );
    if (!row) {
      await verifyPassword(await timingDummyHash(), request.body.password);
      request.log.info({ decision: 'unknown-account' }, 'sign-in refused');
      throw invalid();
    }
    if (row.locked_ms > 0) {
      const seconds = Math.ceil(row.locked_ms / 1000);
      request.log.info({ staffId: row.id, decision: 'locked' }, 'sign-in refused');
      await audit(row, 'auth.sign_in_refused', 'locked');
      reply.header('retry-after', String(seconds));
      throw new HttpProblem(429, 'Too Many Requests', `Too many failed sign-ins. Try again in ${seconds} s.`);
    }
    const passwordOk = await verifyPassword(row.password_hash, request.body.password);
    if (!passwordOk || !row.active) {
      if (!passwordOk) {
        const failed = row.failed_logins + 1;
        await ctx.db.query(
          `UPDATE staff SET failed_logins = $2,
             locked_until = CASE WHEN $3 > 0 THEN now() + make_interval(secs => $3::double precision / 1000) END
           WHERE id = $1`,
          [row.id, failed, lockDurationMs(failed)],
        );
      }
      request.log.info(
        { staffId: row.id, decision: passwordOk ? 'disabled' : 'wrong-password' },
        'sign-in refused',
      );
      await audit(row, 'auth.sign_in_refused', passwordOk ? 'disabled' : 'wrong-password');
      throw invalid();
    }
    await ctx.db.query('UPDATE staff SET failed_logins = 0, locked_until = NULL WHERE id = $1', [row.id]);
    const token = await ctx.sessions.create(row.id);
    request.log.info({ staffId: row.id, decision: 'ok' }, 'signed in');
    await audit(row, 'auth.signed_in');
    reply.setCookie(cookie.name, token, cookie.options);
    return reply.code(204).send();
  });

  app.post('/auth/logout', async (request, reply) => {
    const token = request.cookies[cookie.name];
    const staff = token ? await ctx.sessions.resolve(token) : null;
    if (token) await ctx.sessions.end(token);
    if (staff) {
      await recordAuditNow(ctx.db, {
        tenantId: staff.tenantId,
        actor: `staff:${staff.id}`,
        action: 'auth.signed_out',
      });
    }
    reply.clearCookie(cookie.name, cookie.options);
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
