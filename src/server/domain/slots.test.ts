import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { OfficeCalendar } from './opening';
import { openingIntervalsOn } from './opening';
import { blockedInterval, freeSlots, type SlotAgent, type SlotQuery, spanOf } from './slots';

const TZ = 'Europe/Berlin';
const berlin = (local: string) => Temporal.PlainDateTime.from(local).toZonedDateTime(TZ).toInstant();
const local = (instant: Temporal.Instant) =>
  instant.toZonedDateTimeISO(TZ).toPlainDateTime().toString().slice(0, 16);

const calendar = (extra: Partial<OfficeCalendar> = {}): OfficeCalendar => ({
  openingHours: {
    mon: [{ from: '08:00', to: '10:00' }],
    tue: [{ from: '08:00', to: '10:00' }],
    wed: [{ from: '08:00', to: '10:00' }],
    thu: [{ from: '08:00', to: '10:00' }],
    fri: [{ from: '08:00', to: '10:00' }],
  },
  closedDays: [],
  timeZone: TZ,
  holidayState: 'BY',
  ...extra,
});
const agent = (id: string, extra: Partial<SlotAgent> = {}): SlotAgent => ({
  id,
  workingHours: null,
  absences: [],
  extraHours: [],
  busy: [],
  ...extra,
});
const query = (extra: Partial<SlotQuery> = {}): SlotQuery => ({
  service: { durationMinutes: 30, bufferBeforeMinutes: 0, bufferAfterMinutes: 0 },
  calendar: calendar(),
  agents: [agent('a')],
  now: berlin('2026-11-20T12:00'),
  minNoticeMinutes: 60,
  horizonDays: 60,
  fromDate: Temporal.PlainDate.from('2026-11-23'),
  toDate: Temporal.PlainDate.from('2026-11-23'),
  ...extra,
});

