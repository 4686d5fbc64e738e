import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { RecoveryCodes, SecondFactorCode, SecondFactorStatus, TotpEnrolment } from '../../../shared/auth';
import type { AppContext } from '../../context';
import { conflict, HttpProblem } from '../../http/problem';
import { completePendingSignIn, enrolleeOf, finishEnrolment, pendingSignIn, refuseAnswer } from './enrollee';
import { principal, requireStaff } from './guard';
import { hasPasskey } from './passkeys';
import { replaceRecoveryCodes, spendRecoveryCode } from './recovery-codes';
import { auditSignIn, secondFactorOf } from './sign-in';
import { acceptTotpCode, hasTotp, startTotpEnrolment } from './totp';

const codeProblem = (status: number, detail: string) =>
  new HttpProblem(status, status === 401 ? 'Unauthorized' : 'Bad Request', detail, {
    errors: [{ field: 'body.code', message: detail }],
  });

/**
 * The second factor of local accounts: the second sign-in step, setting up an authenticator app (during a
 * sign-in that requires one, or later from one's account) and recovery codes.
 */
export const secondFactorRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const nowMs = () => ctx.clock().epochMilliseconds;
  const enrollee = (request: FastifyRequest) => enrolleeOf(ctx, request);

  app.post('/auth/login/second-factor', { schema: { body: SecondFactorCode } }, async (request, reply) => {
    const pending = await pendingSignIn(ctx, request);
    const { who } = pending;
    const { code } = request.body;
    const byApp = await acceptTotpCode(ctx.db, ctx.sealed, who.id, code, nowMs());
    const byRecovery = !byApp && (await spendRecoveryCode(ctx.db, who.id, code));
    if (!byApp && !byRecovery) {
      const more = await refuseAnswer(ctx, request, pending, 'wrong-code');
      throw codeProblem(
        401,
        more ? 'The code is wrong' : 'Too many wrong codes; please enter your password again',
      );
    }
    if (byRecovery) await auditSignIn(ctx, who, 'auth.recovery_code_used');
    await completePendingSignIn(ctx, request, reply, who, pending);
    return reply.code(204).send();
  });

  app.post('/auth/second-factor/totp', { schema: { response: { 200: TotpEnrolment } } }, async (request) => {
    const who = await enrollee(request);
    // Half-way through a sign-in, only an account without any factor sets one up (a password alone
    // must not add the attacker's); signed in, one may add the other kind.
    if (who.challenge && (await hasPasskey(ctx.db, who.id))) throw conflict('A passkey is set up already');
    const enrolment = await startTotpEnrolment(ctx.db, ctx.sealed, who.id, who.email);
    if (!enrolment) throw conflict('An authenticator app is set up already; an administrator can reset it');
    return enrolment;
  });

  app.post(
    '/auth/second-factor/totp/confirm',
    { schema: { body: SecondFactorCode, response: { 200: RecoveryCodes } } },
    async (request, reply) => {
      const who = await enrollee(request);
      if (!(await acceptTotpCode(ctx.db, ctx.sealed, who.id, request.body.code, nowMs(), true))) {
        throw codeProblem(400, 'The code does not match: is the time on the phone right?');
      }
      return finishEnrolment(ctx, request, reply, who, 'totp');
    },
  );

  app.get(
    '/auth/second-factor',
    { preHandler: requireStaff(ctx), schema: { response: { 200: SecondFactorStatus } } },
    async (request) => {
      const me = principal(request);
      const [codes] = await ctx.db.query<{ left: number }>(
        'SELECT count(*)::int AS left FROM staff_recovery_codes WHERE staff_id = $1 AND used_at IS NULL',
        [me.id],
      );
      return { ...(await secondFactorOf(ctx, me.id)), recoveryCodesLeft: codes?.left ?? 0 };
    },
  );

  app.post(
    '/auth/second-factor/recovery-codes',
    { preHandler: requireStaff(ctx), schema: { response: { 200: RecoveryCodes } } },
    async (request) => {
      const me = principal(request);
      if (!(await hasTotp(ctx.db, me.id))) throw conflict('Set up an authenticator app first');
      const recoveryCodes = await replaceRecoveryCodes(ctx.db, me.id);
      await auditSignIn(ctx, me, 'auth.recovery_codes_replaced');
      return { recoveryCodes };
    },
  );
};
