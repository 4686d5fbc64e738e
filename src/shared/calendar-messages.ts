// No zod here: the admin pages' validation texts import these, and citizen pages share that module.

/** An opening past midnight ends by this time the next morning: a later end is a typo, not a night. */
export const LATEST_OVERNIGHT_END = '06:00';

/** Longest range one exception may span: a year's closure is the most an authority plans. */
export const MAX_EXCEPTION_DAYS = 366;

/** Refinement messages the admin pages translate (src/web/lib/validation.ts). */
export const CALENDAR_MESSAGES = {
  sameTimes: '"from" and "to" must differ',
  overnightEnd: `an opening past midnight must end by ${LATEST_OVERNIGHT_END}`,
  lastBeforeFirst: 'the last day must not be before the first',
  tooLong: `one entry spans at most ${MAX_EXCEPTION_DAYS} days`,
  inThePast: 'the dates lie in the past',
  tooFarAhead: 'starts too many years ahead',
  noSuchDay: 'no such day',
} as const;
