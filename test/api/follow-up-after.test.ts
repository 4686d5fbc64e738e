import { afterAll, beforeAll, expect, it } from 'vitest';
import { FOLLOW_UP_OVER_JOB } from '../../src/server/modules/clerk-states/follow-up';
import type { PublicTenant } from '../../src/shared/visits';
import { describeEachDb } from '../support/each-db';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { enter, openOffice } from './visits-fixtures';

/**
 * Follow-up work ("Nachbearbeitung") follows a call in which a case was worked on: not a call nobody
 * answered ("nicht erschienen"), nor one the clerk paused by sending the citizen back ("Bitte kurz
 * warten"), after either of which the clerk stays free for the next citizen.
 */
describeEachDb('no follow-up work after a no-show or a send-back', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.close());

  it('keeps the clerk free after "nicht erschienen" and "Bitte kurz warten", and not after ending the call', async () => {
    const tenant = await createTestTenant(server);
    const office = await openOffice(server, tenant, 'nachher');
    const clerk = await tenant.staff('agent', { officeIds: [office.id] });
    const post = async (url: string, payload?: object) => {
      const response = await server.app.inject({
        method: 'POST',
        url: `/api/staff${url}`,
        headers: { cookie: clerk.cookie },
        ...(payload ? { payload } : {}),
      });
      expect(response.statusCode, `${url} ${response.body}`).toBe(200);
      return response.json() as { visitId: string; consultationId: string };
    };
    await server.app.inject({
      method: 'PUT',
      url: '/api/staff/presence',
      headers: { cookie: clerk.cookie },
      payload: { officeIds: [office.id] },
    });
    // The authority's follow-up minutes must not be 0, or nothing would be proved.
    const [{ minutes } = { minutes: 0 }] = await server.ctx.db.query<{ minutes: number }>(
      'SELECT follow_up_minutes AS minutes FROM tenants WHERE id = $1',
      [tenant.tenantId],
    );
    expect(minutes).toBeGreaterThan(0);
    const dana = await enter(server, tenant.slug, 'nachher', 'Dana');
    await enter(server, tenant.slug, 'nachher', 'Emil');

    const followUp = async () => {
      const [state] = await server.ctx.db.query<{ until: Date | null }>(
        'SELECT follow_up_until AS until FROM clerk_states WHERE staff_id = $1',
        [clerk.id],
      );
      const jobs = await server.ctx.db.query(
        `SELECT 1 FROM jobs WHERE kind = $1 AND payload->>'staffId' = $2`,
        [FOLLOW_UP_OVER_JOB, clerk.id],
      );
      const list = (
        await server.app.inject({ url: `/api/public/tenants/${tenant.slug}` })
      ).json() as PublicTenant;
      const { freeAgents } = list.offices.find((o) => o.slug === 'nachher')!;
      return { until: state?.until ?? null, jobs: jobs.length, freeAgents };
    };
    const free = { until: null, jobs: 0, freeAgents: 1 };

    const first = await post(`/offices/${office.id}/call-next`);
    expect(first.visitId).toBe(dana.visitId);
    await post(`/consultations/${first.consultationId}/not-appeared`);
    expect(await followUp()).toEqual(free);

    // Dana waits out her recall pause: Emil is next, and is asked to wait a moment.
    const second = await post(`/offices/${office.id}/call-next`);
    expect(second.visitId).not.toBe(dana.visitId);
    await post(`/consultations/${second.consultationId}/send-back`, { note: 'Rückfrage Kollegin' });
    expect(await followUp()).toEqual(free);

    // Called back and finished: now the follow-up work begins (the scene can show it at all).
    const back = await post(`/visits/${second.visitId}/call`);
    await post(`/consultations/${back.consultationId}/end`);
    const after = await followUp();
    expect(after.until).not.toBeNull();
    expect(after).toMatchObject({ jobs: 1, freeAgents: 0 });
  });
});
