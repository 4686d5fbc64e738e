import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieHeader } from '../support/cookies';
import { describeEachDb } from '../support/each-db';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';

/** Issue 14's findings on sign-in: permanent lock-out, the parallel race, the 429/401 oracle. */
describeEachDb('sign-in throttling', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.close());

  const login = (email: string, password: string, cookie?: string) =>
    server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password },
      ...(cookie ? { headers: { cookie } } : {}),
    });
  const fail = async (email: string, times: number) => {
    for (let i = 0; i < times; i++) expect((await login(email, `wrong-guess-${i}`)).statusCode).toBe(401);
  };
  /** The device cookie a browser keeps after signing in. */
  const deviceCookieOf = (response: Awaited<ReturnType<typeof login>>) => {
    const cookies = [response.headers['set-cookie']].flat().map(String);
    const device = cookies.find((c) => c.startsWith('amtsraum-device='));
    if (!device) throw new Error(`no device cookie in ${cookies.join(' | ')}`);
    return device.split(';')[0]!;
  };
  /** Moves every bucket's last attempt back, as if that many seconds had passed on the database's clock. */
  const age = (seconds: number) =>
    server.ctx.db.query(
      `UPDATE sign_in_throttle SET updated_at = updated_at - make_interval(secs => $1::double precision)`,
      [seconds],
    );
  const wrongPasswordChecks = async (staffId: string) => {
    const [row] = await server.ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events
        WHERE object = $1 AND action = 'auth.sign_in_refused' AND details ->> 'reason' = 'wrong-password'`,
      [`staff:${staffId}`],
    );
    return row!.n;
  };

  it("locks strangers out after five failures while the holder's known browser still gets in", async () => {
    const tenant = await createTestTenant(server);
    const agent = await tenant.staff('agent');
    const device = deviceCookieOf(await login(agent.email, agent.password));

    await fail(agent.email, 5);
    const locked = await login(agent.email, agent.password);
    expect(locked.statusCode).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Hammering a locked account is refused without checking and without lengthening the lock.
    for (let i = 0; i < 10; i++) expect((await login(agent.email, `more-${i}`)).statusCode).toBe(429);
    expect(await wrongPasswordChecks(agent.id)).toBe(5);

    expect((await login(agent.email, agent.password, device)).statusCode).toBe(204);
    // A wrong guess from the known browser counts against that browser alone.
    expect((await login(agent.email, 'typo-password', device)).statusCode).toBe(401);
    expect((await login(agent.email, agent.password, device)).statusCode).toBe(204);
  });

  it('drains: one attempt more every five minutes, however long the stranger kept trying', async () => {
    const tenant = await createTestTenant(server);
    const agent = await tenant.staff('agent');
    await fail(agent.email, 5);
    for (let i = 0; i < 20; i++) await login(agent.email, `hourly-${i}`);
    await age(290);
    expect((await login(agent.email, agent.password)).statusCode).toBe(429);
    await age(20);
    expect((await login(agent.email, agent.password)).statusCode).toBe(204);
  });

  it('an admin lifts a lock, directly or by setting a new password, and the audit trail says who', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    const agent = await tenant.staff('agent');
    await fail(agent.email, 5);
    expect((await login(agent.email, agent.password)).statusCode).toBe(429);
    const lift = () =>
      server.app.inject({
        method: 'DELETE',
        url: `/api/admin/staff/${agent.id}/sign-in-lock`,
        headers: { cookie: admin.cookie },
      });
    expect(
      (
        await server.app.inject({
          method: 'DELETE',
          url: `/api/admin/staff/${agent.id}/sign-in-lock`,
          headers: { cookie: agent.cookie },
        })
      ).statusCode,
    ).toBe(403);
    expect((await lift()).statusCode).toBe(204);
    expect((await login(agent.email, agent.password)).statusCode).toBe(204);
    const [event] = await server.ctx.db.query<{ actor: string }>(
      `SELECT actor FROM audit_events WHERE action = 'staff.sign_in_lock_lifted' AND object = $1`,
      [`staff:${agent.id}`],
    );
    expect(event?.actor).toBe(`staff:${admin.id}`);

    await fail(agent.email, 5);
    const current = (
      await server.app.inject({ url: `/api/admin/staff/${agent.id}`, headers: { cookie: admin.cookie } })
    ).json();
    const { id: _id, ...body } = current;
    const newPassword = 'Drehleiter-Ampelphase-Kornfeld-7';
    const reset = await server.app.inject({
      method: 'PUT',
      url: `/api/admin/staff/${agent.id}`,
      headers: { cookie: admin.cookie },
      payload: { ...body, password: newPassword },
    });
    expect(reset.statusCode).toBe(200);
    expect((await login(agent.email, newPassword)).statusCode).toBe(204);
  });

  it('answers a known and an unknown e-mail alike, before and after the lock', async () => {
    const tenant = await createTestTenant(server);
    const agent = await tenant.staff('agent');
    const unknown = `niemand-${tenant.slug}@example.org`;
    // Each bucket drains by the database's clock from its own last attempt: under load a second may pass
    // between the two requests, so the two waits may differ by that second — but in nothing else.
    const withoutWait = (r: Awaited<ReturnType<typeof login>>) =>
      String(r.json().detail).replace(/\d+ s\b/, '… s');
    const waitOf = (r: Awaited<ReturnType<typeof login>>) => Number(r.headers['retry-after'] ?? Number.NaN);
    for (let i = 0; i < 6; i++) {
      const [known, stranger] = [await login(agent.email, `guess-${i}`), await login(unknown, `guess-${i}`)];
      expect(known.statusCode).toBe(i < 5 ? 401 : 429);
      expect(stranger.statusCode).toBe(known.statusCode);
      expect(withoutWait(stranger)).toBe(withoutWait(known));
      const waits = [known, stranger].map(waitOf);
      if (i < 5) expect(waits.every(Number.isNaN)).toBe(true);
      else {
        for (const wait of waits) expect(wait).toBeGreaterThanOrEqual(290);
        for (const wait of waits) expect(wait).toBeLessThanOrEqual(300);
        expect(Math.abs(waits[0]! - waits[1]!)).toBeLessThanOrEqual(1);
      }
    }
  });

  it('checks at most five of 40 parallel guesses, and a right password in a burst at a locked account gets nothing', async () => {
    const tenant = await createTestTenant(server);
    const agent = await tenant.staff('agent');
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login(agent.email, `parallel-${i}`)),
    );
    const statuses = burst.map((r) => r.statusCode);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(35);
    expect(await wrongPasswordChecks(agent.id)).toBe(5);

    const second = await Promise.all(
      Array.from({ length: 40 }, (_, i) => login(agent.email, i === 20 ? agent.password : `again-${i}`)),
    );
    expect(second.map((r) => r.statusCode).every((s) => s === 429)).toBe(true);
  });
});

describe('staff passwords and addresses', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('refuses guessable passwords naming the field, and stores nothing', async () => {
    const tenant = await createTestTenant(server, 'Musterstadt');
    const admin = await tenant.staff('admin');
    const create = (email: string, password: string) =>
      server.app.inject({
        method: 'POST',
        url: '/api/admin/staff',
        headers: { cookie: admin.cookie },
        payload: {
          email,
          password,
          displayName: 'Rita Neu',
          role: 'agent',
          unitId: tenant.unitId,
          officeIds: [],
          active: true,
        },
      });
    for (const weak of [
      'aaaaaaaaaaaa',
      'Passwort1234!',
      'Sommer2026!!',
      'qwertzuiopü1',
      'Musterstadt2026!',
      'RitaNeu-1990!',
    ]) {
      const refused = await create(`rita-${tenant.slug}@example.org`, weak);
      expect(refused.statusCode, weak).toBe(400);
      expect(refused.json().errors).toEqual([expect.objectContaining({ field: 'body.password' })]);
    }
    const stored = await server.ctx.db.query('SELECT 1 FROM staff WHERE email = $1', [
      `rita-${tenant.slug}@example.org`,
    ]);
    expect(stored).toHaveLength(0);
    expect(
      (await create(`rita-${tenant.slug}@example.org`, 'Drehleiter-Ampelphase-Kornfeld-7')).statusCode,
    ).toBe(201);
  });

  it("shows colleagues' addresses to admins and leads, not to agents", async () => {
    const tenant = await createTestTenant(server);
    const list = (cookie: string) => server.app.inject({ url: '/api/admin/staff', headers: { cookie } });
    const agent = await tenant.staff('agent');
    expect((await list(agent.cookie)).statusCode).toBe(403);
    expect(
      (await server.app.inject({ url: `/api/admin/staff/${agent.id}`, headers: { cookie: agent.cookie } }))
        .statusCode,
    ).toBe(403);
    expect((await list((await tenant.staff('lead')).cookie)).statusCode).toBe(200);
    expect((await list((await tenant.staff('admin')).cookie)).json().length).toBeGreaterThanOrEqual(3);
  });

  it('lets another authority use an address already taken, telling it nothing; the password or the authority decides at sign-in', async () => {
    const email = `geteilt-${Date.now().toString(36)}@example.org`;
    const make = async (tenant: Awaited<ReturnType<typeof createTestTenant>>, password: string) => {
      const admin = await tenant.staff('admin');
      return server.app.inject({
        method: 'POST',
        url: '/api/admin/staff',
        headers: { cookie: admin.cookie },
        payload: {
          email,
          password,
          displayName: 'Geteilt',
          role: 'agent',
          unitId: tenant.unitId,
          officeIds: [],
          active: true,
        },
      });
    };
    const first = await createTestTenant(server, 'Erststadt');
    const second = await createTestTenant(server, 'Zweitstadt');
    expect((await make(first, 'Kormoran-Heuballen-Wolke-31')).statusCode).toBe(201);
    // Before: 409 here told the second authority that the address exists in the first.
    expect((await make(second, 'Seilbahn-Quittengelee-Murmel-58')).statusCode).toBe(201);
    expect((await make(first, 'Kormoran-Heuballen-Wolke-32')).statusCode).toBe(409);

    const signIn = async (password: string, authority?: string) => {
      const response = await server.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password, ...(authority ? { authority } : {}) },
      });
      if (response.statusCode !== 204) return response.statusCode;
      const cookie = cookieHeader(response.headers['set-cookie']);
      return (await server.app.inject({ url: '/api/auth/me', headers: { cookie } })).json().tenant
        .slug as string;
    };
    expect(await signIn('Kormoran-Heuballen-Wolke-31')).toBe(first.slug);
    expect(await signIn('Seilbahn-Quittengelee-Murmel-58')).toBe(second.slug);
    expect(await signIn('Seilbahn-Quittengelee-Murmel-58', first.slug)).toBe(401);
    expect(await signIn('falsch-falsch-falsch')).toBe(401);

    // The same password in a third authority: only the authority's own sign-in page can tell them apart.
    const third = await createTestTenant(server, 'Drittstadt');
    expect((await make(third, 'Kormoran-Heuballen-Wolke-31')).statusCode).toBe(201);
    expect(await signIn('Kormoran-Heuballen-Wolke-31')).toBe(409);
    expect(await signIn('Kormoran-Heuballen-Wolke-31', third.slug)).toBe(third.slug);
    expect(await signIn('Kormoran-Heuballen-Wolke-31', first.slug)).toBe(first.slug);
  });
});
