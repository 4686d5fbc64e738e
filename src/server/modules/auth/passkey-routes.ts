import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { PasskeyAnswer, RecoveryCodes } from '../../../shared/auth';
import type { AppContext } from '../../context';
import { conflict, HttpProblem } from '../../http/problem';
import { completePendingSignIn, enrolleeOf, finishEnrolment, pendingSignIn, refuseAnswer } from './enrollee';
import {
  acceptPasskey,
  hasPasskey,
  passkeyAuthenticationOptions,
  passkeyRegistrationOptions,
  registerPasskey,
} from './passkeys';
import { hasTotp } from './totp';

const answerProblem = (status: number, detail: string) =>
  new HttpProblem(status, status === 401 ? 'Unauthorized' : 'Bad Request', detail, {
    errors: [{ field: 'body.response', message: detail }],
  });

/**
 * Passkeys and security keys (WebAuthn) as the second factor: set one up (during a sign-in that needs a
 * factor, or later from one's account), and sign in with it after the password.
 */
export const passkeyRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.post('/auth/second-factor/passkey/options', async (request) => {
    const who = await enrolleeOf(ctx, request);
    // A password alone must not add a factor to an account that has one (see the TOTP set-up).
    if (who.challenge && ((await hasTotp(ctx.db, who.id)) || (await hasPasskey(ctx.db, who.id)))) {
      throw conflict('A second factor is set up already; an administrator can reset it');
    }
    return passkeyRegistrationOptions(ctx.db, ctx.config, who);
  });

  app.post(
    '/auth/second-factor/passkey',
    { schema: { body: PasskeyAnswer, response: { 200: RecoveryCodes } } },
    async (request, reply) => {
      const who = await enrolleeOf(ctx, request);
      const answer = request.body.response as unknown as RegistrationResponseJSON;
      const registered = await registerPasskey(ctx.db, ctx.config, who.id, answer);
      if (registered === 'no-ceremony') throw conflict('No passkey set-up is under way; please start again');
      if (registered === 'invalid')
        throw answerProblem(400, 'The passkey could not be verified; please start again');
      return finishEnrolment(ctx, request, reply, who, 'passkey');
    },
  );

  app.post('/auth/login/passkey/options', async (request) => {
    const { who } = await pendingSignIn(ctx, request);
    if (!(await hasPasskey(ctx.db, who.id))) throw conflict('No passkey is set up for this account');
    return passkeyAuthenticationOptions(ctx.db, ctx.config, who.id);
  });

  app.post('/auth/login/passkey', { schema: { body: PasskeyAnswer } }, async (request, reply) => {
    const pending = await pendingSignIn(ctx, request);
    const { who } = pending;
    const answer = request.body.response as unknown as AuthenticationResponseJSON;
    if (!(await acceptPasskey(ctx.db, ctx.config, who.id, answer))) {
      const more = await refuseAnswer(ctx, request, pending, 'wrong-passkey');
      throw answerProblem(
        401,
        more ? 'The passkey was not accepted' : 'Too many attempts; please enter your password again',
      );
    }
    await completePendingSignIn(ctx, request, reply, who, pending);
    return reply.code(204).send();
  });
};
