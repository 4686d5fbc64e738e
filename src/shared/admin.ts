import { z } from 'zod';
import { CalendarDate, Id, LongText, ShortText, TimeOfDay } from './fields';
import { RESERVED_OFFICE_SEGMENTS } from './reserved';
import { ROLES } from './roles';

/** German states (ISO 3166-2:DE without the country prefix) whose public holidays apply. */
export const GermanState = z.enum([
  'BW',
  'BY',
  'BE',
  'BB',
  'HB',
  'HH',
  'HE',
  'MV',
  'NI',
  'NW',
  'RP',
  'SL',
  'SN',
  'ST',
  'SH',
  'TH',
]);
export type GermanState = z.infer<typeof GermanState>;

export const SecondFactorPolicy = z.enum(['admins', 'everyone']);
export type SecondFactorPolicy = z.infer<typeof SecondFactorPolicy>;

export const TenantSettings = z.strictObject({
  /** Display name of the authority, e.g. "Stadt Musterstadt". */
  name: ShortText,
  /** Logo as a same-origin path or https URL of the authority's own site. */
  logoUrl: z
    .string()
    .max(500)
    .regex(/^(\/|https:\/\/)/, 'must start with / or https://')
    .nullable(),
  /** IANA time zone for opening hours and appointments. */
  timeZone: z
    .string()
    .max(64)
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('de-DE', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, 'unknown IANA time zone'),
  /** German state whose public holidays close the offices. */
  holidayState: GermanState,
  /** Days after which personal data of finished visits is deleted. */
  retentionDays: z.int().min(1).max(3650),
  /** Days an issued protocol is kept (counted from its issue), after which it is deleted. */
  protocolRetentionDays: z.int().min(30).max(36500),
  /** Whom sign-in asks for a second factor: admins only (the default) or every staff member. */
  secondFactor: SecondFactorPolicy.default('admins'),
});
export type TenantSettings = z.infer<typeof TenantSettings>;
export const Tenant = TenantSettings.extend({ id: Id, slug: z.string() });
export type Tenant = z.infer<typeof Tenant>;

export const UnitInput = z.strictObject({
  name: ShortText,
  /** Parent unit; null for a top-level unit. */
  parentId: Id.nullable(),
});
export type UnitInput = z.infer<typeof UnitInput>;
export const Unit = UnitInput.extend({ id: Id });
export type Unit = z.infer<typeof Unit>;

export const Channel = z.enum(['video', 'on_site', 'both']);
export type Channel = z.infer<typeof Channel>;

/** How one appointment takes place: a service offered both ways lets the citizen choose. */
export const AppointmentKind = z.enum(['video', 'on_site']);
export type AppointmentKind = z.infer<typeof AppointmentKind>;

export const IntakeField = z.strictObject({
  /** Stable machine key of the answer, e.g. "aktenzeichen". */
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'lowercase letters, digits and _; starts with a letter'),
  label: ShortText,
  type: z.enum(['text', 'textarea', 'date', 'select', 'checkbox']),
  required: z.boolean(),
  /** Choices for type "select". */
  options: z.array(ShortText).max(50).optional(),
});
export type IntakeField = z.infer<typeof IntakeField>;

export const ServiceInput = z
  .strictObject({
    unitId: Id,
    name: ShortText,
    description: LongText,
    /** Length of the consultation in minutes. */
    durationMinutes: z.int().min(5).max(480),
    /** Preparation time kept free before the appointment. */
    bufferBeforeMinutes: z.int().min(0).max(120),
    /** Follow-up time kept free after the appointment. */
    bufferAfterMinutes: z.int().min(0).max(120),
    channel: Channel,
    /** Documents the citizen should have at hand. */
    requiredDocuments: z.array(ShortText).max(30),
    /** Questions asked when booking or entering. */
    intakeFields: z.array(IntakeField).max(30),
    /**
     * An internet booking holds its slot only until the citizen opens the activation link mailed to them
     * (staff bookings and case systems never need it). On unless turned off.
     */
    requiresActivation: z.boolean().default(true),
  })
  .refine((s) => new Set(s.intakeFields.map((f) => f.key)).size === s.intakeFields.length, {
    message: 'intake field keys must be unique',
    path: ['intakeFields'],
  })
  .refine((s) => s.intakeFields.every((f) => f.type !== 'select' || (f.options?.length ?? 0) > 0), {
    message: 'a select field needs at least one option',
    path: ['intakeFields'],
  });
export type ServiceInput = z.infer<typeof ServiceInput>;
export type Service = ServiceInput & { id: string };

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;
export const WEEKDAYS = Weekday.options;

export const OpeningInterval = z
  .strictObject({ from: TimeOfDay, to: TimeOfDay })
  .refine((i) => i.from < i.to, { message: '"from" must be before "to"', path: ['to'] });
export type OpeningInterval = z.infer<typeof OpeningInterval>;

/** Per weekday the intervals in which the office is open; a missing weekday is closed. */
export const OpeningHours = z
  .partialRecord(Weekday, z.array(OpeningInterval).max(6))
  .refine(
    (hours) =>
      Object.values(hours).every((intervals) =>
        [...(intervals ?? [])]
          .sort((a, b) => a.from.localeCompare(b.from))
          .every((i, n, all) => n === 0 || all[n - 1]!.to <= i.from),
      ),
    'opening intervals of one day must not overlap',
  );
export type OpeningHours = z.infer<typeof OpeningHours>;

export const OfficeInput = z.strictObject({
  unitId: Id,
  name: ShortText,
  /** Part of the public address /{tenant}/{office}. */
  slug: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and -')
    .refine(
      (slug) => !(RESERVED_OFFICE_SEGMENTS as readonly string[]).includes(slug),
      'this address is used by the app itself',
    ),
  openingHours: OpeningHours,
  /** Dates on which the office stays closed besides public holidays. */
  closedDays: z.array(CalendarDate).max(366),
  /** How many citizens may wait at once. */
  capacity: z.int().min(1).max(10000),
  /** Street address for appointments in person, e.g. "Rathausplatz 1, 86150 Augsburg"; none: video only. */
  address: z.string().trim().min(1).max(300).nullable().default(null),
  /** How to find the counter, e.g. "Eingang B, 2. Stock, Zimmer 204"; optional. */
  directions: z.string().trim().min(1).max(1000).nullable().default(null),
});
export type OfficeInput = z.infer<typeof OfficeInput>;
export type Office = OfficeInput & { id: string };

export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const StaffInput = z.strictObject({
  email: z
    .email()
    .max(254)
    .transform((e) => e.toLowerCase()),
  displayName: ShortText,
  role: Role,
  /** Home unit; a lead manages this unit and the units below it. */
  unitId: Id.nullable(),
  /** Offices this person serves. */
  officeIds: z.array(Id).max(100),
  active: z.boolean(),
});
export type StaffInput = z.infer<typeof StaffInput>;
export const StaffCreate = StaffInput.extend({
  /** Initial password; at least 12 characters. */
  password: z.string().min(12).max(200),
});
export type StaffCreate = z.infer<typeof StaffCreate>;
export const StaffUpdate = StaffInput.extend({ password: z.string().min(12).max(200).optional() });
export type StaffUpdate = z.infer<typeof StaffUpdate>;
export type Staff = Omit<StaffInput, 'email'> & { id: string; email: string };
