import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../db/client';
import { openPglite } from '../../db/client';
import { migrate } from '../../db/migrate';
import { verifyPassword } from '../auth/passwords';
import {
  AuthorityError,
  createTenant,
  disableAuthority,
  enableAuthority,
  provisionAuthority,
} from './provision';

describe('creating an authority', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openPglite();
    await migrate(db);
  });
  afterAll(() => db.close());

  const count = async (table: string) =>
    (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

  it('refuses slugs that the app uses as paths, so /login or /admin never become an authority', async () => {
    for (const slug of ['login', 'admin', 'staff', 'api', 'barrierefreiheit', 'assets']) {
      await expect(createTenant(db, { slug, name: 'X' })).rejects.toThrow(/path of the app/);
    }
    await expect(createTenant(db, { slug: 'musterstadt', name: 'Stadt Musterstadt' })).resolves.toMatch(
      /^[0-9a-f-]{36}$/,
    );
  });

  it('refuses malformed input naming the field, before anything is stored', async () => {
    const before = await count('tenants');
    for (const [input, field] of [
      [{ slug: 'Gross', name: 'X' }, 'slug'],
      [{ slug: '-a', name: 'X' }, 'slug'],
      [{ slug: 'ok', name: '  ' }, 'name'],
      [{ slug: 'ok', name: 'X', timeZone: 'Mars/Olympus' }, 'timeZone'],
      [{ slug: 'ok', name: 'X', admin: { email: 'no-address' } }, 'admin.email'],
    ] as const) {
      const error = await provisionAuthority(db, input as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AuthorityError);
      expect((error as AuthorityError).code).toBe('invalid');
      expect((error as AuthorityError).field).toBe(field);
    }
    expect(await count('tenants')).toBe(before);
  });

  it('creates the first administrator with a generated password stored only as a hash', async () => {
    const created = await provisionAuthority(db, {
      slug: 'landkreis-beispiel',
      name: 'Landkreis Beispiel',
      admin: { email: 'Erste.Admin@Landkreis.Example' },
    });
    expect(created.authority).toMatchObject({ slug: 'landkreis-beispiel', status: 'active', staffCount: 1 });
    const admin = created.admin!;
    expect(admin.email).toBe('erste.admin@landkreis.example');
    // 144 random bits, URL-safe.
    expect(admin.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const [row] = await db.query<{ role: string; active: boolean; password_hash: string }>(
      'SELECT role, active, password_hash FROM staff WHERE id = $1',
      [admin.id],
    );
    expect(row).toMatchObject({ role: 'admin', active: true });
    expect(row!.password_hash).not.toContain(admin.password);
    expect(await verifyPassword(row!.password_hash, admin.password)).toBe(true);
  });

  it('leaves nothing behind when the slug or the e-mail address is taken', async () => {
    const tenants = await count('tenants');
    const staff = await count('staff');
    const taken = await provisionAuthority(db, {
      slug: 'landkreis-beispiel',
      name: 'Anders',
      admin: { email: 'neu@example.org' },
    }).catch((e: unknown) => e);
    expect((taken as AuthorityError).code).toBe('slug-taken');
    expect(await count('tenants')).toBe(tenants);
    expect(await count('staff')).toBe(staff);
    // An address is an authority's own: the same person can administer a second one.
    const second = await provisionAuthority(db, {
      slug: 'landkreis-zwei',
      name: 'Landkreis Zwei',
      admin: { email: 'erste.admin@landkreis.example' },
    });
    expect(second.admin?.email).toBe('erste.admin@landkreis.example');
    expect(await count('staff')).toBe(staff + 1);
  });

  it('disables without deleting and enables exactly the accounts that were active before', async () => {
    const { tenantId, admin } = await provisionAuthority(db, {
      slug: 'amt-drei',
      name: 'Amt Drei',
      admin: { email: 'admin@amt-drei.example' },
    });
    const [retired] = await db.query<{ id: string }>(
      `INSERT INTO staff (tenant_id, email, display_name, role, active, password_hash)
       VALUES ($1, 'ruhestand@amt-drei.example', 'Im Ruhestand', 'agent', false, 'x') RETURNING id`,
      [tenantId],
    );
    await db.query(`INSERT INTO staff_sessions (token_hash, staff_id) VALUES ('h1', $1)`, [admin!.id]);
    const ended: string[][] = [];
    const disabled = await disableAuthority(db, 'amt-drei', {
      endSessions: async (ids) => {
        ended.push(ids);
      },
    });
    expect(disabled.changed).toBe(true);
    expect(disabled.authority.status).toBe('disabled');
    expect(disabled.staffIds).toEqual([admin!.id]);
    expect(ended).toEqual([[admin!.id]]);
    const active = async () =>
      (
        await db.query<{ id: string }>('SELECT id FROM staff WHERE tenant_id = $1 AND active ORDER BY id', [
          tenantId,
        ])
      ).map((r) => r.id);
    expect(await active()).toEqual([]);
    expect(await db.query('SELECT 1 FROM staff_sessions WHERE staff_id = $1', [admin!.id])).toEqual([]);
    // Nothing deleted: both accounts are still there.
    expect(disabled.authority.staffCount).toBe(2);
    // Idempotent.
    expect((await disableAuthority(db, 'amt-drei')).changed).toBe(false);

    const enabled = await enableAuthority(db, 'amt-drei');
    expect(enabled).toMatchObject({ changed: true, staffIds: [admin!.id] });
    expect(enabled.authority).toMatchObject({ status: 'active', disabledAt: null });
    expect(await active()).toEqual([admin!.id]);
    expect(await active()).not.toContain(retired!.id);
    expect((await enableAuthority(db, 'amt-drei')).changed).toBe(false);
  });

  it('names an unknown authority', async () => {
    const error = await disableAuthority(db, 'gibt-es-nicht').catch((e: unknown) => e);
    expect((error as AuthorityError).code).toBe('unknown-authority');
    expect(((await enableAuthority(db, 'api').catch((e: unknown) => e)) as AuthorityError).code).toBe(
      'invalid',
    );
  });
});
