import type { Temporal } from 'temporal-polyfill';
import type { Db } from '../../db/client';
import { appointmentsThatFit } from '../../domain/capacity';
import { slotCandidates } from '../../domain/slots';
import { HttpProblem } from '../../http/problem';
import { loadSlotInputs } from '../booking/slot-context';

/** Appointments one service offered over some days, in the office it books into. */
export interface Offered {
  officeId: string;
  serviceId: string;
  n: number;
}

/** A service whose unit has no office is booked nowhere: it offers nothing. */
const notBookable = (error: unknown) => {
  if (error instanceof HttpProblem && error.status === 404) return null;
  throw error;
};

/**
 * What the booking would have offered over the days, per service: each in the office it books into
 * (slot-context.ts), with that office's agents, their hours and exceptions, and no appointments.
 */
export async function offeredOver(
  db: Db,
  tenantId: string,
  serviceIds: string[],
  days: { from: Temporal.PlainDate; to: Temporal.PlainDate },
): Promise<Offered[]> {
  const offered = await Promise.all(
    serviceIds.map(async (serviceId) => {
      const inputs = await loadSlotInputs(db, tenantId, serviceId, days).catch(notBookable);
      if (!inputs) return null;
      const slots = slotCandidates({
        service: inputs.service,
        calendar: inputs.calendar,
        agents: inputs.agents.map((agent) => ({ ...agent, busy: [] })),
        fromDate: days.from,
        toDate: days.to,
      });
      return { officeId: inputs.office.id, serviceId, n: appointmentsThatFit(slots, inputs.service) };
    }),
  );
  return offered.filter((row) => row !== null);
}
