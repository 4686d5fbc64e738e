import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import type { OfficeCalendar } from './opening';
import { openState } from './opening';

const calendar = (extra: Partial<OfficeCalendar> = {}): OfficeCalendar => ({
  openingHours: {
    mon: [{ from: '08:00', to: '12:00' }],
    tue: [{ from: '08:00', to: '12:00' }],
    wed: [{ from: '08:00', to: '12:00' }],
    thu: [
      { from: '08:00', to: '12:00' },
      { from: '14:00', to: '18:00' },
    ],
    fri: [{ from: '08:00', to: '12:00' }],
  },
  closedDays: [],
  timeZone: 'Europe/Berlin',
  holidayState: 'BY',
  ...extra,
});
const berlin = (local: string) =>
  Temporal.PlainDateTime.from(local).toZonedDateTime('Europe/Berlin').toInstant();

describe('office opening state', () => {
  it('is open inside an interval and says when it closes', () => {
    const state = openState(calendar(), berlin('2026-11-26T15:00'));
    expect(state.open).toBe(true);
    expect(state.closesAt?.equals(berlin('2026-11-26T18:00'))).toBe(true);
  });

  it('opens next in the afternoon interval during the lunch break', () => {
    const state = openState(calendar(), berlin('2026-11-26T12:30'));
    expect(state.open).toBe(false);
    expect(state.nextOpening?.equals(berlin('2026-11-26T14:00'))).toBe(true);
  });

  it('skips the weekend', () => {
    expect(
      openState(calendar(), berlin('2026-11-27T13:00')).nextOpening?.equals(berlin('2026-11-30T08:00')),
    ).toBe(true);
  });

  it('is closed on Fronleichnam in Bavaria but open in Berlin', () => {
    const corpusChristi = berlin('2026-06-04T09:00');
    expect(openState(calendar({ holidayState: 'BY' }), corpusChristi).open).toBe(false);
    expect(openState(calendar({ holidayState: 'BE' }), corpusChristi).open).toBe(true);
  });

  it('honours the office’s own closed days', () => {
    const state = openState(calendar({ closedDays: ['2026-11-30'] }), berlin('2026-11-30T09:00'));
    expect(state.open).toBe(false);
    expect(state.nextOpening?.equals(berlin('2026-12-01T08:00'))).toBe(true);
  });

  it('keeps 08:00 local across the change to summer time (last Sunday of March)', () => {
    const monday = openState(calendar(), berlin('2026-03-30T07:00')).nextOpening!;
    expect(monday.toString()).toBe('2026-03-30T06:00:00Z'); // CEST = UTC+2
    const friday = openState(calendar(), berlin('2026-03-27T07:00')).nextOpening!;
    expect(friday.toString()).toBe('2026-03-27T07:00:00Z'); // CET = UTC+1
  });

  it('keeps 08:00 local across the change back to winter time (last Sunday of October)', () => {
    expect(openState(calendar(), berlin('2026-10-26T07:00')).nextOpening!.toString()).toBe(
      '2026-10-26T07:00:00Z',
    );
  });

  it('has no next opening when nothing is open in the coming month', () => {
    expect(openState(calendar({ openingHours: {} }), berlin('2026-11-26T09:00'))).toEqual({
      open: false,
      closesAt: null,
      nextOpening: null,
    });
  });
});
