import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { IdParams } from '../../../shared/fields';
import type { AppContext } from '../../context';
import { notFound } from '../../http/problem';
import { principal, requireStaff } from '../auth/guard';
import type { StaffPrincipal } from '../auth/sessions';

/** Storage of one tenant-owned resource; every call is scoped to the tenant. */
export interface TenantRepository<CreateInput, UpdateInput, Output> {
  list(tenantId: string): Promise<Output[]>;
  get(tenantId: string, id: string): Promise<Output | undefined>;
  create(tenantId: string, input: CreateInput): Promise<Output>;
  update(tenantId: string, id: string, input: UpdateInput): Promise<Output | undefined>;
  remove(tenantId: string, id: string): Promise<boolean>;
}

export type Write = { action: 'create' } | { action: 'update' | 'delete'; id: string };

export interface CrudResource<C extends z.ZodType, U extends z.ZodType, Output> {
  /** Path below /api/admin, e.g. "/units". */
  path: string;
  /** Human name for "not found" answers. */
  noun: string;
  createInput: C;
  updateInput: U;
  repository: (ctx: AppContext) => TenantRepository<z.output<C>, z.output<U>, Output>;
  /** Throws when the principal may not do this; called with the stored state and with the new input. */
  authorizeWrite: (
    ctx: AppContext,
    who: StaffPrincipal,
    state: z.output<C> | z.output<U> | Output,
    write: Write,
  ) => Promise<void>;
}

/** GET list, GET one, POST, PUT and DELETE for one resource, all scoped to the caller's tenant. */
export function crudRoutes<C extends z.ZodType, U extends z.ZodType, Output>(
  resource: CrudResource<C, U, Output>,
): FastifyPluginAsyncZod<AppContext> {
  return async (app, ctx) => {
    const repo = resource.repository(ctx);
    const signedIn = { preHandler: requireStaff(ctx) };
    const load = async (tenantId: string, id: string) => {
      const found = await repo.get(tenantId, id);
      if (!found) throw notFound(resource.noun);
      return found;
    };

    app.get(resource.path, signedIn, async (request) => repo.list(principal(request).tenantId));

    app.get(`${resource.path}/:id`, { ...signedIn, schema: { params: IdParams } }, async (request) =>
      load(principal(request).tenantId, request.params.id),
    );

    app.post(
      `${resource.path}`,
      { ...signedIn, schema: { body: resource.createInput } },
      async (request, reply) => {
        const who = principal(request);
        const input = request.body as z.output<C>;
        await resource.authorizeWrite(ctx, who, input, { action: 'create' });
        return reply.code(201).send(await repo.create(who.tenantId, input));
      },
    );

    app.put(
      `${resource.path}/:id`,
      { ...signedIn, schema: { params: IdParams, body: resource.updateInput } },
      async (request) => {
        const who = principal(request);
        const input = request.body as z.output<U>;
        const write = { action: 'update', id: request.params.id } as const;
        await resource.authorizeWrite(ctx, who, await load(who.tenantId, request.params.id), write);
        await resource.authorizeWrite(ctx, who, input, write);
        return (
          (await repo.update(who.tenantId, request.params.id, input)) ?? load(who.tenantId, request.params.id)
        );
      },
    );

    app.delete(
      `${resource.path}/:id`,
      { ...signedIn, schema: { params: IdParams } },
      async (request, reply) => {
        const who = principal(request);
        const write = { action: 'delete', id: request.params.id } as const;
        await resource.authorizeWrite(ctx, who, await load(who.tenantId, request.params.id), write);
        await repo.remove(who.tenantId, request.params.id);
        return reply.code(204).send();
      },
    );
  };
}
