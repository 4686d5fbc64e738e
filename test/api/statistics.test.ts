import ExcelJS from 'exceljs';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { COUNT_KEYS, OUTCOME_KEYS, type Statistics, type StatisticsRow } from '../../src/shared/statistics';
import { describeEachDb } from '../support/each-db';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';
import {
  createStatisticsWorld,
  generateSeed,
  insertSeed,
  type Seed,
  type StatisticsWorld,
} from '../support/statistics-seed';
import { type CapacityWorld, expectedCapacity } from './capacity-expected';
import { officeBody, serviceBody } from './fixtures';
import {
  type ExpectedFilter,
  type ExpectedRow,
  expectedStars,
  expectedStatistics,
} from './statistics-expected';

/** Eight weeks across the end of summer time (25 October 2026) and three months. */
const PERIOD = { from: '2026-09-28', to: '2026-11-22' };
const ADDITIVE = [
  ['walkIns', 'appointments'],
  ['served', 'leftWaiting', 'leftInCall', 'missed'],
];

const emptyExpected = (): ExpectedRow => ({
  counts: Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])),
  outcomes: Object.fromEntries(OUTCOME_KEYS.map((k) => [k, 0])),
  wait: { cases: 0, median: null, p90: null, max: null },
  talk: { cases: 0, median: null, p90: null, max: null },
});

/**
 * Each published figure equals the one computed from the seed; a hidden one is a small figure (1–4)
 * or hides another in a sum (then its group hides at least two). Returns how many figures were shown.
 */
function compareRow(published: StatisticsRow, expected: ExpectedRow, where: string) {
  let shown = 0;
  const check = (cell: number | null, raw: number, name: string, partOfSum: boolean) => {
    if (cell !== null) {
      expect(cell, `${where} ${name}`).toBe(raw);
      shown += 1;
    } else if (!(raw > 0 && raw < 5)) {
      expect(partOfSum || expected.counts.cases! < 5, `${where} ${name}: ${raw} hidden`).toBe(true);
    }
  };
  for (const [key, raw] of Object.entries(expected.counts)) {
    check(published.counts[key as keyof StatisticsRow['counts']], raw, key, ADDITIVE.flat().includes(key));
  }
  for (const [key, raw] of Object.entries(expected.outcomes)) {
    check(published.outcomes[key as keyof StatisticsRow['outcomes']], raw, `outcome ${key}`, true);
  }
  for (const group of [
    ...ADDITIVE.map((g) => g.map((k) => published.counts[k as 'cases'])),
    Object.values(published.outcomes),
  ]) {
    if (published.counts.cases !== null) expect(group.filter((c) => c === null).length, where).not.toBe(1);
  }
  for (const measure of ['wait', 'talk'] as const) {
    const want = expected[measure];
    if (want.cases >= 5) {
      expect(published[measure], `${where} ${measure}`).toEqual(want);
      shown += 3;
    } else {
      expect(published[measure], `${where} ${measure}`).toMatchObject({ median: null, p90: null, max: null });
    }
  }
  return shown;
}

/** Every row of the answer against the seed; returns shown and all figures, to see that most are shown. */
function compareAll(statistics: Statistics, expected: Map<string, ExpectedRow>) {
  let shown = compareRow(statistics.total, expected.get('total:total')!, 'total');
  let rows = 1;
  for (const [dimension, published] of Object.entries(statistics.dimensions)) {
    const keys = new Set(published.map((r) => `${dimension}:${r.key}`));
    for (const key of expected.keys()) {
      if (key.startsWith(`${dimension}:`)) expect(keys, `row ${key}`).toContain(key);
    }
    for (const row of published) {
      shown += compareRow(
        row,
        expected.get(`${dimension}:${row.key}`) ?? emptyExpected(),
        `${dimension} ${row.key}`,
      );
      rows += 1;
    }
  }
  return { shown, rows };
}

