import { Temporal } from 'temporal-polyfill';
import type { OpeningHours } from '../../shared/admin';
import { type OfficeCalendar, openingIntervalsOn } from './opening';

/**
 * Free appointment slots: pure, no I/O. A slot is offered when at least one agent who can take the
 * service is working for the whole slot including buffers, and none of that agent's appointments
 * (with their buffers) overlaps it.
 */

export interface Interval {
  from: Temporal.Instant;
  to: Temporal.Instant;
}

export interface SlotAgent {
  id: string;
  /** The agent's own weekly hours; null: the office's opening hours. */
  workingHours: OpeningHours | null;
  /** Whole or partial days off (e.g. leave, training). */
  absences: readonly Interval[];
  /** Extra hours outside the usual ones (e.g. a Saturday session). */
  extraHours: readonly Interval[];
  /** Existing appointments, each already widened by its own buffers. */
  busy: readonly Interval[];
}

export interface SlotService {
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
}

export interface SlotQuery {
  service: SlotService;
  calendar: OfficeCalendar;
  agents: readonly SlotAgent[];
  now: Temporal.Instant;
  /** Earliest bookable start is now + this. */
  minNoticeMinutes: number;
  /** Latest bookable start is now + this many days. */
  horizonDays: number;
  /** First and last calendar day to search, in the office's time zone. */
  fromDate: Temporal.PlainDate;
  toDate: Temporal.PlainDate;
  /** Slot starts are aligned to this grid within each working interval. */
  stepMinutes?: number;
}

export interface Slot {
  start: Temporal.Instant;
  end: Temporal.Instant;
  /** Agents free for this slot, in the order given. */
  agentIds: string[];
}

/** Intervals in epoch milliseconds: the search compares many times, and numbers are cheap. */
type Span = readonly [from: number, to: number];
const span = (i: Interval): Span => [i.from.epochMilliseconds, i.to.epochMilliseconds];
const MINUTE = 60_000;

/** The time the slot occupies in the agent's day: the talk plus the buffers around it. */
export function blockedInterval(service: SlotService, start: Temporal.Instant): Interval {
  return {
    from: start.subtract({ minutes: service.bufferBeforeMinutes }),
    to: start.add({ minutes: service.durationMinutes + service.bufferAfterMinutes }),
  };
}

/** Sorted, so each check is a binary search instead of a scan over thousands of appointments. */
function sortedSpans(intervals: readonly Interval[]): Span[] {
  return intervals.map(span).sort((a, b) => a[0] - b[0]);
}

/** Whether [from, to) overlaps any of the sorted spans (spans may overlap each other). */
function clashes(sorted: readonly Span[], from: number, to: number, longest: number): boolean {
  // Only spans starting after from - longest can still reach into [from, to).
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]![0] <= from - longest) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < sorted.length && sorted[k]![0] < to; k++) if (sorted[k]![1] > from) return true;
  return false;
}

/** An agent's working intervals on one day: own hours (or the office's) plus extra hours that day. */
function workingSpans(query: SlotQuery, agent: SlotAgent, date: Temporal.PlainDate): Span[] {
  const calendar = agent.workingHours
    ? { ...query.calendar, openingHours: agent.workingHours }
    : query.calendar;
  const regular = openingIntervalsOn(calendar, date).map(span);
  const dayStart = date.toZonedDateTime(query.calendar.timeZone).epochMilliseconds;
  const dayEnd = date.add({ days: 1 }).toZonedDateTime(query.calendar.timeZone).epochMilliseconds;
  const extra = agent.extraHours.map(span).filter(([from, to]) => from < dayEnd && to > dayStart);
  return [...regular, ...extra];
}

export function freeSlots(query: SlotQuery): Slot[] {
  const { service } = query;
  const duration = service.durationMinutes * MINUTE;
  const bufferBefore = service.bufferBeforeMinutes * MINUTE;
  const bufferAfter = service.bufferAfterMinutes * MINUTE;
  const step = (query.stepMinutes ?? service.durationMinutes) * MINUTE;
  const now = query.now.epochMilliseconds;
  const earliest = now + query.minNoticeMinutes * MINUTE;
  const latest = now + query.horizonDays * 24 * 60 * MINUTE;
  const agents = query.agents.map((agent) => {
    const off = sortedSpans([...agent.absences, ...agent.busy]);
    return { agent, off, longest: Math.max(0, ...off.map(([from, to]) => to - from)) };
  });
  const slots = new Map<number, string[]>();
  for (
    let date = query.fromDate;
    Temporal.PlainDate.compare(date, query.toDate) <= 0;
    date = date.add({ days: 1 })
  ) {
    for (const { agent, off, longest } of agents) {
      for (const [workFrom, workTo] of workingSpans(query, agent, date)) {
        // Buffers need working time too: preparation and follow-up are part of the agent's day.
        for (let start = workFrom; start + duration + bufferAfter <= workTo; start += step) {
          if (start - bufferBefore < workFrom || start < earliest || start > latest) continue;
          if (clashes(off, start - bufferBefore, start + duration + bufferAfter, longest)) continue;
          const free = slots.get(start) ?? [];
          free.push(agent.id);
          slots.set(start, free);
        }
      }
    }
  }
  return [...slots.entries()]
    .sort(([a], [b]) => a - b)
    .map(([start, agentIds]) => ({
      start: Temporal.Instant.fromEpochMilliseconds(start),
      end: Temporal.Instant.fromEpochMilliseconds(start + duration),
      agentIds,
    }));
}
