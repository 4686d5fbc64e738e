/**
 * Queue order and wait estimates of a virtual office: pure rules, no I/O.
 * The SQL that picks "the next visit" orders by the same key (arrived_at, id); a test keeps both in step.
 */

export interface QueuedVisit {
  id: string;
  /** First arrival in any office of the authority; transfers keep it. */
  arrivedAt: Date;
}

/** Fairness by arrival: earlier first; the id breaks ties so the order is total and stable. */
export function compareQueue(a: QueuedVisit, b: QueuedVisit): number {
  const byArrival = a.arrivedAt.getTime() - b.arrivedAt.getTime();
  if (byArrival !== 0) return byArrival;
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
