import type { DbKind } from './db';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from './server';

/** A Janus address nothing listens on: scheduling, questions and hands never talk to Janus. */
export const JANUS_ENV = { JANUS_URL: 'ws://127.0.0.1:9/janus' };

export interface EventWorld {
  server: TestServer;
  tenant: TestTenant;
  admin: { id: string; cookie: string };
  /** The staff member events are scheduled with as host. */
  host: { id: string; cookie: string };
}

/** A listening server with events available (but no Janus), an authority, its administrator and a host. */
export async function startEventWorld(kind: DbKind, tenantName: string): Promise<EventWorld> {
  const server = await startTestServer(kind, { listen: true, env: JANUS_ENV });
  const tenant = await createTestTenant(server, tenantName);
  const admin = await tenant.staff('admin');
  const host = await tenant.staff('agent', { displayName: 'Erika Mustermann' });
  return { server, tenant, admin, host };
}
