import swagger from '@fastify/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { problemResponse } from '../../http/openapi-problem';
import { HttpProblem } from '../../http/problem';
import { channels } from '../../realtime/bus';
import {
  AuthorityError,
  disableAuthority,
  enableAuthority,
  listAuthorities,
  provisionAuthority,
} from '../tenants/provision';
import {
  AuthorityChanged,
  AuthorityCreate,
  AuthorityCreated,
  AuthorityList,
  AuthoritySlugParams,
} from '../tenants/schema';
import { operatorBackupRoute } from './backup-route';
import { isOperatorToken } from './token';

export const OPERATOR_API_VERSION = '1.0.0';

const DESCRIPTION = `The operator's API: the IT provider running this installation creates, lists, disables and
enables the authorities (tenants) it hosts, and has the running server write a backup. It is mounted only when OPERATOR_TOKEN is set; authenticate with
\`Authorization: Bearer <OPERATOR_TOKEN>\`. The same operations are on the command line:
\`npm run operator -- help\`. Errors are RFC 9457 problem documents (\`application/problem+json\`).`;

const PROBLEMS = {
  400: problemResponse('Invalid input; `errors` names each offending field'),
  401: problemResponse('Missing or wrong operator token'),
};
const UNKNOWN = { 404: problemResponse('No authority with this slug') };

/** A refusal of the provisioning code as the problem document an API client gets. */
function toProblem(error: unknown, where: 'body' | 'params'): unknown {
  if (!(error instanceof AuthorityError)) return error;
  switch (error.code) {
    case 'invalid':
      return new HttpProblem(400, 'Bad Request', error.message, {
        errors: [{ field: `${where}.${error.field ?? ''}`, message: error.message }],
      });
    case 'unknown-authority':
      return new HttpProblem(404, 'Not Found', error.message);
    default:
      return new HttpProblem(409, 'Conflict', error.message, { reason: error.code });
  }
}

/**
 * /api/operator: authorities of the installation, for the operator only. Not mounted at all without
 * OPERATOR_TOKEN (every address answers 404); the token is checked before anything is parsed.
 */
export const operatorRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const token = ctx.config.operatorToken;
  if (!token) return;
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Amtsraum operator API', version: OPERATOR_API_VERSION, description: DESCRIPTION },
      components: {
        securitySchemes: {
          operatorToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'The OPERATOR_TOKEN of the installation',
          },
        },
      },
      security: [{ operatorToken: [] }],
      tags: [
        { name: 'authorities', description: 'Authorities (tenants) hosted on this installation' },
        {
          name: 'backups',
          description: 'Backups written by the running server (README "Backup and restore")',
        },
        { name: 'meta', description: 'This document' },
      ],
    },
    transform: jsonSchemaTransform,
  });

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (isOperatorToken(token, request.headers.authorization)) return;
    request.log.info({ decision: 'wrong-operator-token' }, 'operator request refused');
    reply.header('www-authenticate', 'Bearer realm="amtsraum-operator"');
    throw new HttpProblem(401, 'Unauthorized', 'The operator token is required (Authorization: Bearer …)');
  });

  const actor = 'operator:api';
  await app.register(operatorBackupRoute, ctx);

  app.get(
    '/openapi.json',
    {
      schema: {
        tags: ['meta'],
        summary: 'This OpenAPI 3.1 document',
        response: { 200: z.looseObject({ openapi: z.string() }), 401: PROBLEMS[401] },
      },
    },
    async () => app.swagger() as unknown as { openapi: string },
  );

  app.get(
    '/authorities',
    {
      schema: {
        tags: ['authorities'],
        summary: 'Every authority of the installation, by slug, with its status',
        response: { 200: AuthorityList, 401: PROBLEMS[401] },
      },
    },
    async () => ({ authorities: await listAuthorities(ctx.db) }),
  );

  app.post(
    '/authorities',
    {
      schema: {
        tags: ['authorities'],
        summary: 'Create an authority and its first administrator (the generated password is shown once)',
        body: AuthorityCreate,
        response: {
          201: AuthorityCreated,
          ...PROBLEMS,
          409: problemResponse('The slug is taken'),
        },
      },
    },
    async (request, reply) => {
      try {
        const created = await provisionAuthority(ctx.db, request.body, { actor });
        request.log.info({ tenantId: created.tenantId }, 'authority created by the operator');
        return reply.code(201).send({ authority: created.authority, admin: created.admin! });
      } catch (error) {
        throw toProblem(error, 'body');
      }
    },
  );

  const endSessions = async (staffIds: string[]) => {
    for (const id of staffIds) await ctx.sessions.endAllOf(id);
  };

  app.post(
    '/authorities/:slug/disable',
    {
      schema: {
        tags: ['authorities'],
        summary:
          'Disable an authority: public pages answer 410, staff sessions end and sign-in is refused; nothing is deleted',
        params: AuthoritySlugParams,
        response: { 200: AuthorityChanged, ...PROBLEMS, ...UNKNOWN },
      },
    },
    async (request) => {
      try {
        const result = await disableAuthority(ctx.db, request.params.slug, { actor, endSessions });
        await ctx.bus.publish(channels.authorities, { kind: 'authorities.changed' });
        return { authority: result.authority, changed: result.changed };
      } catch (error) {
        throw toProblem(error, 'params');
      }
    },
  );

  app.post(
    '/authorities/:slug/enable',
    {
      schema: {
        tags: ['authorities'],
        summary:
          'Enable a disabled authority again; the staff accounts its disabling deactivated are active again',
        params: AuthoritySlugParams,
        response: { 200: AuthorityChanged, ...PROBLEMS, ...UNKNOWN },
      },
    },
    async (request) => {
      try {
        const result = await enableAuthority(ctx.db, request.params.slug, { actor });
        await ctx.bus.publish(channels.authorities, { kind: 'authorities.changed' });
        return { authority: result.authority, changed: result.changed };
      } catch (error) {
        throw toProblem(error, 'params');
      }
    },
  );
};
