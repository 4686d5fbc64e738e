import { expect } from 'vitest';
import { serviceRepository } from '../../src/server/modules/admin/services';
import type { FirmBooking } from '../../src/shared/booking';
import { citizenPost } from '../support/proof-of-work';
import type { TestServer, TestTenant } from '../support/server';
import { serviceBody } from './fixtures';
import { agentFor, openOffice } from './visits-fixtures';

/** A week after the Wednesday morning the office fixes the clock to. */
export const BOOKED_START = '2026-12-02T09:00:00Z';

/**
 * Erika books a 30-minute appointment online (by default with a mobile number, so reminders go by SMS
 * too), in an office with an agent, at BOOKED_START. Returns the office, the agent and the booking.
 */
export async function bookOnline(
  server: TestServer,
  tenant: TestTenant,
  officeSlug: string,
  citizen: { email: string; phone?: string; language?: 'de' | 'en' } = {
    email: 'erika@example.org',
    phone: '0171 1234567',
  },
) {
  const office = await openOffice(server, tenant, officeSlug);
  const agent = await agentFor(server, tenant, [office.id]);
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
      ...citizen,
      consent: true,
    },
  );
  expect(booked.statusCode, booked.body).toBe(201);
  return { office, agent, booked: booked.json() as FirmBooking };
}
