import { expect } from 'vitest';
import { serviceRepository } from '../../src/server/modules/admin/services';
import { citizenPost } from '../support/proof-of-work';
import type { TestServer, TestTenant } from '../support/server';
import { serviceBody } from './fixtures';
import { agentFor, openOffice } from './visits-fixtures';

/** A week after the Wednesday morning the office fixes the clock to. */
const BOOKED_START = '2026-12-02T09:00:00Z';

/**
 * Erika books a 30-minute appointment online (with a mobile number, so reminders go by SMS too), in an
 * office with an agent, at BOOKED_START.
 */
export async function bookOnline(server: TestServer, tenant: TestTenant, officeSlug: string) {
  const office = await openOffice(server, tenant, officeSlug);
  await agentFor(server, tenant, [office.id]);
  const service = await serviceRepository(server.ctx).create(tenant.tenantId, {
    ...serviceBody(tenant.unitId),
    durationMinutes: 30,
  });
  const booked = await citizenPost(
    server.app,
    `/api/public/tenants/${tenant.slug}/services/${service.id}/appointments`,
    {
      start: BOOKED_START,
      name: 'Erika Mustermann',
      email: 'erika@example.org',
      phone: '0171 1234567',
      consent: true,
    },
  );
  expect(booked.statusCode, booked.body).toBe(201);
}
