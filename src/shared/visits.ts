import { z } from 'zod';
import { Id } from './fields';
import { OfficeQueue, WaitingEntry } from './realtime';

export const EnterRequest = z.strictObject({
  /** First name or pseudonym the agent calls the citizen by. */
  displayName: z.string().trim().min(1).max(60),
  /** Optional short concern, shown to the agent. */
  concern: z.string().trim().max(500).default(''),
  /** The citizen has no camera or chose not to use it. */
  audioOnly: z.boolean().default(false),
});
export type EnterRequest = z.infer<typeof EnterRequest>;

export const EnterResponse = z.object({
  visitId: Id,
  /** Kept in the tab's sessionStorage so a reload or a network drop returns to the same place. */
  visitToken: z.string(),
});
export type EnterResponse = z.infer<typeof EnterResponse>;

/** One virtual office as the public page of an authority shows it. */
export const PublicOffice = z.object({
  slug: z.string(),
  name: z.string(),
  open: z.boolean(),
  /** ISO instant; null while closed. */
  closesAt: z.string().nullable(),
  /** ISO instant; null when open or no opening is known. */
  nextOpening: z.string().nullable(),
  agentsServing: z.int(),
  freeAgents: z.int(),
  waiting: z.int(),
  full: z.boolean(),
  /** Minutes a newcomer would wait; null while nobody serves the office. */
  estimatedWaitMinutes: z.int().nullable(),
});
export type PublicOffice = z.infer<typeof PublicOffice>;

export const PublicTenant = z.object({
  name: z.string(),
  logoUrl: z.string().nullable(),
  timeZone: z.string(),
  offices: z.array(PublicOffice),
});
export type PublicTenant = z.infer<typeof PublicTenant>;

export const Workspace = z.object({
  /** Offices assigned to me; `serving` while I am present there. */
  offices: z.array(z.object({ id: Id, slug: z.string(), name: z.string(), serving: z.boolean() })),
  /** Every office of the authority: where a citizen can be forwarded to. */
  transferTargets: z.array(z.object({ id: Id, name: z.string() })),
  queues: z.array(OfficeQueue),
  /** My call in progress, so a reloaded workspace shows whom I talk to. */
  liveConsultation: z
    .object({ id: Id, visitId: Id, officeId: Id, displayName: z.string(), concern: z.string() })
    .nullable(),
});
export type Workspace = z.infer<typeof Workspace>;

export const CallResult = z.object({
  visitId: Id,
  consultationId: Id.nullable(),
  /** call-next only: how many citizens ahead it passed over because their page was closed. */
  skippedAway: z.int().optional(),
  /** not-appeared only: the recalls were used up, the citizen is on the office's missed list now. */
  missed: z.boolean().optional(),
});
export type CallResult = z.infer<typeof CallResult>;

/** The entries staff took out of a queue (those no longer waiting there were skipped). */
export const RemovedVisits = z.object({ visitIds: z.array(Id) });
export type RemovedVisits = z.infer<typeof RemovedVisits>;

/** At most this many entries beyond the head in one page (a workspace shows a long queue in pages of 50). */
export const MAX_WAITING_PAGE = 1000;

/** GET /api/staff/offices/:id/waiting: entries of a long queue beyond the head the socket pushes. */
export const WaitingPageQuery = z.strictObject({
  /** The first place wanted, counted from 0 (the head is 0 … 49). */
  from: z.coerce.number().int().min(0).max(1_000_000),
  count: z.coerce.number().int().min(1).max(MAX_WAITING_PAGE).default(50),
});
export const WaitingPage = z.object({
  from: z.int(),
  /** Everyone waiting in the office now. */
  waiting: z.int(),
  /** In queue order, at places from, from + 1, …; fewer (or none) at the end of the line. */
  entries: z.array(WaitingEntry),
});
export type WaitingPage = z.infer<typeof WaitingPage>;