describe('free slots', () => {
  it('fills the opening hours with back-to-back slots', () => {
    expect(freeSlots(query()).map((s) => local(s.start))).toEqual([
      '2026-11-23T08:00',
      '2026-11-23T08:30',
      '2026-11-23T09:00',
      '2026-11-23T09:30',
    ]);
  });

  it('keeps the buffers free of other appointments and inside the working day', () => {
    const service = { durationMinutes: 30, bufferBeforeMinutes: 10, bufferAfterMinutes: 20 };
    const busy = [
      blockedInterval(
        { durationMinutes: 15, bufferBeforeMinutes: 0, bufferAfterMinutes: 0 },
        berlin('2026-11-23T09:45'),
      ),
    ];
    const slots = freeSlots(
      query({ service, agents: [agent('a', { busy: busy.map(spanOf) })], stepMinutes: 10 }),
    );
    // 08:10 is the first start whose preparation fits; 09:00 + 30 + 20 min follow-up ends at 09:50 > 09:45.
    expect(slots.map((s) => local(s.start))).toEqual([
      '2026-11-23T08:10',
      '2026-11-23T08:20',
      '2026-11-23T08:30',
      '2026-11-23T08:40',
      '2026-11-23T08:50',
    ]);
  });

  it('respects the minimum notice and the booking horizon', () => {
    const now = berlin('2026-11-23T08:10');
    expect(freeSlots(query({ now, minNoticeMinutes: 60 })).map((s) => local(s.start))).toEqual([
      '2026-11-23T09:30',
    ]);
    const far = query({ now: berlin('2026-11-01T12:00'), horizonDays: 7 });
    expect(freeSlots(far)).toEqual([]);
  });

  it('offers nothing on Fronleichnam in Bavaria, but does in Berlin', () => {
    const day = {
      fromDate: Temporal.PlainDate.from('2026-06-04'),
      toDate: Temporal.PlainDate.from('2026-06-04'),
      now: berlin('2026-06-01T12:00'),
    };
    expect(freeSlots(query({ ...day, calendar: calendar({ holidayState: 'BY' }) }))).toEqual([]);
    expect(freeSlots(query({ ...day, calendar: calendar({ holidayState: 'BE' }) }))).toHaveLength(4);
  });

  it('keeps local wall-clock times across the spring and autumn DST changes', () => {
    for (const [monday, utcFirst] of [
      ['2026-03-30', '2026-03-30T06:00:00Z'],
      ['2026-10-26', '2026-10-26T07:00:00Z'],
    ] as const) {
      const date = Temporal.PlainDate.from(monday);
      const slots = freeSlots(
        query({ fromDate: date, toDate: date, now: berlin('2026-03-01T12:00'), horizonDays: 365 }),
      );
      expect(slots[0]?.start.toString()).toBe(utcFirst);
      expect(slots.map((s) => local(s.start).slice(11))).toEqual(['08:00', '08:30', '09:00', '09:30']);
    }
  });

  it('uses an agent’s own hours, absences and extra hours, and names who is free', () => {
    const remote = agent('remote', { workingHours: { mon: [{ from: '09:00', to: '10:00' }] } });
    const onLeave = agent('leave', {
      absences: [spanOf({ from: berlin('2026-11-23T00:00'), to: berlin('2026-11-24T00:00') })],
    });
    const saturday = agent('sat', {
      extraHours: [spanOf({ from: berlin('2026-11-28T10:00'), to: berlin('2026-11-28T11:00') })],
    });
    const slots = freeSlots(
      query({
        agents: [agent('office'), remote, onLeave, saturday],
        toDate: Temporal.PlainDate.from('2026-11-28'),
      }),
    );
    const at = (t: string) => slots.find((s) => local(s.start) === t)?.agentIds;
    expect(at('2026-11-23T08:00')).toEqual(['office', 'sat']);
    expect(at('2026-11-23T09:00')).toEqual(['office', 'remote', 'sat']);
    expect(at('2026-11-28T10:00')).toEqual(['sat']);
  });

  it('property: no slot overlaps a busy time of an agent it names, or leaves the opening hours', () => {
    const minutes = fc.integer({ min: 0, max: 5 * 24 * 60 });
    const appointment = fc.record({
      agent: fc.constantFrom('a', 'b'),
      at: minutes,
      length: fc.integer({ min: 5, max: 120 }),
    });
    fc.assert(
      fc.property(
        fc.array(appointment, { maxLength: 25 }),
        fc.integer({ min: 5, max: 90 }),
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        (appointments, duration, bufferBefore, bufferAfter) => {
          const monday = berlin('2026-11-23T00:00');
          const busyOf = (id: string) =>
            appointments
              .filter((a) => a.agent === id)
              .map((a) => ({
                from: monday.add({ minutes: a.at }),
                to: monday.add({ minutes: a.at + a.length }),
              }));
          const service = {
            durationMinutes: duration,
            bufferBeforeMinutes: bufferBefore,
            bufferAfterMinutes: bufferAfter,
          };
          const hours = calendar({
            openingHours: {
              mon: [
                { from: '08:00', to: '12:00' },
                { from: '13:00', to: '17:30' },
              ],
              wed: [{ from: '07:30', to: '19:00' }],
            },
          });
          const agents = [
            agent('a', { busy: busyOf('a').map(spanOf) }),
            agent('b', { busy: busyOf('b').map(spanOf) }),
          ];
          const slots = freeSlots(
            query({
              service,
              calendar: hours,
              agents,
              toDate: Temporal.PlainDate.from('2026-11-27'),
              stepMinutes: 5,
            }),
          );
          for (const slot of slots) {
            const blocked = blockedInterval(service, slot.start);
            const date = slot.start.toZonedDateTimeISO(TZ).toPlainDate();
            const inHours = openingIntervalsOn(hours, date).some(
              (i) =>
                Temporal.Instant.compare(i.from, blocked.from) <= 0 &&
                Temporal.Instant.compare(blocked.to, i.to) <= 0,
            );
            expect(inHours).toBe(true);
            for (const id of slot.agentIds) {
              for (const b of busyOf(id)) {
                const clash =
                  Temporal.Instant.compare(blocked.from, b.to) < 0 &&
                  Temporal.Instant.compare(b.from, blocked.to) < 0;
                expect(clash).toBe(false);
              }
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
