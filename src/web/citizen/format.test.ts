import { describe, expect, it } from 'vitest';
import { formatInstant, formatTime, minutesSince } from './format';

describe('citizen time formatting', () => {
  it('shows instants in the authority’s time zone, in the UI language', () => {
    // 07:00 UTC is 08:00 in Berlin in winter, 09:00 in summer.
    expect(formatInstant('2026-12-02T07:00:00Z', 'Europe/Berlin', 'de')).toBe(
      'Mittwoch, 2. Dezember um 08:00',
    );
    expect(formatInstant('2026-12-02T07:00:00Z', 'Europe/Berlin', 'en')).toBe(
      'Wednesday 2 December at 08:00',
    );
    expect(formatTime('2026-07-01T07:00:00Z', 'Europe/Berlin', 'de')).toBe('09:00');
  });

  it('counts whole minutes and never below zero', () => {
    const now = Date.parse('2026-11-25T09:10:30Z');
    expect(minutesSince('2026-11-25T09:00:00Z', now)).toBe(10);
    expect(minutesSince('2026-11-25T09:11:00Z', now)).toBe(0);
  });
});
