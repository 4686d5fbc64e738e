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

/**
 * A time span in epoch milliseconds, [from, to). The search compares thousands of them: numbers read
 * straight from the database cost nothing, where an Instant each costs an allocation and a parse.
 */
export type Span = readonly [from: number, to: number];
export const spanOf = (i: Interval): Span => [i.from.epochMilliseconds, i.to.epochMilliseconds];

export interface SlotAgent {
  id: string;
  /** The agent's own weekly hours; null: the office's opening hours. */
  workingHours: OpeningHours | null;
  /** Whole or partial days off (e.g. leave, training). */
  absences: readonly Span[];
  /** Extra hours outside the usual ones (e.g. a Saturday session). */
  extraHours: readonly Span[];
  /** Existing appointments, each already widened by its own buffers. */
  busy: readonly Span[];
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

/** A query's days, hours and appointments: all but the time now. */
export type SlotDays = Omit<SlotQuery, 'now' | 'minNoticeMinutes' | 'horizonDays'>;

export interface Slot {
  start: Temporal.Instant;
  end: Temporal.Instant;
  /** Agents free for this slot, in the order given. */
  agentIds: string[];
}

const MINUTE = 60_000;

/** The time the slot occupies in the agent's day: the talk plus the buffers around it. */
export function blockedInterval(service: SlotService, start: Temporal.Instant): Interval {
  return {
    from: start.subtract({ minutes: service.bufferBeforeMinutes }),
    to: start.add({ minutes: service.durationMinutes + service.bufferAfterMinutes }),
  };
}

/** Sorted, so each check is a binary search instead of a scan over thousands of appointments. */
function sortedSpans(spans: readonly Span[]): Span[] {
  return [...spans].sort((a, b) => a[0] - b[0]);
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

/**
 * Opening intervals and day bounds per day, computed once per weekly schedule and day: agents who keep
 * the office's hours share them (time-zone arithmetic and the holiday lookup are the costly part).
 */
function dayCalendar(query: SlotDays) {
  const opening = new Map<OpeningHours, Map<string, Span[]>>();
  const bounds = new Map<string, Span>();
  return {
    /** `key`: the date's text, made once per day by the caller (agents × days lookups). */
    openingOn(hours: OpeningHours, date: Temporal.PlainDate, key: string): Span[] {
      const byDate = opening.get(hours) ?? new Map<string, Span[]>();
      opening.set(hours, byDate);
      let spans = byDate.get(key);
      if (!spans) {
        spans = openingIntervalsOn({ ...query.calendar, openingHours: hours }, date).map(spanOf);
        byDate.set(key, spans);
      }
      return spans;
    },
    boundsOf(date: Temporal.PlainDate, key: string): Span {
      let day = bounds.get(key);
      if (!day) {
        const tz = query.calendar.timeZone;
        day = [
          date.toZonedDateTime(tz).epochMilliseconds,
          date.add({ days: 1 }).toZonedDateTime(tz).epochMilliseconds,
        ];
        bounds.set(key, day);
      }
      return day;
    },
  };
}

/** An agent's working intervals on one day: own hours (or the office's) plus extra hours that day. */
function workingSpans(
  days: ReturnType<typeof dayCalendar>,
  query: SlotDays,
  agent: SlotAgent,
  date: Temporal.PlainDate,
  key: string,
): Span[] {
  const regular = days.openingOn(agent.workingHours ?? query.calendar.openingHours, date, key);
  const [dayStart, dayEnd] = days.boundsOf(date, key);
  const extra = agent.extraHours.filter(([from, to]) => from < dayEnd && to > dayStart);
  return extra.length === 0 ? regular : [...regular, ...extra];
}

/** A free slot in epoch milliseconds: what a search of many days sends, without an Instant per slot. */
export interface SlotSpan {
  start: number;
  end: number;
  /** Agents free for this slot, in the order given. */
  agentIds: string[];
}

export function freeSlots(query: SlotQuery): Slot[] {
  return freeSlotSpans(query).map(({ start, end, agentIds }) => ({
    start: Temporal.Instant.fromEpochMilliseconds(start),
    end: Temporal.Instant.fromEpochMilliseconds(end),
    agentIds,
  }));
}

/** The free slots of the query's days that respect its minimum notice and horizon. */
export function freeSlotSpans(query: SlotQuery): SlotSpan[] {
  return withinNotice(slotCandidates(query), query);
}

/** Of the slots, those starting no earlier than the minimum notice and no later than the horizon. */
export function withinNotice(
  slots: readonly SlotSpan[],
  query: Pick<SlotQuery, 'now' | 'minNoticeMinutes' | 'horizonDays'>,
): SlotSpan[] {
  const now = query.now.epochMilliseconds;
  const earliest = now + query.minNoticeMinutes * MINUTE;
  const latest = now + query.horizonDays * 24 * 60 * MINUTE;
  return slots.filter(({ start }) => start >= earliest && start <= latest);
}

/**
 * The free slots of the query's days whatever the time now: what depends only on hours and appointments,
 * so a search's read model can keep it until one of those changes.
 */
export function slotCandidates(query: SlotDays): SlotSpan[] {
  const { service } = query;
  const duration = service.durationMinutes * MINUTE;
  const bufferBefore = service.bufferBeforeMinutes * MINUTE;
  const bufferAfter = service.bufferAfterMinutes * MINUTE;
  const step = (query.stepMinutes ?? service.durationMinutes) * MINUTE;
  const days = dayCalendar(query);
  const agents = query.agents.map((agent) => {
    const off = sortedSpans([...agent.absences, ...agent.busy]);
    return { agent, off, longest: Math.max(0, ...off.map(([from, to]) => to - from)) };
  });
  const slots = new Map<number, string[]>();
  // A slot belongs to the day it starts on: the day before may open past midnight into the first day.
  const [first] = days.boundsOf(query.fromDate, query.fromDate.toString());
  const [, last] = days.boundsOf(query.toDate, query.toDate.toString());
  for (
    let date = query.fromDate.subtract({ days: 1 });
    Temporal.PlainDate.compare(date, query.toDate) <= 0;
    date = date.add({ days: 1 })
  ) {
    const key = date.toString();
    for (const { agent, off, longest } of agents) {
      for (const [workFrom, workTo] of workingSpans(days, query, agent, date, key)) {
        // Buffers need working time too: preparation and follow-up are part of the agent's day.
        for (let start = workFrom; start + duration + bufferAfter <= workTo; start += step) {
          if (start - bufferBefore < workFrom || start < first || start >= last) continue;
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
    .map(([start, agentIds]) => ({ start, end: start + duration, agentIds }));
}
