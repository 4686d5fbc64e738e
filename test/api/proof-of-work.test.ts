import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serviceRepository } from '../../src/server/modules/admin/services';
import { type PowChallenge, PROOF_OF_WORK_HEADER } from '../../src/shared/proof-of-work';
import { describeEachDb } from '../support/each-db';
import { challengeUrl, proofOfWork, solveProofOfWork } from '../support/proof-of-work';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { serviceBody } from './fixtures';
import { agentFor, openOffice, WEDNESDAY_MORNING } from './visits-fixtures';

const PRESSURE = 3;

describeEachDb('proof of work before entering and booking', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    // Ten attempts on average at normal difficulty, so the counters below tell the levels apart.
    server = await startTestServer(kind, {
      env: { POW_ATTEMPTS: '10', POW_PRESSURE_PER_5_MINUTES: String(PRESSURE) },
    });
  });
  afterAll(() => server.close());

  const visitsUrl = (tenantSlug: string, officeSlug: string) =>
    `/api/public/tenants/${tenantSlug}/offices/${officeSlug}/visits`;
  const post = (url: string, headers: Record<string, string> = {}) =>
    server.app.inject({ method: 'POST', url, payload: { displayName: 'Erika' }, headers });
  const visitsOf = async (officeId: string) =>
    (await server.ctx.db.query('SELECT 1 FROM visits WHERE office_id = $1', [officeId])).length;
  const challenge = async (url: string) =>
    (await server.app.inject({ method: 'GET', url: challengeUrl(url) })).json() as PowChallenge;

  it('refuses an entry without a proof, naming the header, and stores nothing', async () => {
    const tenant = await createTestTenant(server);
    const office = await openOffice(server, tenant, 'ohne');
    const response = await post(visitsUrl(tenant.slug, 'ohne'));
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      reason: 'proof-of-work',
      errors: [{ field: `headers.${PROOF_OF_WORK_HEADER}` }],
    });
    const garbled = await post(visitsUrl(tenant.slug, 'ohne'), { [PROOF_OF_WORK_HEADER]: 'e30=' });
    expect(garbled.statusCode).toBe(400);
    expect(await visitsOf(office.id)).toBe(0);
  });

  it('takes a solved proof once, for its own office and within ten minutes only', async () => {
    const tenant = await createTestTenant(server);
    const office = await openOffice(server, tenant, 'eins');
    await openOffice(server, tenant, 'zwei');
    const url = visitsUrl(tenant.slug, 'eins');

    const headers = await proofOfWork(server.app, url);
    expect((await post(url, headers)).statusCode).toBe(201);
    const replay = await post(url, headers);
    expect(replay.statusCode).toBe(403);
    expect(replay.json()).toMatchObject({
      reason: 'proof-of-work',
      detail: expect.stringMatching(/already/),
    });

    const forOther = await post(visitsUrl(tenant.slug, 'zwei'), await proofOfWork(server.app, url));
    expect(forOther.statusCode).toBe(403);
    expect(forOther.json().detail).toMatch(/another page/);

    const old = await proofOfWork(server.app, url);
    server.ctx.clock = () => WEDNESDAY_MORNING.add({ minutes: 11 });
    const expired = await post(url, old);
    expect(expired.statusCode).toBe(403);
    expect(expired.json().detail).toMatch(/expired/);
    server.ctx.clock = () => WEDNESDAY_MORNING;

    expect(await visitsOf(office.id)).toBe(1);
  });

  it('refuses a proof whose challenge or solution was altered', async () => {
    const tenant = await createTestTenant(server);
    const office = await openOffice(server, tenant, 'echt');
    const url = visitsUrl(tenant.slug, 'echt');
    const decode = (value: string) => JSON.parse(Buffer.from(value, 'base64').toString());
    const encode = (payload: object) => Buffer.from(JSON.stringify(payload)).toString('base64');
    const solved = decode((await proofOfWork(server.app, url))[PROOF_OF_WORK_HEADER]!);

    const easier = structuredClone(solved);
    easier.challenge.parameters.cost = 1_000;
    // The derived key is the proof (the server checks it against its signature); a guessed one fails.
    const guessedKey = structuredClone(solved);
    const key: string = solved.solution.derivedKey;
    guessedKey.solution.derivedKey = key.slice(0, -1) + (key.endsWith('0') ? '1' : '0');
    for (const forged of [easier, guessedKey]) {
      const response = await post(url, { [PROOF_OF_WORK_HEADER]: encode(forged) });
      expect(response.statusCode).toBe(403);
      expect(response.json().reason).toBe('proof-of-work');
    }
    expect(await visitsOf(office.id)).toBe(0);
  });

  it('raises the difficulty of a waiting room under pressure, and only there', async () => {
    const tenant = await createTestTenant(server);
    await openOffice(server, tenant, 'begehrt');
    await openOffice(server, tenant, 'ruhig');
    const url = visitsUrl(tenant.slug, 'begehrt');
    const largestCounter = async (target: string) => {
      let largest = 0;
      for (let i = 0; i < 20; i++) {
        const header = await solveProofOfWork(await challenge(target));
        largest = Math.max(largest, JSON.parse(Buffer.from(header, 'base64').toString()).solution.counter);
      }
      return largest;
    };
    expect((await challenge(url)).parameters.data.level).toBe('normal');
    expect(await largestCounter(url)).toBeLessThanOrEqual(20);

    // Solves are counted when spent; refusals after the proof (a closed office) still count.
    for (let i = 0; i < PRESSURE; i++) await post(url, await proofOfWork(server.app, url));
    expect((await challenge(url)).parameters.data.level).toBe('raised');
    for (let i = 0; i < 3 * PRESSURE; i++) await post(url, await proofOfWork(server.app, url));
    expect((await challenge(url)).parameters.data.level).toBe('high');
    // At "high" the mean is sixteen times the normal one: twenty solves never all stay at the normal range.
    expect(await largestCounter(url)).toBeGreaterThan(20);

    expect((await challenge(visitsUrl(tenant.slug, 'ruhig'))).parameters.data.level).toBe('normal');
  });

  it('guards booking the same way, per service', async () => {
    const tenant = await createTestTenant(server);
    const office = await openOffice(server, tenant, 'termine');
    const service = await serviceRepository(server.ctx).create(tenant.tenantId, {
      ...serviceBody(tenant.unitId),
      durationMinutes: 30,
    });
    await agentFor(server, tenant, [office.id]);
    const url = `/api/public/tenants/${tenant.slug}/services/${service.id}/appointments`;
    const booking = {
      start: Temporal.Instant.from('2026-11-25T14:00:00Z').toString(),
      name: 'Erika Mustermann',
      email: 'erika@example.org',
      consent: true,
    };
    const without = await server.app.inject({ method: 'POST', url, payload: booking });
    expect(without.statusCode).toBe(400);
    expect(without.json().errors[0].field).toBe(`headers.${PROOF_OF_WORK_HEADER}`);
    const officeProof = await proofOfWork(server.app, visitsUrl(tenant.slug, 'termine'));
    const wrongScope = await server.app.inject({
      method: 'POST',
      url,
      payload: booking,
      headers: officeProof,
    });
    expect(wrongScope.statusCode).toBe(403);
    const appointments = await server.ctx.db.query('SELECT 1 FROM appointments WHERE service_id = $1', [
      service.id,
    ]);
    expect(appointments).toHaveLength(0);
    expect((await challenge(url)).parameters.data.scope).toBe(`service:${service.id}`);
  });
});