/** No count anywhere in the answer lies between 1 and 4. */
function expectNoSmallCounts(value: unknown, path = ''): void {
  const isCount = /\.(counts|outcomes|stars)\.[^.]+$|\.cases$|^\.ratings\.total$/.test(path);
  if (typeof value === 'number' && isCount) {
    expect(value > 0 && value < 5, `${path} = ${value}`).toBe(false);
  } else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) expectNoSmallCounts(inner, `${path}.${key}`);
  }
}

describeEachDb('statistics', (kind) => {
  let server: TestServer;
  let tenant: TestTenant;
  let world: StatisticsWorld & { names: Map<string, string> };
  let seed: Seed;
  let lead: { cookie: string };
  let reporting: { cookie: string };
  let capacityWorld: CapacityWorld;

  beforeAll(async () => {
    server = await startTestServer(kind);
    // Tuesday 24 November 2026 in the afternoon: the default period ends today.
    server.ctx.clock = () => Temporal.Instant.from('2026-11-24T15:00:00Z');
    tenant = await createTestTenant(server);
    const agent = await tenant.staff('agent');
    world = await createStatisticsWorld(server.ctx, tenant, agent.id);
    seed = generateSeed(world, { count: 1000, firstDay: PERIOD.from, days: 56, seed: 20261124 });
    await insertSeed(server.ctx.db, world, seed);
    lead = await tenant.staff('lead');
    reporting = await tenant.staff('reporting');
    capacityWorld = await seedCapacity(agent.id);
  });

  /**
   * Besides the clerk of every office (off on Monday 12 October), a helper in the building office who
   * works hours of their own; described as the expectation reads them.
   */
  async function seedCapacity(clerkId: string): Promise<CapacityWorld> {
    const building = world.offices[2]!.id;
    const helper = await tenant.staff('agent', { officeIds: [building] });
    const helperHours = { mon: [{ from: '09:00', to: '11:00' }], thu: [{ from: '14:00', to: '15:10' }] };
    await server.ctx.db.query('UPDATE staff SET working_hours = $2::jsonb WHERE id = $1', [
      helper.id,
      JSON.stringify(helperHours),
    ]);
    await server.ctx.db.query(
      `INSERT INTO staff_exceptions (tenant_id, staff_id, kind, during)
       VALUES ($1, $2, 'absent', tstzrange('2026-10-12T00:00:00+02:00', '2026-10-13T00:00:00+02:00'))`,
      [tenant.tenantId, clerkId],
    );
    const office = officeBody(tenant.unitId);
    const service = serviceBody(tenant.unitId);
    return {
      offices: world.offices
        .map((o) => ({
          ...o,
          name: world.names.get(o.id)!,
          hours: office.openingHours,
          closedDays: office.closedDays,
        }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      services: world.services.map((s) => ({
        ...s,
        duration: service.durationMinutes,
        before: service.bufferBeforeMinutes,
        after: service.bufferAfterMinutes,
      })),
      agents: [
        { officeIds: world.offices.map((o) => o.id), hours: null, absentDays: ['2026-10-12'] },
        { officeIds: [building], hours: helperHours, absentDays: [] },
      ],
      holidayState: 'BY',
    };
  }
  afterAll(() => server.close());

  const get = (cookie: string, query: Record<string, string>, path = '') =>
    server.app.inject({
      method: 'GET',
      url: `/api/statistics${path}?${new URLSearchParams(query)}`,
      headers: { cookie },
    });
  const filterOf = (query: {
    officeId?: string;
    serviceId?: string;
    from?: string;
    to?: string;
  }): ExpectedFilter => ({
    timeZone: world.timeZone,
    from: query.from ?? PERIOD.from,
    to: query.to ?? PERIOD.to,
    officeIds: query.officeId ? [query.officeId] : null,
    serviceId: query.serviceId ?? null,
  });

  it('gives the figures computed directly from 1,000 seeded visits, for the whole period and filtered', async () => {
    const queries: { from: string; to: string; officeId?: string; serviceId?: string }[] = [
      { ...PERIOD },
      { ...PERIOD, officeId: world.offices[0]!.id },
      { ...PERIOD, serviceId: world.services[0]!.id },
      { ...PERIOD, officeId: world.offices[1]!.id, serviceId: world.services[2]!.id },
      // The week summer time ends: Sunday's hours are counted in Berlin's time.
      { from: '2026-10-19', to: '2026-10-25' },
    ];
    for (const query of queries) {
      const response = await get(reporting.cookie, query);
      expect(response.statusCode, response.body).toBe(200);
      const statistics = response.json() as Statistics;
      const { shown, rows } = compareAll(statistics, expectedStatistics(seed, filterOf(query)));
      expect(rows).toBeGreaterThan(10);
      if (!query.officeId && !query.serviceId && query.from === PERIOD.from) {
        // Most figures are large enough to show: suppression hides the rare cells only.
        expect(shown).toBeGreaterThan(rows * 20);
        expect(statistics.total.counts.cases).toBeGreaterThan(800);
      }
      expectNoSmallCounts(statistics);
      const stars = expectedStars(seed, filterOf(query));
      const total = stars.reduce((a, b) => a + b, 0);
      expect(statistics.ratings.available).toBe(!query.serviceId);
      if (!query.serviceId && total >= 5) {
        expect(statistics.ratings.total).toBe(total);
        statistics.ratings.stars.forEach((cell, i) => {
          if (cell !== null) expect(cell).toBe(stars[i]);
        });
      }
    }
  });

  it('buckets days and hours in the authority’s time zone, also after it changes', async () => {
    const berlin = (await get(reporting.cookie, PERIOD)).json() as Statistics;
    await server.ctx.db.query(`UPDATE tenants SET time_zone = 'America/New_York' WHERE id = $1`, [
      world.tenantId,
    ]);
    try {
      const response = await get(reporting.cookie, PERIOD);
      const newYork = response.json() as Statistics;
      expect(newYork.timeZone).toBe('America/New_York');
      compareAll(newYork, expectedStatistics(seed, { ...filterOf(PERIOD), timeZone: 'America/New_York' }));
      // Five or six hours earlier: office hours from 7 to 18 in Berlin are early morning in New York.
      const hours = (s: Statistics) => s.dimensions.hour.map((r) => Number(r.key));
      expect(Math.min(...hours(berlin))).toBe(7);
      expect(Math.max(...hours(newYork))).toBeLessThanOrEqual(13);
    } finally {
      await server.ctx.db.query(`UPDATE tenants SET time_zone = 'Europe/Berlin' WHERE id = $1`, [
        world.tenantId,
      ]);
    }
  });

  it('exports the same figures as XLSX and CSV', async () => {
    const query = { ...PERIOD, officeId: world.offices[0]!.id };
    const statistics = (await get(reporting.cookie, query)).json() as Statistics;
    const xlsx = await get(reporting.cookie, { ...query, lang: 'de' }, '/export.xlsx');
    expect(xlsx.statusCode, xlsx.body).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    expect(xlsx.headers['content-disposition']).toContain('statistik-2026-09-28-2026-11-22.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cellsOf = (row: StatisticsRow) => [
      ...Object.values(row.counts),
      ...Object.values(row.outcomes),
      ...Object.values(row.wait),
      ...Object.values(row.talk),
    ];
    const sheets: [string, StatisticsRow[]][] = [
      ['Gesamt', [statistics.total]],
      ['Büro', statistics.dimensions.office],
      ['Dienstleistung', statistics.dimensions.service],
      ['Wochentag', statistics.dimensions.weekday],
      ['Stunde', statistics.dimensions.hour],
      ['Woche', statistics.dimensions.week],
      ['Monat', statistics.dimensions.month],
      ['Art', statistics.dimensions.kind],
    ];
    let compared = 0;
    for (const [name, rows] of sheets) {
      const sheet = workbook.getWorksheet(name);
      expect(sheet, name).toBeDefined();
      expect(sheet!.rowCount).toBe(rows.length + 1);
      rows.forEach((row, i) => {
        const values = (sheet!.getRow(i + 2).values as unknown[]).slice(2);
        expect(values, `${name} ${row.key}`).toEqual(cellsOf(row).map((c) => c ?? '< 5'));
        compared += values.length;
      });
    }
    expect(compared).toBeGreaterThan(1000);
    const month = workbook.getWorksheet('Monat')!;
    expect(month.getCell('A2').value).toBe('September 2026');
    expect(workbook.getWorksheet('Hinweise')!.getCell('B4').value).toBe('Europe/Berlin');

    const csv = await get(reporting.cookie, { ...query, lang: 'en' }, '/export.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toMatch(/^Grouping;Label;Cases;Walk-ins;/);
    const totalLine = lines.find((l) => l.startsWith('Total;'))!.split(';');
    expect(totalLine.slice(2, 2 + 12)).toEqual(
      Object.values(statistics.total.counts).map((c) => String(c ?? '< 5')),
    );
    expect(lines.filter((l) => l.startsWith('Office;'))).toHaveLength(1);
    expect(lines.some((l) => l.startsWith('Ratings;5 stars;'))).toBe(true);
  });

  it('gives the appointment capacity offered and booked per office and service, as computed from the seed', async () => {
    const queries = [
      { ...PERIOD },
      { ...PERIOD, officeId: world.offices[2]!.id },
      { ...PERIOD, serviceId: world.services[4]!.id },
      // The clerk's day off and a week of few appointments.
      { from: '2026-10-12', to: '2026-10-18' },
    ];
    for (const query of queries) {
      const statistics = (await get(reporting.cookie, query)).json() as Statistics;
      const expected = expectedCapacity(capacityWorld, seed, filterOf(query));
      const keyOf = (row: { officeId: string; serviceId: string }) => `${row.officeId} ${row.serviceId}`;
      expect(statistics.capacity.map(keyOf).sort()).toEqual([...expected.keys()].sort());
      for (const row of statistics.capacity) {
        const want = expected.get(keyOf(row))!;
        const where = `${JSON.stringify(query)} ${row.officeName} ${row.serviceName}`;
        expect(row.offered, where).toBe(want.offered);
        if (row.booked === null) expect(want.booked > 0 && want.booked < 5, where).toBe(true);
        else expect(row.booked, where).toBe(want.booked);
        expect(row.share, where).toBe(
          row.booked === null || want.offered === 0 ? null : Math.round((want.booked / want.offered) * 100),
        );
      }
      expect(
        statistics.capacity.some((row) => row.offered > 0),
        JSON.stringify(query),
      ).toBe(true);
    }
    const whole = (await get(reporting.cookie, PERIOD)).json() as Statistics;
    expect(whole.capacity.filter((row) => row.share !== null).length).toBeGreaterThan(3);

    const xlsx = await get(reporting.cookie, { ...PERIOD, lang: 'de' }, '/export.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Kapazität')!;
    expect(sheet.rowCount).toBe(whole.capacity.length + 1);
    whole.capacity.forEach((row, i) => {
      expect((sheet.getRow(i + 2).values as unknown[]).slice(1)).toEqual([
        row.officeName,
        row.serviceName,
        row.offered,
        row.booked ?? '< 5',
        row.share ?? (row.booked === null ? '< 5' : '–'),
      ]);
    });
    const csv = (await get(reporting.cookie, { ...PERIOD, lang: 'en' }, '/export.csv')).body.split(/\r?\n/);
    const heading = csv.indexOf(
      'Grouping;Office;Service;Appointments offered;Appointments booked;Share booked (%)',
    );
    expect(heading).toBeGreaterThan(0);
    const first = whole.capacity[0]!;
    expect(csv[heading + 1]).toBe(
      [
        'Capacity',
        first.officeName,
        first.serviceName,
        first.offered,
        first.booked ?? '< 5',
        first.share ?? (first.booked === null ? '< 5' : '–'),
      ].join(';'),
    );
  });

  it('suppresses small cells: a service of a handful of visits shows "< 5" and nothing more', async () => {
    // One week of one office: groups shrink to a few visits.
    const query = { from: '2026-10-05', to: '2026-10-11', officeId: world.offices[2]!.id };
    const statistics = (await get(reporting.cookie, query)).json() as Statistics;
    const expected = expectedStatistics(seed, filterOf(query));
    compareAll(statistics, expected);
    const small = statistics.dimensions.hour.filter((row) => {
      const cases = expected.get(`hour:${row.key}`)!.counts.cases!;
      return cases > 0 && cases < 5;
    });
    expect(small.length).toBeGreaterThan(0);
    for (const row of small) {
      expect(row.counts.cases).toBeNull();
      expect(row.counts.served).toBeNull();
      expect(row.wait).toEqual({ cases: null, median: null, p90: null, max: null });
    }
    expectNoSmallCounts(statistics);
  });

  it('is for leads, admins and the reporting role only; a lead sees the offices of their units', async () => {
    const agent = await tenant.staff('agent');
    const forbidden = await get(agent.cookie, PERIOD);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.headers['content-type']).toContain('application/problem+json');
    expect((await get(agent.cookie, PERIOD, '/export.xlsx')).statusCode).toBe(403);
    expect((await server.app.inject({ method: 'GET', url: '/api/statistics' })).statusCode).toBe(401);

    const admin = await tenant.staff('admin');
    expect((await get(admin.cookie, PERIOD)).statusCode).toBe(200);

    const own = (await get(lead.cookie, PERIOD)).json() as Statistics;
    const leadOffices = world.offices.filter((o) => o.unitId === tenant.unitId).map((o) => o.id);
    expect(own.offices.map((o) => o.id).sort()).toEqual([...leadOffices].sort());
    compareAll(own, expectedStatistics(seed, { ...filterOf(PERIOD), officeIds: leadOffices }));
    const elsewhere = await get(lead.cookie, { ...PERIOD, officeId: world.offices[2]!.id });
    expect(elsewhere.statusCode).toBe(404);

    // The reporting role serves no office: the workspace is closed to it, and it may not be given one.
    const withOffice = await server.app.inject({
      method: 'POST',
      url: '/api/admin/staff',
      headers: { cookie: admin.cookie },
      payload: {
        email: 'controlling@example.org',
        displayName: 'Controlling',
        role: 'reporting',
        unitId: null,
        officeIds: [world.offices[0]!.id],
        active: true,
        password: 'ein-sehr-langes-und-seltenes-Passwort-7391',
      },
    });
    expect(withOffice.statusCode, withOffice.body).toBe(400);
    expect(withOffice.json().errors).toEqual([
      { field: 'body.officeIds', message: 'A reporting account serves no office' },
    ]);
    expect(
      (
        await server.app.inject({
          method: 'GET',
          url: '/api/staff/workspace',
          headers: { cookie: reporting.cookie },
        })
      ).statusCode,
    ).toBe(403);
  });

  it('refuses bad filters with problem+json naming the field', async () => {
    const cases: [Record<string, string>, string, number][] = [
      [{ from: '2026-11-01', to: '2026-10-01' }, 'querystring.to', 400],
      [{ from: '2026-11-01' }, 'querystring.to', 400],
      [{ from: '2026-13-01', to: '2026-12-01' }, 'querystring.from', 400],
      [{ from: '2024-01-01', to: '2026-01-01' }, 'querystring.to', 400],
      [{ ...PERIOD, officeId: 'nicht-eine-id' }, 'querystring.officeId', 400],
      [{ ...PERIOD, color: 'blue' }, 'querystring', 400],
      [{ ...PERIOD, lang: 'fr' }, 'querystring.lang', 400],
    ];
    for (const [query, field, status] of cases) {
      const path = 'lang' in query ? '/export.csv' : '';
      const response = await get(reporting.cookie, query, path);
      expect(response.statusCode, JSON.stringify(query)).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const unknown = await get(reporting.cookie, { ...PERIOD, serviceId: crypto.randomUUID() });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers['content-type']).toContain('application/problem+json');
  });

  it('shows the last four weeks up to today (the app’s clock, the authority’s calendar) by default', async () => {
    const statistics = (await get(reporting.cookie, {})).json() as Statistics;
    expect(statistics.filter).toMatchObject({ from: '2026-10-28', to: '2026-11-24' });
    compareAll(statistics, expectedStatistics(seed, filterOf({ from: '2026-10-28', to: '2026-11-24' })));
  });
});
