import { z } from 'zod';
import { AppointmentStatus, Instant, IntakeAnswers } from './booking';
import { Id, ShortText } from './fields';

/**
 * The versioned REST API for case systems (/api/v1) and the admin's API keys. These schemas validate the
 * requests and are the source of the OpenAPI document at /api/v1/openapi.json.
 */

/** What a key may do; each /api/v1 route needs one of these. */
export const ApiScope = z
  .enum(['appointments:read', 'appointments:write', 'consultations:read', 'consultations:write'])
  .describe('A right of an API key');
export type ApiScope = z.infer<typeof ApiScope>;

// Admin: API keys --------------------------------------------------------------------------------------

export const ApiKeyCreate = z.strictObject({
  /** What the key is for, e.g. "Fachverfahren Wohngeld". */
  name: ShortText.max(100),
  scopes: z
    .array(ApiScope)
    .min(1, 'tick at least one')
    .max(4)
    .refine((s) => new Set(s).size === s.length, 'each scope at most once'),
});
export type ApiKeyCreate = z.infer<typeof ApiKeyCreate>;

export const ApiKeySummary = z.object({
  id: Id,
  name: z.string(),
  scopes: z.array(ApiScope),
  /** Non-secret start of the key, for telling keys apart ("amk_<prefix>_…"). */
  prefix: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKeySummary = z.infer<typeof ApiKeySummary>;

/** Returned once on creation: the key itself is never shown again. */
export const ApiKeyCreated = z.object({
  id: Id,
  name: z.string(),
  scopes: z.array(ApiScope),
  prefix: z.string(),
  key: z.string(),
});
export type ApiKeyCreated = z.infer<typeof ApiKeyCreated>;

// /api/v1 ----------------------------------------------------------------------------------------------

/** The case system's own reference (Aktenzeichen); no control characters. */
export const CaseReference = z
  .string()
  .trim()
  .min(1)
  .max(100)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  .regex(/^[^\u0000-\u001f\u007f]*$/, 'no control characters')
  .describe("The case system's reference (Aktenzeichen)");

export const V1Problem = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.int(),
    detail: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  })
  .describe('An RFC 9457 problem document');

export const V1IdParams = z.strictObject({ id: Id });

export const V1AppointmentsQuery = z
  .strictObject({
    from: Instant.optional().describe('Appointments starting at or after this instant; default: now'),
    to: Instant.optional().describe(
      'Appointments starting before this instant; default: 31 days after "from"',
    ),
    caseReference: CaseReference.optional().describe('Only appointments with this case reference'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .superRefine((q, ctx) => {
    if (!q.from || !q.to) return;
    const span = Date.parse(q.to) - Date.parse(q.from);
    const message =
      span <= 0 ? '"to" must be after "from"' : span > 366 * 86_400_000 ? 'at most 366 days' : null;
    // A range is wrong as a pair: both ends are named, since either may be the one the client mistyped.
    if (message) for (const end of ['from', 'to']) ctx.addIssue({ code: 'custom', message, path: [end] });
  });

export const V1Appointment = z.object({
  id: Id,
  start: z.string(),
  end: z.string(),
  status: AppointmentStatus,
  serviceId: Id,
  officeId: Id,
  citizen: z.object({ name: z.string(), email: z.string(), phone: z.string().nullable() }),
  caseReference: z.string().nullable(),
  language: z.enum(['de', 'en']),
});
export type V1Appointment = z.infer<typeof V1Appointment>;

export const V1AppointmentList = z.object({ appointments: z.array(V1Appointment) });

export const V1AppointmentCreate = z.strictObject({
  serviceId: Id,
  /** Start of a free slot of the service (ISO 8601 instant). */
  start: Instant,
  citizen: z.strictObject({
    name: ShortText.max(120),
    email: z.email().max(254),
    phone: z.string().trim().max(20).optional(),
  }),
  caseReference: CaseReference.optional(),
  /** Language of the mails and reminders to the citizen. */
  language: z.enum(['de', 'en']).default('de'),
  /** Answers to the service's intake questions by field key. */
  intake: IntakeAnswers.default({}),
});
export type V1AppointmentCreate = z.infer<typeof V1AppointmentCreate>;

export const V1AppointmentCreated = z.object({
  id: Id,
  start: z.string(),
  end: z.string(),
  /** For the citizen: view, move or cancel the appointment. */
  manageUrl: z.string(),
  /** For the citizen: enter the waiting room at appointment time; null for on-site services. */
  joinUrl: z.string().nullable(),
});

export const V1ConsultationCreate = z.strictObject({
  /** The virtual office whose queue the citizen enters. */
  officeId: Id,
  citizen: z.strictObject({ name: ShortText.max(60) }),
  caseReference: CaseReference.optional(),
  /** How long the link can be opened; never past the end of the day it is made. */
  validMinutes: z
    .int()
    .min(5)
    .max(20_160)
    .optional()
    .describe(
      "Minutes the link can be opened for; it expires at the end of the day (23:59:59.999 in the authority's " +
        'time zone) at the latest, which is also the default. Longer values are cut to that.',
    ),
});
export type V1ConsultationCreate = z.infer<typeof V1ConsultationCreate>;

export const V1ConsultationCreated = z.object({
  /** The id for GET /api/v1/consultations/{id} and its protocol. */
  id: Id,
  /** For the citizen: opening it places them in the office's queue. */
  joinUrl: z.string(),
  /** The end of the day it was made, or sooner (validMinutes); it opens one visit only. */
  expiresAt: z.string(),
});

export const V1Consultation = z.object({
  id: Id,
  officeId: Id,
  citizen: z.object({ name: z.string() }),
  caseReference: z.string().nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  /** invited: link not opened yet; expired: never opened in time; ended: the visit is over. */
  status: z.enum(['invited', 'waiting', 'in_consultation', 'ended', 'expired']),
  /** The latest protocol, once the agent has issued one. */
  protocol: z.object({ version: z.int(), issuedAt: z.string(), pdfSha256: z.string() }).nullable(),
});
export type V1Consultation = z.infer<typeof V1Consultation>;
