import { afterAll, beforeAll, expect, it } from 'vitest';
import type { WaitingPage } from '../../src/shared/visits';
import { describeEachDb } from '../support/each-db';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { agentFor, openOffice, WEDNESDAY_MORNING } from './visits-fixtures';

/**
 * A queue longer than the head the socket pushes (50): the agent reads it on in pages, in queue order,
 * as the line is now.
 */
describeEachDb('a long queue beyond its head', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { listen: true });
  });
  afterAll(() => server.close());

  /** An office with `count` citizens waiting, arrived a minute apart: "Person 1" first. */
  async function longQueue(count: number) {
    const tenant = await createTestTenant(server);
    const office = await openOffice(server, tenant, 'lang', count + 10);
    const agent = await agentFor(server, tenant, [office.id]);
    await server.ctx.db.query(
      `INSERT INTO visits (tenant_id, office_id, display_name, concern, status, resume_token_hash, arrived_at, queued_at)
       SELECT $1, $2::uuid, 'Person ' || i, '', 'waiting', 'long-' || $2::text || '-' || i,
              $3::timestamptz + make_interval(mins => i), $3::timestamptz + make_interval(mins => i)
         FROM generate_series(1, $4::int) i`,
      [tenant.tenantId, office.id, new Date(WEDNESDAY_MORNING.epochMilliseconds - 24 * 3600_000), count],
    );
    const get = (query: string, cookie = agent.cookie) =>
      server.app.inject({ url: `/api/staff/offices/${office.id}/waiting?${query}`, headers: { cookie } });
    return { tenant, office, agent, get };
  }
  const names = (page: WaitingPage) => page.entries.map((entry) => entry.displayName);
  const people = (from: number, to: number) =>
    Array.from({ length: to - from + 1 }, (_, i) => `Person ${from + i}`);

  it('gives the places asked for in queue order, fewer at the end of the line, and moves up as the line does', async () => {
    const { agent, office, get } = await longQueue(120);
    const second = await get('from=50&count=50');
    expect(second.statusCode).toBe(200);
    expect(second.json<WaitingPage>()).toMatchObject({ from: 50, waiting: 120 });
    expect(names(second.json())).toEqual(people(51, 100));
    // Shown as the head is: what the queue table needs for each row.
    expect(second.json<WaitingPage>().entries[0]).toMatchObject({
      displayName: 'Person 51',
      holdsPlace: true,
      heldBy: null,
      priority: 0,
    });
    expect(names((await get('from=100&count=50')).json())).toEqual(people(101, 120));
    expect((await get('from=500')).json()).toEqual({ from: 500, waiting: 120, entries: [] });

    // The first in line is removed: everyone moves up one place, the page too.
    const [first] = await server.ctx.db.query<{ id: string }>(
      `SELECT id FROM visits WHERE office_id = $1 AND display_name = 'Person 1'`,
      [office.id],
    );
    const removed = await server.app.inject({
      method: 'POST',
      url: `/api/staff/offices/${office.id}/remove-visits`,
      headers: { cookie: agent.cookie },
      payload: { visitIds: [first!.id] },
    });
    expect(removed.statusCode).toBe(200);
    await expect.poll(async () => names((await get('from=50&count=3')).json())).toEqual(people(52, 54));
    expect((await get('from=50&count=3')).json<WaitingPage>().waiting).toBe(119);
  });

  it('refuses bad pages with a clear problem, and an office the agent does not serve as unknown', async () => {
    const { tenant, get } = await longQueue(3);
    for (const query of ['from=-1', 'count=0', 'from=0&count=100000', 'from=x', 'from=0&sort=name']) {
      const answer = await get(query);
      expect(answer.statusCode, query).toBe(400);
      expect(answer.headers['content-type'], query).toContain('application/problem+json');
    }
    const stranger = await agentFor(server, tenant, []);
    expect((await get('from=0', stranger.cookie)).statusCode).toBe(404);
    const other = await createTestTenant(server);
    const theirs = await agentFor(server, other, []);
    expect((await get('from=0', theirs.cookie)).statusCode).toBe(404);
  });
});
