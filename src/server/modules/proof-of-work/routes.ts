import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { Id } from '../../../shared/fields';
import { PowChallenge, PROOF_OF_WORK_HEADER } from '../../../shared/proof-of-work';
import type { AppContext } from '../../context';
import type { Queryable } from '../../db/client';
import { notFound } from '../../http/problem';
import { OfficeParams, TenantParams } from '../visits/schema';

const ServiceParams = TenantParams.extend({ serviceId: Id });

/** The scope a waiting room's entries are counted in. */
async function officeScope(db: Queryable, params: z.infer<typeof OfficeParams>) {
  const [office] = await db.query<{ id: string }>(
    'SELECT o.id FROM offices o JOIN tenants t ON t.id = o.tenant_id WHERE t.slug = $1 AND o.slug = $2',
    [params.tenantSlug, params.officeSlug],
  );
  if (!office) throw notFound('Office');
  return `office:${office.id}`;
}

/** The scope a service's bookings are counted in. */
async function serviceScope(db: Queryable, params: z.infer<typeof ServiceParams>) {
  const [service] = await db.query<{ id: string }>(
    'SELECT s.id FROM services s JOIN tenants t ON t.id = s.tenant_id WHERE t.slug = $1 AND s.id = $2',
    [params.tenantSlug, params.serviceId],
  );
  if (!service) throw notFound('Service');
  return `service:${service.id}`;
}

/** Citizens' pages fetch a challenge as soon as the form shows and solve it while the citizen types. */
export const proofOfWorkRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.get(
    '/tenants/:tenantSlug/offices/:officeSlug/challenge',
    { schema: { params: OfficeParams, response: { 200: PowChallenge } } },
    async (request) => ctx.proofOfWork.challenge(await officeScope(ctx.db, request.params)),
  );
  app.get(
    '/tenants/:tenantSlug/services/:serviceId/challenge',
    { schema: { params: ServiceParams, response: { 200: PowChallenge } } },
    async (request) => ctx.proofOfWork.challenge(await serviceScope(ctx.db, request.params)),
  );
};

/** Guards a route with an office's or a service's proof of work (run after the params were validated). */
export function requireProofOfWork(ctx: AppContext, of: 'office' | 'service'): preHandlerAsyncHookHandler {
  return async (request: FastifyRequest) => {
    const scope =
      of === 'office'
        ? await officeScope(ctx.db, request.params as z.infer<typeof OfficeParams>)
        : await serviceScope(ctx.db, request.params as z.infer<typeof ServiceParams>);
    await ctx.proofOfWork.spend(request.headers[PROOF_OF_WORK_HEADER], scope);
  };
}
