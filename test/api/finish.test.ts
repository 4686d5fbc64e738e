import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serviceRepository } from '../../src/server/modules/admin/services';
import { unitRepository } from '../../src/server/modules/admin/units';
import { readFlags } from '../../src/server/modules/statistics/visit-flags';
import type { FinishForm } from '../../src/shared/finish';
import type { Statistics } from '../../src/shared/statistics';
import { describeEachDb } from '../support/each-db';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { callScene, consultationRequest, linkAppointment } from './consultation-fixtures';
import { pdfText } from './consultation-pdf';
import { serviceBody } from './fixtures';
import { enter } from './visits-fixtures';

describeEachDb('finishing a consultation', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.close());

  /** A call scene with two services of the office's unit and one of another unit. */
  async function scene() {
    const call = await callScene(server);
    const services = serviceRepository(server.ctx);
    const { tenantId, unitId } = call.tenant;
    const passport = await services.create(tenantId, { ...serviceBody(unitId), name: 'Reisepass' });
    const idCard = await services.create(tenantId, { ...serviceBody(unitId), name: 'Personalausweis' });
    const otherUnit = await unitRepository(server.ctx).create(tenantId, { name: 'Bauamt', parentId: null });
    const building = await services.create(tenantId, { ...serviceBody(otherUnit.id), name: 'Bauantrag' });
    const staff = (method: 'GET' | 'POST' | 'PUT', path: string, payload?: unknown) =>
      server.app.inject({
        method,
        url: `/api/staff/consultations/${call.consultationId}${path}`,
        headers: { cookie: call.agent.cookie },
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
    return { ...call, passport, idCard, building, staff };
  }

  const performed = (consultationId: string) =>
    server.ctx.db.query<{ serviceId: string; count: number }>(
      `SELECT service_id AS "serviceId", count FROM consultation_services WHERE consultation_id = $1 ORDER BY count DESC`,
      [consultationId],
    );

  it('ends the call with the services performed and the outcome, offering the office’s services', async () => {
    const s = await scene();
    const form = (await s.staff('GET', '/finish')).json() as FinishForm;
    expect(form.services.map((x) => x.name)).toEqual(['Personalausweis', 'Reisepass']);
    expect(form).toMatchObject({ performed: [], outcome: null });

    const ended = await s.staff('POST', '/end', {
      services: [
        { serviceId: s.idCard.id, count: 2 },
        { serviceId: s.passport.id, count: 1 },
      ],
      outcome: 'documents_missing',
    });
    expect(ended.statusCode, ended.body).toBe(200);
    expect(await performed(s.consultationId)).toEqual([
      { serviceId: s.idCard.id, count: 2 },
      { serviceId: s.passport.id, count: 1 },
    ]);
    const after = (await s.staff('GET', '/finish')).json() as FinishForm;
    expect(after.outcome).toBe('documents_missing');
    expect(after.performed).toHaveLength(2);
    // The record (notes and outcome) shows the same outcome.
    const record = await consultationRequest(server)(
      { cookie: s.agent.cookie },
      'GET',
      s.consultationId,
      '/record',
    );
    expect(record.json().outcome).toBe('documents_missing');

    // The protocol names them.
    const issued = await consultationRequest(server)(
      { cookie: s.agent.cookie },
      'POST',
      s.consultationId,
      '/protocol',
      {},
    );
    expect(issued.statusCode, issued.body).toBe(201);
    const json = await consultationRequest(server)(
      { cookie: s.agent.cookie },
      'GET',
      s.consultationId,
      '/protocol.json',
    );
    expect(json.json().performedServices).toEqual([
      { id: s.idCard.id, name: 'Personalausweis', count: 2 },
      { id: s.passport.id, name: 'Reisepass', count: 1 },
    ]);
    const pdf = await consultationRequest(server)(
      { cookie: s.agent.cookie },
      'GET',
      s.consultationId,
      '/protocol.pdf',
    );
    const text = await pdfText(pdf.rawPayload);
    expect(text).toContain('Erbrachte Leistungen');
    expect(text).toContain('2 × Personalausweis');
  });

  it('still ends a call without a body (older clients) and records nothing', async () => {
    const s = await scene();
    const ended = await s.staff('POST', '/end');
    expect(ended.statusCode, ended.body).toBe(200);
    expect(await performed(s.consultationId)).toEqual([]);
    expect(((await s.staff('GET', '/finish')).json() as FinishForm).outcome).toBeNull();
  });

  it('refuses a bad finish form with problem+json, and the call goes on', async () => {
    const s = await scene();
    const foreign = await createTestTenant(server, 'Andere Stadt');
    const foreignService = await serviceRepository(server.ctx).create(
      foreign.tenantId,
      serviceBody(foreign.unitId),
    );
    const cases: [unknown, string][] = [
      [{ services: [{ serviceId: s.idCard.id, count: 0 }], outcome: null }, 'body.services.0.count'],
      [{ services: [{ serviceId: s.idCard.id, count: 100 }], outcome: null }, 'body.services.0.count'],
      [{ services: [{ serviceId: s.idCard.id, count: 1.5 }], outcome: null }, 'body.services.0.count'],
      [
        {
          services: [
            { serviceId: s.idCard.id, count: 1 },
            { serviceId: s.idCard.id, count: 1 },
          ],
          outcome: null,
        },
        'body.services',
      ],
      [{ services: [], outcome: 'perfect' }, 'body.outcome'],
      [{ services: [] }, 'body.outcome'],
      [{ services: [], outcome: null, note: 'x' }, 'body'],
      [{ services: [{ serviceId: 'x', count: 1 }], outcome: null }, 'body.services.0.serviceId'],
      // Another unit's service, another authority's service: not this office's.
      [{ services: [{ serviceId: s.building.id, count: 1 }], outcome: null }, 'body.services.0.serviceId'],
      [
        {
          services: [
            { serviceId: s.passport.id, count: 1 },
            { serviceId: foreignService.id, count: 1 },
          ],
          outcome: 'resolved',
        },
        'body.services.1.serviceId',
      ],
    ];
    for (const [payload, field] of cases) {
      for (const path of ['/end', '/finish']) {
        const response = await s.staff(path === '/end' ? 'POST' : 'PUT', path, payload);
        expect(response.statusCode, `${path} ${JSON.stringify(payload)}`).toBe(400);
        expect(response.headers['content-type']).toContain('application/problem+json');
        expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
      }
    }
    // Nothing was recorded and the call is still live (the refused end changed nothing).
    expect(await performed(s.consultationId)).toEqual([]);
    const [live] = await server.ctx.db.query<{ live: boolean; outcome: string | null }>(
      'SELECT ended_at IS NULL AS live, outcome FROM consultations WHERE id = $1',
      [s.consultationId],
    );
    expect(live).toEqual({ live: true, outcome: null });
  });

  it('records the form after the citizen hung up first; only the consultation’s own clerk may', async () => {
    const s = await scene();
    const left = await server.app.inject({
      method: 'DELETE',
      url: '/api/public/visit',
      headers: { authorization: `Bearer ${s.citizen.token}` },
    });
    expect(left.statusCode, left.body).toBeLessThan(300);
    expect((await s.staff('POST', '/end')).statusCode).toBe(404);

    const colleague = await s.tenant.staff('agent', { officeIds: [s.office.id] });
    const byColleague = await server.app.inject({
      method: 'PUT',
      url: `/api/staff/consultations/${s.consultationId}/finish`,
      headers: { cookie: colleague.cookie },
      payload: { services: [], outcome: 'resolved' },
    });
    expect(byColleague.statusCode).toBe(404);
    const reporting = await s.tenant.staff('reporting');
    const byReporting = await server.app.inject({
      method: 'GET',
      url: `/api/staff/consultations/${s.consultationId}/finish`,
      headers: { cookie: reporting.cookie },
    });
    expect(byReporting.statusCode).toBe(403);

    const recorded = await s.staff('PUT', '/finish', {
      services: [{ serviceId: s.passport.id, count: 1 }],
      outcome: 'other',
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect((recorded.json() as FinishForm).performed).toEqual([{ serviceId: s.passport.id, count: 1 }]);
    // Corrected later: the set is replaced, not added to.
    const corrected = await s.staff('PUT', '/finish', {
      services: [{ serviceId: s.idCard.id, count: 3 }],
      outcome: 'resolved',
    });
    expect((corrected.json() as FinishForm).performed).toEqual([{ serviceId: s.idCard.id, count: 3 }]);
    const [fact] = await server.ctx.db.query<{ flags: number; serviceIds: string[]; performed: number }>(
      `SELECT flags, service_ids AS "serviceIds", performed FROM visit_facts WHERE visit_id = $1`,
      [s.citizen.visitId],
    );
    expect(fact).toMatchObject({ serviceIds: [s.idCard.id], performed: 3 });
    expect(readFlags(fact!.flags)).toMatchObject({ status: 'left', answered: true, outcome: 'resolved' });
  });

  it('offers an appointment’s booked service before anything is recorded', async () => {
    const s = await scene();
    const booked = await linkAppointment(server, s, 'Wohnsitz anmelden');
    const form = (await s.staff('GET', '/finish')).json() as FinishForm;
    expect(form.performed).toEqual([{ serviceId: booked.id, count: 1 }]);
  });

  it('feeds the statistics: five visits finished through the API count for their service', async () => {
    const s = await scene();
    await s.staff('POST', '/end', { services: [{ serviceId: s.idCard.id, count: 2 }], outcome: 'resolved' });
    for (let i = 0; i < 4; i++) {
      const visit = await enter(server, s.tenant.slug, s.office.slug, `Gast ${i}`);
      const called = await server.app.inject({
        method: 'POST',
        url: `/api/staff/visits/${visit.visitId}/call`,
        headers: { cookie: s.agent.cookie },
      });
      const ended = await server.app.inject({
        method: 'POST',
        url: `/api/staff/consultations/${called.json().consultationId}/end`,
        headers: { cookie: s.agent.cookie },
        payload: { services: [{ serviceId: s.idCard.id, count: 2 }], outcome: 'resolved' },
      });
      expect(ended.statusCode, ended.body).toBe(200);
    }
    const lead = await s.tenant.staff('lead');
    // The visits arrived now by the database's clock: ask for the days around its today.
    const [{ today: day }] = (await server.ctx.db.query<{ today: string }>(
      `SELECT (now() AT TIME ZONE 'UTC')::date::text AS today`,
    )) as [{ today: string }];
    const today = Temporal.PlainDate.from(day);
    const statistics = (
      await server.app.inject({
        method: 'GET',
        url: `/api/statistics?from=${today.subtract({ days: 1 })}&to=${today.add({ days: 1 })}&officeId=${s.office.id}`,
        headers: { cookie: lead.cookie },
      })
    ).json() as Statistics;
    const row = statistics.dimensions.service.find((r) => r.key === s.idCard.id)!;
    expect(row.label).toBe('Personalausweis');
    expect(row.counts).toMatchObject({ cases: 5, served: 5, performed: 10, walkIns: 5, appointments: 0 });
    expect(row.outcomes.resolved).toBe(5);
    expect(row.wait.cases).toBe(5);
  });
});
