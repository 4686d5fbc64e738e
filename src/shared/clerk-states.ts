import { z } from 'zod';
import { Id } from './fields';

/**
 * What a clerk who serves an office is doing now. A call shows above everything; follow-up work
 * ("Nachbearbeitung") starts after each call. A clerk serving no office is away and not listed.
 */
export const ClerkActivity = z.enum(['available', 'in_call', 'follow_up', 'break']);
export type ClerkActivity = z.infer<typeof ClerkActivity>;

/** A clerk serving an office, as the colleagues of that office see them. */
export const ClerkOnDuty = z.object({
  staffId: Id,
  displayName: z.string(),
  activity: ClerkActivity,
  /** A break's expected end as the clerk gave it, or when the follow-up work ends (ISO instant). */
  until: z.string().nullable(),
  /** A break's reason as the clerk gave it for colleagues. */
  reason: z.string().nullable(),
});
export type ClerkOnDuty = z.infer<typeof ClerkOnDuty>;

export const BREAK_REASON_MAX = 200;

export const ClerkStateRequest = z.discriminatedUnion('state', [
  /** Ready to be called: ends a break, or the follow-up work early ("bereit"). */
  z.strictObject({ state: z.literal('available') }),
  z.strictObject({
    state: z.literal('break'),
    /** Shown to colleagues, e.g. "Mittagspause"; optional. */
    reason: z.string().trim().max(BREAK_REASON_MAX).default(''),
    /**
     * Expected end (ISO instant), shown to colleagues; optional. The route checks it against its clock:
     * ahead of now, at most MAX_BREAK_HOURS away.
     */
    until: z.iso.datetime({ offset: true }).nullable().default(null),
  }),
]);
export type ClerkStateRequest = z.infer<typeof ClerkStateRequest>;
/** What a client sends (reason and expected end may be left out). */
export type ClerkStateInput = z.input<typeof ClerkStateRequest>;

/** The clerk's own state as stored (whether they serve offices is their presence). */
export const ClerkState = z.object({
  state: z.enum(['available', 'break']),
  reason: z.string().nullable(),
  until: z.string().nullable(),
  /** Until when the follow-up work after the last call lasts; null when none is under way. */
  followUpUntil: z.string().nullable(),
});
export type ClerkState = z.infer<typeof ClerkState>;

/** Follow-up minutes run from 0 (none) to an hour. */
const FollowUpMinutes = z.int().min(0).max(60);

/** The follow-up time after each call: the authority's, and each office's where it differs. */
export const FollowUpSettings = z.object({
  minutes: FollowUpMinutes,
  offices: z.array(z.object({ officeId: Id, name: z.string(), minutes: FollowUpMinutes.nullable() })),
});
export type FollowUpSettings = z.infer<typeof FollowUpSettings>;

export const FollowUpUpdate = z.strictObject({
  /** Minutes of follow-up work after each call in the authority's offices; 0: none. */
  minutes: FollowUpMinutes,
  /** Offices with a time of their own (null: the authority's); offices not listed keep theirs. */
  offices: z
    .array(z.strictObject({ officeId: Id, minutes: FollowUpMinutes.nullable() }))
    .max(1000)
    .default([]),
});
export type FollowUpUpdate = z.infer<typeof FollowUpUpdate>;
