import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { type OfficeCalendar, openingIntervalsOn, openState } from './opening';
import { freeSlots, type SlotQuery } from './slots';

const TZ = 'Europe/Berlin';
const berlin = (local: string) => Temporal.PlainDateTime.from(local).toZonedDateTime(TZ).toInstant();
const local = (instant: Temporal.Instant) =>
  instant.toZonedDateTimeISO(TZ).toPlainDateTime().toString().slice(0, 16);
const weekdays = { from: '08:00', to: '12:00' };
const calendar = (extra: Partial<OfficeCalendar> = {}): OfficeCalendar => ({
  openingHours: { mon: [weekdays], tue: [weekdays], wed: [weekdays], thu: [weekdays], fri: [weekdays] },
  closedDays: [],
  timeZone: TZ,
  holidayState: 'BY',
  ...extra,
});
const hoursOn = (c: OfficeCalendar, date: string) =>
  openingIntervalsOn(c, Temporal.PlainDate.from(date)).map((i) => `${local(i.from)}–${local(i.to)}`);
const slotsOn = (c: OfficeCalendar, from: string, to = from) =>
  freeSlots({
    service: { durationMinutes: 60, bufferBeforeMinutes: 0, bufferAfterMinutes: 0 },
    calendar: c,
    agents: [{ id: 'a', workingHours: null, absences: [], extraHours: [], busy: [] }],
    now: berlin('2026-01-01T00:00'),
    minNoticeMinutes: 0,
    horizonDays: 730,
    fromDate: Temporal.PlainDate.from(from),
    toDate: Temporal.PlainDate.from(to),
  } satisfies SlotQuery).map((s) => local(s.start));

