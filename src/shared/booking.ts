import { z } from 'zod';
import { AppointmentKind, Channel, IntakeField, OpeningHours } from './admin';
import { CalendarDate, Id, ShortText } from './fields';
import { MobileNumber } from './phone';

/** A service as citizens see it when booking. */
export const BookableService = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  durationMinutes: z.int(),
  channel: Channel,
  requiredDocuments: z.array(z.string()),
  intakeFields: z.array(IntakeField),
  unit: z.object({ id: Id, name: z.string() }),
});
export type BookableService = z.infer<typeof BookableService>;
export const BookableServices = z.object({ timeZone: z.string(), services: z.array(BookableService) });
export type BookableServices = z.infer<typeof BookableServices>;

export const SlotsQuery = z.strictObject({
  /** First day to search, in the authority's time zone; default today. */
  from: CalendarDate.optional(),
  /** How many days from there. */
  days: z.coerce.number().int().min(1).max(62).default(14),
});
export const SlotList = z.object({
  timeZone: z.string(),
  /** The window searched: its first day in the authority's time zone and its length, for paging on. */
  from: CalendarDate,
  days: z.int(),
  slots: z.array(z.object({ start: z.string(), end: z.string() })),
});
export type SlotList = z.infer<typeof SlotList>;

/** Answers to the service's intake questions by field key. */
export const IntakeAnswers = z.record(z.string().max(40), z.union([z.string().max(2000), z.boolean()]));

/** Instants we can store and compute with: years 1970–2199 (the database refuses far-off years). */
export const Instant = z.iso.datetime({ offset: true }).refine((value) => {
  const year = new Date(value).getUTCFullYear();
  return year >= 1970 && year < 2200;
}, 'must be an instant between the years 1970 and 2199');

export const BookingRequest = z.strictObject({
  /** Start of the chosen slot (ISO 8601 instant). */
  start: Instant,
  name: ShortText.max(120),
  email: z.email().max(254),
  /** Mobile number for an SMS reminder, in any usual spelling; optional. Stored as E.164. */
  phone: MobileNumber.optional(),
  intake: IntakeAnswers.default({}),
  /** The citizen accepted the privacy notice. */
  consent: z.literal(true, { error: 'please accept the privacy notice' }),
  /** Language of mails and reminders. */
  language: z.enum(['de', 'en']).default('de'),
  /**
   * By video or in person; must be one the service offers. Left out: the service's only way, or video
   * for a service offered both ways (what clients written before the choice existed booked).
   */
  kind: AppointmentKind.optional(),
});
export type BookingRequest = z.infer<typeof BookingRequest>;

/** Where an in-person appointment takes place; address and directions null until an admin enters them. */
export const AppointmentPlace = z.object({
  name: z.string(),
  address: z.string().nullable(),
  directions: z.string().nullable(),
});
export type AppointmentPlace = z.infer<typeof AppointmentPlace>;

const BookedSlot = z.object({
  appointmentId: Id,
  start: z.string(),
  end: z.string(),
  serviceName: z.string(),
  officeName: z.string(),
  channel: Channel,
  kind: AppointmentKind,
  office: AppointmentPlace,
});

/** A firm booking: the links carry the only copies of the tokens (the confirmation mail the others). */
export const FirmBooking = BookedSlot.extend({
  status: z.literal('booked'),
  manageUrl: z.string(),
  /** null for appointments in person. */
  joinUrl: z.string().nullable(),
});
export type FirmBooking = z.infer<typeof FirmBooking>;

/**
 * An internet booking that holds its slot until the citizen opens the activation link mailed to them.
 * No links here: the manage and join links reach only the mailbox, with the confirmation after activation.
 */
export const HeldBooking = BookedSlot.extend({
  status: z.literal('pending_activation'),
  activation: z.object({
    /** The deadline, by the server's clock. */
    activateBy: z.string(),
    /** Seconds from this answer to the deadline: a countdown that needs no agreement of clocks. */
    secondsLeft: z.int().min(0),
  }),
});
export type HeldBooking = z.infer<typeof HeldBooking>;

/** What the citizen gets right after booking. */
export const BookingConfirmation = z.discriminatedUnion('status', [FirmBooking, HeldBooking]);
export type BookingConfirmation = z.infer<typeof BookingConfirmation>;

/** pending_activation: held for the citizen's activation; expired: never activated, the slot given back. */
export const AppointmentStatus = z.enum([
  'pending_activation',
  'booked',
  'cancelled',
  'expired',
  'no_show',
  'done',
]);

/** What the manage link shows. */
export const ManagedAppointment = z.object({
  appointmentId: Id,
  tenantSlug: z.string(),
  timeZone: z.string(),
  start: z.string(),
  end: z.string(),
  status: AppointmentStatus,
  service: z.object({ id: Id, name: z.string(), channel: Channel, requiredDocuments: z.array(z.string()) }),
  officeName: z.string(),
  kind: AppointmentKind,
  office: AppointmentPlace,
  /**
   * A booked video appointment's join link, so a citizen who holds the manage link is never without a way
   * in (the mail may be lost); null otherwise.
   */
  joinUrl: z.string().nullable(),
  /** Cancelling and moving are possible until the appointment starts. */
  changeable: z.boolean(),
});
export type ManagedAppointment = z.infer<typeof ManagedAppointment>;

/** What the activation link shows once the appointment is firm. */
export const ActivationResult = ManagedAppointment.extend({
  /** The manage link, on the click that activated only; later clicks point to the confirmation mail. */
  manageUrl: z.string().nullable(),
});
export type ActivationResult = z.infer<typeof ActivationResult>;

export const RescheduleRequest = z.strictObject({ start: Instant });

export const JoinResult = z.object({
  visitToken: z.string(),
  officeSlug: z.string(),
  tenantSlug: z.string(),
});
export type JoinResult = z.infer<typeof JoinResult>;

/** Staff booking on behalf of a citizen (e.g. on the phone). */
export const StaffBookingRequest = BookingRequest.omit({ consent: true }).extend({ serviceId: Id });
export type StaffBookingRequest = z.infer<typeof StaffBookingRequest>;

export const StaffAppointment = z.object({
  id: Id,
  start: z.string(),
  end: z.string(),
  status: AppointmentStatus,
  serviceId: Id,
  serviceName: z.string(),
  officeId: Id,
  kind: AppointmentKind,
  citizenName: z.string(),
  agentName: z.string(),
  /** The citizen opened the join link and waits (or talks) now. */
  checkedIn: z.boolean(),
  /** In person: when the counter marked the citizen as arrived; null before. */
  arrivedAt: z.string().nullable(),
  visitId: Id.nullable(),
});
export type StaffAppointment = z.infer<typeof StaffAppointment>;

export const DayQuery = z.strictObject({ date: CalendarDate });

export const ChangeByStaffRequest = z.strictObject({
  /** Told to the citizen in the mail. */
  message: z.string().trim().max(1000).default(''),
});
export const MoveByStaffRequest = ChangeByStaffRequest.extend({ start: Instant });

export const WorkingHoursRequest = z.strictObject({ workingHours: OpeningHours.nullable() });
export const StaffExceptionInput = z
  .strictObject({ kind: z.enum(['absent', 'extra']), from: Instant, to: Instant })
  .refine((e) => Date.parse(e.from) < Date.parse(e.to), {
    message: '"from" must be before "to"',
    path: ['to'],
  });
