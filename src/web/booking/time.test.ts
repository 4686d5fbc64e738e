import { describe, expect, it } from 'vitest';
import { addDays, dayKey, formatDay, groupByDay, zonedDateTime, zonedInstant } from './time';

describe('booking time helpers', () => {
  it('finds the day and wall time of an instant in the time zone', () => {
    expect(dayKey('2026-12-01T23:30:00Z', 'Europe/Berlin')).toBe('2026-12-02');
    expect(zonedDateTime('2026-12-02T09:00:00Z', 'Europe/Berlin')).toEqual({
      date: '2026-12-02',
      time: '10:00',
    });
  });

  it('turns a wall time into an instant, also across daylight-saving changes', () => {
    expect(zonedInstant('2026-12-02', '10:00', 'Europe/Berlin')).toBe('2026-12-02T09:00:00.000Z');
    expect(zonedInstant('2026-07-01', '10:00', 'Europe/Berlin')).toBe('2026-07-01T08:00:00.000Z');
    expect(zonedInstant('2026-03-29', '03:30', 'Europe/Berlin')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('adds days across month ends and groups slots by day', () => {
    expect(addDays('2026-11-30', 2)).toBe('2026-12-02');
    const groups = groupByDay(
      [
        { start: '2026-12-02T09:30:00Z' },
        { start: '2026-12-01T09:00:00Z' },
        { start: '2026-12-02T09:00:00Z' },
      ],
      'Europe/Berlin',
    );
    expect(groups.map((g) => [g.day, g.slots.length])).toEqual([
      ['2026-12-01', 1],
      ['2026-12-02', 2],
    ]);
    expect(formatDay('2026-12-02', 'de')).toBe('Mittwoch, 2. Dezember 2026');
  });
});