describe('opening with special dates', () => {
  it.each([
    [
      'a closure on a weekday closes it',
      { exceptions: [{ firstDay: '2026-11-26', lastDay: '2026-11-26', hours: [] }] },
      [],
    ],
    [
      'special hours replace the date’s weekly hours',
      {
        exceptions: [
          { firstDay: '2026-11-26', lastDay: '2026-11-26', hours: [{ from: '17:00', to: '20:00' }] },
        ],
      },
      ['2026-11-26T17:00–2026-11-26T20:00'],
    ],
    [
      'a range covers each of its dates',
      {
        exceptions: [
          { firstDay: '2026-11-23', lastDay: '2026-11-27', hours: [{ from: '10:00', to: '11:00' }] },
        ],
      },
      ['2026-11-26T10:00–2026-11-26T11:00'],
    ],
    [
      'a range ending the day before leaves the date alone',
      { exceptions: [{ firstDay: '2026-11-20', lastDay: '2026-11-25', hours: [] }] },
      ['2026-11-26T08:00–2026-11-26T12:00'],
    ],
    ['a local holiday closes', { localHolidays: ['11-26'] }, []],
    [
      'another date’s local holiday does not',
      { localHolidays: ['11-27'] },
      ['2026-11-26T08:00–2026-11-26T12:00'],
    ],
    [
      'a closed day beats special hours',
      {
        closedDays: ['2026-11-26'],
        exceptions: [{ firstDay: '2026-11-26', lastDay: '2026-11-26', hours: [weekdays] }],
      },
      [],
    ],
  ] satisfies [string, Partial<OfficeCalendar>, string[]][])(
    '%s (Thursday 26 Nov 2026)',
    (_, extra, hours) => {
      expect(hoursOn(calendar(extra), '2026-11-26')).toEqual(hours);
    },
  );

  it('closes on Augsburg’s Friedensfest and Mariä Himmelfahrt only where the authority says so', () => {
    const augsburg = calendar({ localHolidays: ['08-08', '08-15'] });
    // Saturday 8 August 2026 is no weekday; in 2025 it was a Friday.
    expect(hoursOn(augsburg, '2025-08-08')).toEqual([]);
    expect(hoursOn(calendar(), '2025-08-08')).toEqual(['2025-08-08T08:00–2025-08-08T12:00']);
    expect(hoursOn(augsburg, '2025-08-15')).toEqual([]);
    // The state's holidays still close: date-holidays knows no Mariä Himmelfahrt for all of Bavaria.
    expect(hoursOn(calendar(), '2025-08-15')).toEqual(['2025-08-15T08:00–2025-08-15T12:00']);
  });

  it('opens on a public holiday when a special opening says so', () => {
    // Fronleichnam, 4 June 2026, a holiday in Bavaria.
    expect(hoursOn(calendar(), '2026-06-04')).toEqual([]);
    const special = calendar({
      exceptions: [
        { firstDay: '2026-06-04', lastDay: '2026-06-04', hours: [{ from: '09:00', to: '10:00' }] },
      ],
    });
    expect(hoursOn(special, '2026-06-04')).toEqual(['2026-06-04T09:00–2026-06-04T10:00']);
  });

  it('opens on a weekend date, and an evening opening offers slots that evening', () => {
    const saturday = calendar({
      exceptions: [
        { firstDay: '2026-11-28', lastDay: '2026-11-28', hours: [{ from: '18:00', to: '21:00' }] },
      ],
    });
    expect(slotsOn(saturday, '2026-11-28')).toEqual([
      '2026-11-28T18:00',
      '2026-11-28T19:00',
      '2026-11-28T20:00',
    ]);
    expect(slotsOn(calendar(), '2026-11-28')).toEqual([]);
  });

  describe('past midnight', () => {
    const night = calendar({
      exceptions: [
        { firstDay: '2026-11-27', lastDay: '2026-11-27', hours: [{ from: '20:00', to: '02:00' }] },
      ],
    });

    it('runs into the next morning and belongs to the day it starts on', () => {
      expect(hoursOn(night, '2026-11-27')).toEqual(['2026-11-27T20:00–2026-11-28T02:00']);
      expect(hoursOn(night, '2026-11-28')).toEqual([]);
    });

    it('is open after midnight and says when it closes', () => {
      const state = openState(night, berlin('2026-11-28T01:00'));
      expect(state.open).toBe(true);
      expect(state.closesAt && local(state.closesAt)).toBe('2026-11-28T02:00');
      expect(openState(night, berlin('2026-11-28T02:00')).open).toBe(false);
    });

    it('offers the slots after midnight on the day they start on', () => {
      expect(slotsOn(night, '2026-11-27')).toEqual([
        '2026-11-27T20:00',
        '2026-11-27T21:00',
        '2026-11-27T22:00',
        '2026-11-27T23:00',
      ]);
      expect(slotsOn(night, '2026-11-28')).toEqual(['2026-11-28T00:00', '2026-11-28T01:00']);
      expect(slotsOn(night, '2026-11-27', '2026-11-28')).toHaveLength(6);
    });

    it('lasts an hour longer when the clocks go back that night', () => {
      // 24 → 25 October 2026: 02:00 CEST comes back as 02:00 CET; 'compatible' takes the earlier 02:00.
      const autumn = calendar({
        exceptions: [
          { firstDay: '2026-10-24', lastDay: '2026-10-24', hours: [{ from: '22:00', to: '03:00' }] },
        ],
      });
      const [interval] = openingIntervalsOn(autumn, Temporal.PlainDate.from('2026-10-24'));
      expect(interval!.to.since(interval!.from).total('hours')).toBe(6);
    });

    it('is an hour shorter when the clocks go forward that night', () => {
      const spring = calendar({
        exceptions: [
          { firstDay: '2026-03-28', lastDay: '2026-03-28', hours: [{ from: '22:00', to: '04:00' }] },
        ],
      });
      const [interval] = openingIntervalsOn(spring, Temporal.PlainDate.from('2026-03-28'));
      expect(interval!.to.since(interval!.from).total('hours')).toBe(5);
    });
  });

  it('keeps special hours at local wall-clock time on the DST days themselves', () => {
    const sundays = calendar({
      exceptions: [
        { firstDay: '2026-03-29', lastDay: '2026-03-29', hours: [{ from: '10:00', to: '12:00' }] },
        { firstDay: '2026-10-25', lastDay: '2026-10-25', hours: [{ from: '10:00', to: '12:00' }] },
      ],
    });
    expect(openingIntervalsOn(sundays, Temporal.PlainDate.from('2026-03-29'))[0]!.from.toString()).toBe(
      '2026-03-29T08:00:00Z',
    );
    expect(openingIntervalsOn(sundays, Temporal.PlainDate.from('2026-10-25'))[0]!.from.toString()).toBe(
      '2026-10-25T09:00:00Z',
    );
  });

  it('property: a date inside an exception has exactly its hours; every other date the week’s', () => {
    const day = fc.integer({ min: 0, max: 60 });
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 10 }), fc.boolean(), day, (start, length, closed, probe) => {
        const origin = Temporal.PlainDate.from('2026-11-01');
        const firstDay = origin.add({ days: start }).toString();
        const lastDay = origin.add({ days: start + length }).toString();
        const hours = closed ? [] : [{ from: '13:00', to: '15:30' }];
        const date = origin.add({ days: probe });
        const got = hoursOn(calendar({ exceptions: [{ firstDay, lastDay, hours }] }), date.toString());
        const inside = probe >= start && probe <= start + length;
        const special = closed ? [] : [`${date}T13:00–${date}T15:30`];
        expect(got).toEqual(inside ? special : hoursOn(calendar(), date.toString()));
      }),
      { numRuns: 200 },
    );
  });
});
