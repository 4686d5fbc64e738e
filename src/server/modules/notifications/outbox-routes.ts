import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context';
import { principal, requireStaff } from '../auth/guard';
import { listOutbox, OutboxMessage } from './outbox';

/**
 * GET /outbox (under /api/admin): the caller's authority's newest 100 outbox messages, for admins only.
 * The outbox holds what the embedded default "sent" while no SMTP server / SMS gateway is configured.
 */
export const outboxRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.get(
    '/outbox',
    { preHandler: requireStaff(ctx, ['admin']), schema: { response: { 200: z.array(OutboxMessage) } } },
    async (request) => listOutbox(ctx.db, principal(request).tenantId),
  );
};
