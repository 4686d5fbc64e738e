import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Role } from '../../../shared/admin';
import { IdParams } from '../../../shared/fields';
import type { AppContext } from '../../context';
import { notFound } from '../../http/problem';
import { recordAuditNow } from '../audit/audit-log';
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
  /** Who may read the resource; absent: every signed-in staff member. */
  readRoles?: Role[];
  /** What the audit trail keeps of a write (ids and codes only, no personal data); nothing when absent. */
  auditDetails?: (state: z.output<C> | z.output<U>) => Record<string, unknown>;
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
    const reader = { preHandler: requireStaff(ctx, resource.readRoles) };
    const kind = resource.path.slice(1);
    const audit = (who: StaffPrincipal, action: string, id: string, state?: z.output<C> | z.output<U>) =>
      recordAuditNow(ctx.db, {
        tenantId: who.tenantId,
        actor: `staff:${who.id}`,
        action: `${kind}.${action}`,
        object: `${kind}:${id}`,
        ...(state && resource.auditDetails ? { details: resource.auditDetails(state) } : {}),
      });
    const load = async (tenantId: string, id: string) => {
      const found = await repo.get(tenantId, id);
      if (!found) throw notFound(resource.noun);
      return found;
    };

    app.get(resource.path, reader, async (request) => repo.list(principal(request).tenantId));

    app.get(`${resource.path}/:id`, { ...reader, schema: { params: IdParams } }, async (request) =>
      load(principal(request).tenantId, request.params.id),
    );

    app.post(
      `${resource.path}`,
      { ...signedIn, schema: { body: resource.createInput } },
      async (request, reply) => {
        const who = principal(request);
        const input = request.body as z.output<C>;
        await resource.authorizeWrite(ctx, who, input, { action: 'create' });
        const created = await repo.create(who.tenantId, input);
        await audit(who, 'created', (created as { id: string }).id, input);
        return reply.code(201).send(created);
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
        const updated = await repo.update(who.tenantId, request.params.id, input);
        await audit(who, 'updated', request.params.id, input);
        return updated ?? load(who.tenantId, request.params.id);
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
        await audit(who, 'deleted', request.params.id);
        return reply.code(204).send();
      },
    );
  };
}
