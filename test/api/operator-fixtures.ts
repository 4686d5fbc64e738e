import { randomBytes } from 'node:crypto';
import { staffCookie } from '../../src/server/modules/auth/cookie';
import type { Role } from '../../src/shared/admin';
import { cookieHeader } from '../support/cookies';
import type { TestServer } from '../support/server';

/** The operator token of test servers (OPERATOR_TOKEN, ≥ 32 characters). */
export const OPERATOR_TOKEN = 'test-operator-token-0123456789abcdef';
export const operatorEnv = { OPERATOR_TOKEN };

export const operatorHeaders = (token = OPERATOR_TOKEN) => ({ authorization: `Bearer ${token}` });

/**
 * Signs a staff member in with e-mail and password. `passwordAccepted`: signed in (204), or the password
 * was right and a second factor (or its set-up, which administrators need) comes next (200 `next`).
 */
export async function signIn(server: TestServer, email: string, password: string) {
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password },
  });
  const next = response.statusCode === 200 ? (response.json().next as string | undefined) : undefined;
  return {
    status: response.statusCode,
    passwordAccepted: response.statusCode === 204 || next === 'enrol' || next === 'code',
    cookie: cookieHeader(response.headers['set-cookie']),
  };
}

/**
 * A session of the staff member as a completed sign-in opens it (the store's own create), for tests
 * about what a session may reach rather than about signing in (administrators' second factor).
 */
export async function sessionCookie(server: TestServer, staffId: string) {
  return `${staffCookie(server.ctx.config).name}=${await server.ctx.sessions.create(staffId)}`;
}

export interface ProvisionedTenant {
  tenantId: string;
  slug: string;
  unitId: string;
  admin: { id: string; email: string; password: string; cookie: string };
  /** A new staff member of this authority, created by its administrator through the admin API, signed in. */
  staff(
    role: Role,
    extra?: { unitId?: string | null; officeIds?: string[] },
  ): Promise<{ id: string; email: string; password: string; cookie: string }>;
}

/**
 * An authority as the operator creates one (POST /api/operator/authorities, the provisioning path of the
 * CLI and the demo seed), its first administrator signed in, and one unit the administrator created.
 * The server must run with `operatorEnv`.
 */
export async function provisionTenant(server: TestServer, name = 'Teststadt'): Promise<ProvisionedTenant> {
  const slug = `p-${randomBytes(4).toString('hex')}`;
  const created = await server.app.inject({
    method: 'POST',
    url: '/api/operator/authorities',
    headers: operatorHeaders(),
    payload: { slug, name, admin: { email: `admin@${slug}.example`, displayName: `Admin ${name}` } },
  });
  if (created.statusCode !== 201) throw new Error(`provisioning failed: ${created.body}`);
  const { authority, admin } = created.json();
  const login = await signIn(server, admin.email, admin.password);
  if (!login.passwordAccepted) throw new Error(`first administrator's password refused: ${login.status}`);
  const cookie = await sessionCookie(server, admin.id);
  const unit = await server.app.inject({
    method: 'POST',
    url: '/api/admin/units',
    headers: { cookie },
    payload: { name: 'Bürgeramt', parentId: null },
  });
  if (unit.statusCode !== 201) throw new Error(`unit: ${unit.body}`);
  const unitId = unit.json().id as string;
  return {
    tenantId: authority.id,
    slug,
    unitId,
    admin: { ...admin, cookie },
    async staff(role, extra = {}) {
      const email = `${role}-${randomBytes(4).toString('hex')}@${slug}.example`;
      const password = `${randomBytes(12).toString('hex')}-Quark`;
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/admin/staff',
        headers: { cookie },
        payload: {
          email,
          password,
          displayName: `${role} ${name}`,
          role,
          unitId: extra.unitId === undefined ? unitId : extra.unitId,
          officeIds: extra.officeIds ?? [],
          active: true,
        },
      });
      if (response.statusCode !== 201) throw new Error(`staff: ${response.body}`);
      const id = response.json().id as string;
      const signedIn = await signIn(server, email, password);
      if (!signedIn.passwordAccepted) throw new Error(`staff sign-in: ${signedIn.status}`);
      const session = signedIn.status === 204 ? signedIn.cookie : await sessionCookie(server, id);
      return { id, email, password, cookie: session };
    },
  };
}
