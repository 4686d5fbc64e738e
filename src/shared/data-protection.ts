import { z } from 'zod';
import { Id, ShortText } from './fields';
import { MobileNumber, PhoneNumber } from './phone';

/**
 * /api/admin/data-protection — citizens' data-protection requests (GDPR Art. 15 access, Art. 16
 * rectification, Art. 17 erasure) for the data-protection officer and admins. Searches go in a body, so
 * no address or number lands in a URL (browser history, a proxy's log); exports name records by id only.
 */

/** How the officer finds a citizen: by what the citizen tells them. */
export const SubjectSearch = z.discriminatedUnion('by', [
  z.strictObject({
    by: z.literal('email'),
    /** An e-mail address; compared trimmed and in lower case, never as a part of another address. */
    value: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  }),
  z.strictObject({
    by: z.literal('phone'),
    /** A phone number in any usual spelling, compared as E.164 (as the booking stores it). */
    value: PhoneNumber,
  }),
  z.strictObject({
    by: z.literal('reference'),
    /** An appointment, visit, consultation or invitation id, or a case system's reference (Aktenzeichen). */
    value: z.string().trim().min(1).max(100),
  }),
]);
export type SubjectSearch = z.infer<typeof SubjectSearch>;
export type SubjectSearchBy = SubjectSearch['by'];

/** An appointment as the officer sees it in the search result. */
export const SubjectAppointment = z.object({
  id: Id,
  startsAt: z.string(),
  status: z.string(),
  serviceName: z.string(),
  officeName: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  caseReference: z.string().nullable(),
  visitId: Id.nullable(),
  /** Its personal data is gone already (retention or an earlier erasure). */
  erased: z.boolean(),
});
export type SubjectAppointment = z.infer<typeof SubjectAppointment>;

/** A visit (walk-in or checked-in appointment) as the search result shows it. */
export const SubjectVisit = z.object({
  id: Id,
  arrivedAt: z.string(),
  status: z.string(),
  officeName: z.string(),
  name: z.string(),
  /** How many calls (consultations) the visit had. */
  consultations: z.int(),
  erased: z.boolean(),
});
export type SubjectVisit = z.infer<typeof SubjectVisit>;

/** A mail or SMS kept in the outbox for the citizen's address or number. */
export const SubjectMessage = z.object({
  id: Id,
  createdAt: z.string(),
  channel: z.enum(['email', 'sms']),
  recipient: z.string(),
  subject: z.string(),
});
export type SubjectMessage = z.infer<typeof SubjectMessage>;

/** Everything found for one search: the records of the person the request is about. */
export const SubjectRecords = z.object({
  appointments: z.array(SubjectAppointment),
  visits: z.array(SubjectVisit),
  outboxMessages: z.array(SubjectMessage),
});
export type SubjectRecords = z.infer<typeof SubjectRecords>;

const IDS_MAX = 200;
const noneChosen = 'choose at least one record';
const anyChosen = (s: { appointmentIds: string[]; visitIds: string[]; outboxMessageIds: string[] }) =>
  s.appointmentIds.length + s.visitIds.length + s.outboxMessageIds.length > 0;

/** The records a request is about, by id (what a search found); the server adds linked records. */
const SelectionFields = {
  appointmentIds: z.array(Id).max(IDS_MAX).default([]),
  visitIds: z.array(Id).max(IDS_MAX).default([]),
  outboxMessageIds: z.array(Id).max(IDS_MAX).default([]),
};
export type SubjectSelection = { appointmentIds: string[]; visitIds: string[]; outboxMessageIds: string[] };

/** "id,id,…" in a query string, as a download link carries it. */
const IdList = z
  .string()
  .max(IDS_MAX * 37)
  .transform((value) => value.split(',').filter(Boolean))
  .pipe(z.array(Id).max(IDS_MAX))
  .default([]);

/** GET …/export?appointmentIds=…&visitIds=…&outboxMessageIds=…: the ZIP of everything stored (Art. 15). */
export const ExportQuery = z
  .strictObject({ appointmentIds: IdList, visitIds: IdList, outboxMessageIds: IdList })
  .refine(anyChosen, noneChosen);

/** The grounds of GDPR Art. 17(1) (a)–(f) on which personal data is erased early. */
export const ERASURE_REASONS = [
  'no-longer-necessary',
  'consent-withdrawn',
  'objection',
  'unlawful',
  'legal-obligation',
  'child',
] as const;
export const ErasureReason = z.enum(ERASURE_REASONS);
export type ErasureReason = z.infer<typeof ErasureReason>;

/** POST …/erasure: erase the chosen records' personal data now (Art. 17). */
export const ErasureRequest = z
  .strictObject({
    ...SelectionFields,
    reason: ErasureReason,
    /**
     * The officer's note for the audit trail, e.g. the request's date and file number. It must not name
     * the citizen (the server refuses a note with their name, address or number).
     */
    note: z.string().trim().min(5).max(500),
  })
  .refine(anyChosen, noneChosen);
export type ErasureRequest = z.output<typeof ErasureRequest>;

/** What an erasure changed, by kind of record. */
export const ErasureResult = z.object({
  appointments: z.int(),
  visits: z.int(),
  consultations: z.int(),
  chatMessages: z.int(),
  files: z.int(),
  forms: z.int(),
  guests: z.int(),
  invitations: z.int(),
  outboxMessages: z.int(),
  /** Protocols kept for the authority's records, with the citizen's name replaced. */
  protocolsPseudonymised: z.int(),
});
export type ErasureResult = z.infer<typeof ErasureResult>;

/** PUT …/appointments/:id/contact: the citizen's corrected name, address and number (Art. 16). */
export const AppointmentContact = z.strictObject({
  name: ShortText.max(120),
  email: z.string().trim().pipe(z.email().max(254)),
  /** A mobile number (reminders go by SMS), stored as E.164; null removes it. */
  phone: MobileNumber.nullable(),
});
export type AppointmentContact = z.output<typeof AppointmentContact>;

/** PUT …/visits/:id/name: the name a visit is shown under in the queue and the protocol. */
export const VisitName = z.strictObject({ name: z.string().trim().min(1).max(60) });
export type VisitName = z.output<typeof VisitName>;
