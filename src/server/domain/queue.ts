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
  /** Raised by a clerk (e.g. urgent, accessibility needs): 1; else 0. */
  priority?: number;
  /** Sent back to the waiting room for a moment by the clerk who talks with them: first in line. */
  held?: boolean;
}

/** How far ahead of their arrival a booked citizen counts: they planned for their time. */
export const APPOINTMENT_HEAD_START_MINUTES = 60;
/** How far ahead of their arrival a citizen with raised priority counts. */
export const PRIORITY_HEAD_START_MINUTES = 30;
/**
 * Nobody is passed by anyone who arrived this much later or more: every head start is bounded, so a
 * walk-in between appointments and raised priorities still comes up (ageing; ZMS lets them starve).
 */
export const MAX_HEAD_START_MINUTES = APPOINTMENT_HEAD_START_MINUTES + PRIORITY_HEAD_START_MINUTES;

const MINUTE = 60_000;

/**
 * The instant a visit counts from in the line (epoch ms): its arrival, less its head starts. A booked
 * citizen counts from their booked start less the head start, but never from later than their arrival
 * (an early check-in keeps its arrival) nor from earlier than the full head start (a late one).
 */
export function queueKey(v: QueuedVisit): number {
  const arrived = v.arrivedAt.getTime();
  const booked = v.appointmentStartsAt?.getTime();
  const counted =
    booked === undefined
      ? arrived
      : Math.min(arrived, Math.max(booked, arrived) - APPOINTMENT_HEAD_START_MINUTES * MINUTE);
  return counted - (v.priority ?? 0) * PRIORITY_HEAD_START_MINUTES * MINUTE;
}

/**
 * 1. Citizens the clerk sent back for a moment ("Bitte kurz warten") keep the first place.
 * 2. Everyone else by queueKey: arrival, with bounded head starts for appointments and priority.
 * The id breaks ties, so the order is total and stable. It does not depend on the time of asking: a
 * place never worsens while nothing happens.
 */
export function compareQueue(a: QueuedVisit, b: QueuedVisit): number {
  if (Boolean(a.held) !== Boolean(b.held)) return a.held ? -1 : 1;
  const byKey = queueKey(a) - queueKey(b);
  if (byKey !== 0) return byKey;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function orderQueue<T extends QueuedVisit>(visits: readonly T[]): T[] {
  return [...visits].sort(compareQueue);
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
