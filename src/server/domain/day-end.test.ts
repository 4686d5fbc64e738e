import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { endOfDay } from './day-end';

const at = (iso: string) => Temporal.Instant.from(iso);

describe('end of the local day', () => {
  it.each([
    // An ordinary winter day in Berlin (UTC+1).
    ['2026-11-25T09:00:00Z', 'Europe/Berlin', '2026-11-25T22:59:59.999Z'],
    // Just after local midnight it is already the next day there, though still the previous one in UTC.
    ['2026-11-25T23:30:00Z', 'Europe/Berlin', '2026-11-26T22:59:59.999Z'],
    // The spring change (29 March 2026, 23 hours): the day starts in UTC+1 and ends in UTC+2.
    ['2026-03-29T00:30:00Z', 'Europe/Berlin', '2026-03-29T21:59:59.999Z'],
    // The autumn change (25 October 2026, 25 hours): it starts in UTC+2 and ends in UTC+1.
    ['2026-10-24T22:30:00Z', 'Europe/Berlin', '2026-10-25T22:59:59.999Z'],
    // Another authority's zone.
    ['2026-11-25T09:00:00Z', 'America/New_York', '2026-11-26T04:59:59.999Z'],
  ])('of %s in %s is %s', (instant, zone, end) => {
    expect(endOfDay(at(instant), zone).toString()).toBe(end);
  });

  it('is 23:59:59.999 on the same local date', () => {
    const end = endOfDay(at('2026-03-29T10:00:00Z'), 'Europe/Berlin').toZonedDateTimeISO('Europe/Berlin');
    expect(end.toPlainDate().toString()).toBe('2026-03-29');
    expect(end.toPlainTime().toString()).toBe('23:59:59.999');
  });
});
