import fc from 'fast-check';
import pg from 'pg';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freeSlotSpans } from '../../src/server/domain/slots';
import { serviceRepository } from '../../src/server/modules/admin/services';
import { loadSlotContext, slotQuery } from '../../src/server/modules/booking/slot-context';
import { describeEachDb } from '../support/each-db';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';
import { serviceBody } from './fixtures';
import { agentFor, openOffice } from './visits-fixtures';

/** Wednesday 2 December 2026 in Berlin, a week after the fixed test clock: the office's day. */
const DAY = Temporal.PlainDate.from('2026-12-02');
const SLOT_MS = 30 * 60_000;
/** 08:00 Berlin on DAY: the office's first slot. */
const OPENS = Date.parse('2026-12-02T07:00:00Z');

/**
 * The slot search keeps a read model per process and asks the database only what changed since. Every
 * change here is written straight into the database, as another process or an admin would: each search
 * must then answer what a search from scratch answers.
 */
/** A second connection of its own, as another process's booking has. */
const asQueryable = (client: pg.Client) => ({
  query: async <T>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as T[],
});

describeEachDb('slot search read model', (kind) => {
  let server: TestServer;
  let tenant: TestTenant;
  let service: { id: string };
  let office: { id: string };
  let agents: string[];
  beforeAll(async () => {
    server = await startTestServer(kind);
    tenant = await createTestTenant(server);
    office = await openOffice(server, tenant, 'lesemodell');
    service = await serviceRepository(server.ctx).create(tenant.tenantId, {
      ...serviceBody(tenant.unitId),
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
    });
    agents = [];
    for (let i = 0; i < 2; i++) agents.push((await agentFor(server, tenant, [office.id])).id);
  });
  afterAll(() => server.close());

  const days = { from: DAY, to: DAY };
  const searched = async () => {
    const response = await server.app.inject({
      url: `/api/public/tenants/${tenant.slug}/services/${service.id}/slots?from=${DAY}&days=1`,
    });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().slots as { start: string }[]).map((s) => Date.parse(s.start));
  };
  const fromScratch = async () => {
    const context = await loadSlotContext(server.ctx.db, tenant.tenantId, service.id, days);
    const query = slotQuery(context, server.ctx.config.booking, server.ctx.clock(), days);
    return freeSlotSpans(query).map((s) => s.start);
  };

  /** An appointment written as another process's booking would be; false if the agent was taken then. */
  async function insertAppointment(db: Pick<TestServer['ctx']['db'], 'query'>, agent: string, start: number) {
    const [from, to] = [new Date(start).toISOString(), new Date(start + SLOT_MS).toISOString()];
    try {
      await db.query(
        `INSERT INTO appointments (tenant_id, service_id, office_id, agent_id, starts_at, ends_at, blocked,
           citizen_name, citizen_email, manage_token_hash)
         VALUES ($1, $2, $3, $4, $5, $6, tstzrange($5, $6), 'Test', 'test@example.org', md5(random()::text))`,
        [tenant.tenantId, service.id, office.id, agent, from, to],
      );
      return true;
    } catch (error) {
      if ((error as { code?: string }).code === '23P01') return false;
      throw error;
    }
  }

  type Change =
    | { kind: 'book'; agent: number; slot: number }
    | { kind: 'cancel' | 'delete'; pick: number }
    | { kind: 'absent'; agent: number; slot: number; slots: number }
    | { kind: 'hours'; until: number };
  const change: fc.Arbitrary<Change> = fc.oneof(
    // Few slots and two agents, so that bookings often take a slot's last free agent and change the list.
    fc.record({ kind: fc.constant('book' as const), agent: fc.nat(1), slot: fc.nat(5) }),
    fc.record({ kind: fc.constantFrom('cancel' as const, 'delete' as const), pick: fc.nat() }),
    fc.record({ kind: fc.constant('absent' as const), agent: fc.nat(1), slot: fc.nat(5), slots: fc.nat(3) }),
    fc.record({ kind: fc.constant('hours' as const), until: fc.integer({ min: 12, max: 18 }) }),
  );

  async function apply(step: Change) {
    const db = server.ctx.db;
    const live = await db.query<{ id: string }>(
      `SELECT id FROM appointments WHERE service_id = $1 AND status = 'booked' ORDER BY id`,
      [service.id],
    );
    const picked = 'pick' in step ? live[step.pick % Math.max(1, live.length)] : undefined;
    if (step.kind === 'book') await insertAppointment(db, agents[step.agent]!, OPENS + step.slot * SLOT_MS);
    if (step.kind === 'cancel' && picked)
      await db.query(`UPDATE appointments SET status = 'cancelled' WHERE id = $1`, [picked.id]);
    if (step.kind === 'delete' && picked)
      await db.query('DELETE FROM appointments WHERE id = $1', [picked.id]);
    if (step.kind === 'absent') {
      const from = OPENS + step.slot * SLOT_MS;
      await db.query(
        `INSERT INTO staff_exceptions (tenant_id, staff_id, kind, during)
         VALUES ($1, $2, 'absent', tstzrange($3, $4))`,
        [
          tenant.tenantId,
          agents[step.agent],
          new Date(from).toISOString(),
          new Date(from + (step.slots + 1) * SLOT_MS).toISOString(),
        ],
      );
    }
    if (step.kind === 'hours')
      await db.query('UPDATE offices SET opening_hours = $2 WHERE id = $1', [
        office.id,
        JSON.stringify({ wed: [{ from: '08:00', to: `${step.until}:00` }] }),
      ]);
  }

  async function reset() {
    await server.ctx.db.query('DELETE FROM appointments WHERE service_id = $1', [service.id]);
    await server.ctx.db.query('DELETE FROM staff_exceptions WHERE staff_id = ANY($1)', [agents]);
    await apply({ kind: 'hours', until: 18 });
  }

  it('answers after any sequence of changes by others what a search from scratch answers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(change, { minLength: 1, maxLength: 10 }), async (steps) => {
        await reset();
        expect(await searched()).toEqual(await fromScratch());
        for (const step of steps) {
          await apply(step);
          expect(await searched(), JSON.stringify(step)).toEqual(await fromScratch());
        }
      }),
      { numRuns: 12 },
    );
  });

  it('reads only the appointments written since, not the whole days again', async () => {
    await reset();
    await searched();
    expect(await insertAppointment(server.ctx.db, agents[0]!, OPENS)).toBe(true);
    const statements: string[] = [];
    const query = server.ctx.db.query.bind(server.ctx.db);
    server.ctx.db.query = ((sql: string, params?: unknown[]) => {
      statements.push(sql);
      return query(sql, params);
    }) as typeof query;
    let answer: number[];
    try {
      answer = await searched();
    } finally {
      server.ctx.db.query = query;
    }
    expect(answer).toEqual(await fromScratch());
    // The authority by its slug, then what changed since: not the days' appointments again.
    expect(statements).toHaveLength(2);
    expect(statements[1]).toMatch(/change_xid >= \$2/);
  });

  // Two transactions at once need the real database (PGlite has one connection).
  it.skipIf(kind !== 'postgres')(
    'sees a booking that commits after a later one was already seen',
    async () => {
      await reset();
      await searched();
      const slow = new pg.Client({ connectionString: server.databaseUrl });
      await slow.connect();
      try {
        // The slow booking's transaction starts first, so its id is the older; it takes both agents at 08:00.
        await slow.query('BEGIN');
        await slow.query('SELECT pg_current_xact_id()');
        for (const agent of agents)
          expect(await insertAppointment(asQueryable(slow), agent, OPENS)).toBe(true);
        for (const agent of agents)
          expect(await insertAppointment(server.ctx.db, agent, OPENS + SLOT_MS)).toBe(true);
        const before = await searched();
        expect(before).toEqual(await fromScratch());
        expect(before).toContain(OPENS);
        expect(before).not.toContain(OPENS + SLOT_MS);
        await slow.query('COMMIT');
        const after = await searched();
        expect(after).toEqual(await fromScratch());
        expect(after).not.toContain(OPENS);
      } finally {
        await slow.end();
      }
    },
  );
});
