/**
 * Queue order and wait estimates of a virtual office: pure rules, no I/O.
 * The SQL that picks "the next visit" (visit-store.ts, NEXT_IN_LINE) orders by the same key; a test keeps
 * both in step.
 */

export interface QueuedVisit {
  id: string;
  /** First arrival in any office of the authority; transfers keep it. */
  arrivedAt: Date;
  /** Booked start, for visits that came through an appointment's join link. */
  appointmentStartsAt?: Date | null;
}

/** An appointment counts as due this long before its booked start. */
export const DUE_MARGIN_MINUTES = 5;

const isDue = (v: QueuedVisit, now: Date) =>
  v.appointmentStartsAt != null &&
  v.appointmentStartsAt.getTime() <= now.getTime() + DUE_MARGIN_MINUTES * 60_000;

/**
 * 1. Appointments that are due go first, by their booked time: the citizen planned for it.
 * 2. Everyone else (walk-ins, early check-ins) by first arrival.
 * The id breaks ties, so the order is total and stable.
 */
export function compareQueue(a: QueuedVisit, b: QueuedVisit, now: Date = new Date()): number {
  const dueA = isDue(a, now);
  const dueB = isDue(b, now);
  if (dueA !== dueB) return dueA ? -1 : 1;
  if (dueA && dueB) {
    const byBooking = a.appointmentStartsAt!.getTime() - b.appointmentStartsAt!.getTime();
    if (byBooking !== 0) return byBooking;
  }
  const byArrival = a.arrivedAt.getTime() - b.arrivedAt.getTime();
  if (byArrival !== 0) return byArrival;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function orderQueue<T extends QueuedVisit>(visits: readonly T[], now: Date = new Date()): T[] {
  return [...visits].sort((a, b) => compareQueue(a, b, now));
}

/** Assumed talk time while an office has too few finished consultations to learn from. */
export const DEFAULT_TALK_MINUTES = 10;
/** How many recent consultations the average looks at. */
export const RECENT_TALKS = 20;

/** Average of the office's recent talk times, in minutes; the default while it has none. */
export function averageTalkMinutes(recentTalkSeconds: readonly number[]): number {
  const recent = recentTalkSeconds.slice(0, RECENT_TALKS).filter((s) => s >= 0);
  if (recent.length === 0) return DEFAULT_TALK_MINUTES;
  return recent.reduce((sum, s) => sum + s, 0) / recent.length / 60;
}

export interface WaitInput {
  /** People in line before this one. */
  ahead: number;
  /** Agents serving the office now (free or talking). */
  agentsServing: number;
  /** Of those, agents not in a consultation. */
  freeAgents: number;
  averageTalkMinutes: number;
}

/**
 * Estimated minutes until this person is called, or null when nobody serves the office.
 * Free chairs take the first in line at once; everyone after waits for talking agents, who are on
 * average half-way through their current consultation.
 */
export function estimateWaitMinutes({
  ahead,
  agentsServing,
  freeAgents,
  averageTalkMinutes: talk,
}: WaitInput) {
  if (agentsServing <= 0) return null;
  const free = Math.min(Math.max(freeAgents, 0), agentsServing);
  if (ahead < free) return 0;
  return Math.ceil(talk * ((ahead - free) / agentsServing + 0.5));
}
