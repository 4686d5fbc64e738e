import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type RouteSummary } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import type { AppContext } from '../../src/server/context';
import { staffRepository } from '../../src/server/modules/admin/staff';
import { unitRepository } from '../../src/server/modules/admin/units';
import { createTenant } from '../../src/server/modules/tenants/provision';
import type { EventBus } from '../../src/server/realtime/bus';
import type { Role } from '../../src/shared/admin';
import { type DbKind, openTestDb, type TestDb } from './db';
import { giveAuthenticator, signInFully } from './totp';

export interface TestServer {
  app: FastifyInstance;
  ctx: AppContext;
  routes: RouteSummary[];
  /** The connection string of the real PostgreSQL database (kind 'postgres'). */
  databaseUrl?: string;
  /** http://127.0.0.1:PORT once listening (listen: true), else undefined. */
  baseUrl: string;
  /**
   * Stops the server as a process exit would (every socket and request ends, the port closes) and starts
   * a new one on the same database, port and configuration, after `downMs`; the app clock stays as the
   * test set it. `app` and `ctx` are the new server's afterwards.
   */
  restart(downMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** The real app on a fresh database; with listen it serves HTTP on a free port for browsers. */
export async function startTestServer(
  kind: DbKind = 'pglite',
  options: { listen?: boolean; bus?: EventBus; env?: Record<string, string> } = {},
): Promise<TestServer> {
  const testDb: TestDb = await openTestDb(kind);
  // Outbox files of the test go to a directory of its own, never into ./data; the generated secrets and
  // audit anchors beside it (they must lie outside DATA_DIR), in the same scratch directory.
  const scratch = mkdtempSync(join(tmpdir(), 'amtsraum-test-'));
  const dataDir = join(scratch, 'data');
  const config = loadConfig({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DEMO_DATA: 'false',
    PORT: '0',
    DATA_DIR: dataDir,
    // The lowest proof-of-work difficulty: tests solve it in milliseconds (proof-of-work tests raise it).
    POW_COST: '1',
    POW_ATTEMPTS: '1',
    // Tests send hundreds of requests and sockets from 127.0.0.1; rate-limit tests set the factor back to 1.
    RATE_LIMIT_FACTOR: '1000',
    // Every test citizen comes from 127.0.0.1: one per-address entry limit would stop them all (the tests
    // of that limit give their entries addresses of their own and lower it).
    QUEUE_ENTRIES_PER_ADDRESS: '100000',
    ...options.env,
  });
  const { app, ctx, routes } = await buildApp(config, testDb.db, options.bus);
  let baseUrl = '';
  if (options.listen) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (typeof address !== 'object' || !address) throw new Error('server did not listen');
    baseUrl = `http://127.0.0.1:${address.port}`;
    // Links and origin checks must name the address the browser really uses, after a restart too
    // (buildApp works on a copy of the configuration).
    config.publicUrl = new URL(baseUrl);
    ctx.config.publicUrl = config.publicUrl;
  } else {
    await app.ready();
  }
  const server: TestServer = {
    app,
    ctx,
    routes,
    baseUrl,
    ...(testDb.url ? { databaseUrl: testDb.url } : {}),
    async restart(downMs = 0) {
      const clock = server.ctx.clock;
      await server.app.close();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      const built = await buildApp(config, testDb.db, options.bus);
      built.ctx.clock = clock;
      await built.app.listen({ port: Number(new URL(baseUrl).port), host: '127.0.0.1' });
      server.app = built.app;
      server.ctx = built.ctx;
    },
    async close() {
      await server.app.close();
      await testDb.dispose();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
  return server;
}

export interface TestTenant {
  tenantId: string;
  slug: string;
  unitId: string;
  /** Signs in a new staff member of this tenant with the role and returns their cookie header. */
  staff(
    role: Role,
    extra?: { unitId?: string | null; officeIds?: string[]; displayName?: string },
  ): Promise<{ id: string; email: string; password: string; cookie: string; totpSecret?: string }>;
}

/** A fresh authority with one unit, for tests that need a tenant of their own. */
export async function createTestTenant(server: TestServer, name = 'Teststadt'): Promise<TestTenant> {
  const slug = `t-${randomBytes(4).toString('hex')}`;
  const tenantId = await createTenant(server.ctx.db, { slug, name });
  const unit = await unitRepository(server.ctx).create(tenantId, { name: 'Bürgeramt', parentId: null });
  return {
    tenantId,
    slug,
    unitId: unit.id,
    async staff(role, extra = {}) {
      const email = `${role}-${randomBytes(4).toString('hex')}@${slug}.example`;
      const password = `pw-${randomBytes(9).toString('hex')}`;
      const created = await staffRepository(server.ctx).create(tenantId, {
        email,
        password,
        displayName: extra.displayName ?? `${role} ${slug}`,
        role,
        unitId: extra.unitId === undefined ? unit.id : extra.unitId,
        officeIds: extra.officeIds ?? [],
        active: true,
      });
      // Administrators and data-protection officers need a second factor: an authenticator app set up already.
      const needsFactor = role === 'admin' || role === 'privacy';
      const totpSecret = needsFactor ? await giveAuthenticator(server, created.id) : undefined;
      const cookie = await signInFully(server, { id: created.id, email, password });
      return { id: created.id, email, password, cookie, totpSecret };
    },
  };
}
