import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ApiKeyCreate, ApiKeyCreated, ApiKeySummary, type ApiScope } from '../../../shared/api-v1';
import { IdParams } from '../../../shared/fields';
import type { AppContext } from '../../context';
import type { Db } from '../../db/client';
import { forbidden, HttpProblem, notFound } from '../../http/problem';
import { hashToken } from '../../security/tokens';
import { recordAuditNow } from '../audit/audit-log';
import { principal, requireStaff } from '../auth/guard';

/** "amk_" + 12 hex prefix (48 bits, shown in lists) + "_" + 256-bit secret, base64url. */
const KEY_FORMAT = /^amk_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/;

/** Who calls /api/v1: an authority's key and its rights. */
export interface ApiKeyPrincipal {
  id: string;
  tenantId: string;
  scopes: ApiScope[];
}

const SUMMARY = `SELECT id, name, scopes, prefix, created_at AS "createdAt", last_used_at AS "lastUsedAt",
    revoked_at AS "revokedAt" FROM api_keys`;

type SummaryRow = Omit<ApiKeySummary, 'createdAt' | 'lastUsedAt' | 'revokedAt'> & {
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

export function createApiKeyStore(db: Db) {
  return {
    async create(tenantId: string, createdBy: string, input: ApiKeyCreate) {
      const prefix = randomBytes(6).toString('hex');
      const key = `amk_${prefix}_${randomBytes(32).toString('base64url')}`;
      const [row] = await db.query<{ id: string }>(
        `INSERT INTO api_keys (tenant_id, name, scopes, prefix, secret_hash, created_by)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [tenantId, input.name, input.scopes, prefix, hashToken(key), createdBy],
      );
      return { id: row!.id, name: input.name, scopes: input.scopes, prefix, key };
    },

    async list(tenantId: string): Promise<ApiKeySummary[]> {
      const rows = await db.query<SummaryRow>(
        `${SUMMARY} WHERE tenant_id = $1 ORDER BY revoked_at IS NOT NULL, created_at DESC`,
        [tenantId],
      );
      return rows.map((r) => ({
        ...r,
        createdAt: iso(r.createdAt)!,
        lastUsedAt: iso(r.lastUsedAt),
        revokedAt: iso(r.revokedAt),
      }));
    },

    /** 'revoked' now, 'already' revoked before, or 'unknown' in this tenant. */
    async revoke(tenantId: string, id: string) {
      const rows = await db.query<{ revokedNow: boolean }>(
        `UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE tenant_id = $1 AND id = $2
         RETURNING revoked_at = now() AS "revokedNow"`,
        [tenantId, id],
      );
      if (rows.length === 0) return 'unknown';
      return rows[0]!.revokedNow ? 'revoked' : 'already';
    },

    /** The live key behind an Authorization header, or undefined: a wrong key learns nothing. */
    async authenticate(authorization: string | undefined): Promise<ApiKeyPrincipal | undefined> {
      const key = authorization?.match(/^Bearer (\S+)$/)?.[1];
      if (!key || !KEY_FORMAT.test(key)) return undefined;
      const [row] = await db.query<ApiKeyPrincipal>(
        `SELECT id, tenant_id AS "tenantId", scopes FROM api_keys WHERE secret_hash = $1 AND revoked_at IS NULL`,
        [hashToken(key)],
      );
      if (!row) return undefined;
      // At most one write a minute per key, so a busy case system does not turn every read into a write.
      await db.query(
        `UPDATE api_keys SET last_used_at = now()
          WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`,
        [row.id],
      );
      return row;
    },
  };
}
export type ApiKeyStore = ReturnType<typeof createApiKeyStore>;

const keys = new WeakMap<FastifyRequest, ApiKeyPrincipal>();

/** An onRequest hook: a live key of the authority with the scope, else 401 or 403 before any parsing. */
export function requireApiKey(store: ApiKeyStore, scope: ApiScope) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const key = await store.authenticate(request.headers.authorization);
    if (!key) {
      reply.header('www-authenticate', 'Bearer realm="amtsraum-api"');
      throw new HttpProblem(401, 'Unauthorized', 'A valid API key is required (Authorization: Bearer amk_…)');
    }
    if (!key.scopes.includes(scope)) throw forbidden(`This API key lacks the scope ${scope}`);
    keys.set(request, key);
  };
}

/** The key set by requireApiKey; calling it on an unguarded route is a programming error. */
export function apiKeyOf(request: FastifyRequest): ApiKeyPrincipal {
  const key = keys.get(request);
  if (!key) throw new Error('route is missing requireApiKey');
  return key;
}

/** /api/admin/api-keys: administrators create (shown once), list and revoke their authority's keys. */
export const apiKeyRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const store = createApiKeyStore(ctx.db);
  const adminOnly = { preHandler: requireStaff(ctx, ['admin']) };

  app.get(
    '/api-keys',
    { ...adminOnly, schema: { response: { 200: z.array(ApiKeySummary) } } },
    async (request) => store.list(principal(request).tenantId),
  );

  app.post(
    '/api-keys',
    { ...adminOnly, schema: { body: ApiKeyCreate, response: { 201: ApiKeyCreated } } },
    async (request, reply) => {
      const who = principal(request);
      const created = await store.create(who.tenantId, who.id, request.body);
      await recordAuditNow(ctx.db, {
        tenantId: who.tenantId,
        actor: `staff:${who.id}`,
        action: 'api_key.created',
        object: `api_key:${created.id}`,
        details: { prefix: created.prefix, scopes: created.scopes },
      });
      return reply.code(201).send(created);
    },
  );

  app.delete('/api-keys/:id', { ...adminOnly, schema: { params: IdParams } }, async (request, reply) => {
    const who = principal(request);
    const revoked = await store.revoke(who.tenantId, request.params.id);
    if (revoked === 'unknown') throw notFound('API key');
    if (revoked === 'already') return reply.code(204).send();
    await recordAuditNow(ctx.db, {
      tenantId: who.tenantId,
      actor: `staff:${who.id}`,
      action: 'api_key.revoked',
      object: `api_key:${request.params.id}`,
    });
    return reply.code(204).send();
  });
};
