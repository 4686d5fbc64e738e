import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { Temporal } from 'temporal-polyfill';

export interface AppointmentIcsInput {
  /** Stable across updates of one appointment, e.g. "<appointment id>@<host>": calendars match on it. */
  uid: string;
  start: Date;
  end: Date;
  /** The authority's IANA time zone, e.g. "Europe/Berlin"; times are written in it with a VTIMEZONE. */
  timeZone: string;
  summary: string;
  description: string;
  /** The join link (video) or, for on-site services, the manage link; goes into URL and DESCRIPTION. */
  url?: string;
  location?: string;
  organizerName: string;
  /** Needed for METHOD:REQUEST/CANCEL to be an iTIP message calendars apply; without it no ORGANIZER. */
  organizerEmail?: string;
  /** The citizen; lets calendar clients recognise the invitation as theirs. */
  attendee?: { name?: string; email: string };
  method?: 'REQUEST' | 'CANCEL';
  /** Raise with every change (reschedule, cancel) so calendars replace the earlier version. */
  sequence?: number;
  /** DTSTAMP; now unless given (tests). */
  stamp?: Date;
}

/** A quoted iCalendar parameter value (CN="…") cannot hold a double quote. */
const paramSafe = (name: string) => name.replace(/["\r\n]/g, "'").trim();

/** Wall-clock time in the zone: ical-generator writes a Temporal.ZonedDateTime as its local time + TZID. */
const inZone = (date: Date, timeZone: string) =>
  Temporal.Instant.fromEpochMilliseconds(date.getTime()).toZonedDateTimeISO(timeZone);

/**
 * An RFC 5545 calendar with one event for an appointment. Times carry TZID of the authority's zone, and the
 * VTIMEZONE that defines it comes with the file (from @touch4it/ical-timezones), so calendar programs show
 * the right hour across daylight-saving changes. A zone the library lacks falls back to UTC times, which
 * are just as exact.
 */
export function appointmentIcs(input: AppointmentIcsInput): string {
  const method = input.method ?? 'REQUEST';
  const vtimezone = getVtimezoneComponent(input.timeZone);
  const zoned = vtimezone !== null;
  const calendar = ical({
    prodId: { company: 'Amtsraum', product: 'Termine', language: 'DE' },
    method: method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    // Generator only, no calendar-wide name: the event names its zone, and DTSTAMP stays in UTC ("…Z") as
    // RFC 5545 requires (ical-generator writes DTSTAMP in the calendar's zone when one is named).
    ...(zoned ? { timezone: { name: null, generator: () => vtimezone } } : {}),
  });
  const description =
    input.url && !input.description.includes(input.url)
      ? `${input.description}\n\n${input.url}`
      : input.description;
  calendar.createEvent({
    id: input.uid,
    sequence: input.sequence ?? 0,
    stamp: input.stamp ?? new Date(),
    start: zoned ? inZone(input.start, input.timeZone) : input.start,
    end: zoned ? inZone(input.end, input.timeZone) : input.end,
    ...(zoned ? { timezone: input.timeZone } : {}),
    summary: input.summary,
    description,
    url: input.url ?? null,
    location: input.location ?? null,
    status: method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: input.organizerEmail
      ? { name: paramSafe(input.organizerName), email: input.organizerEmail }
      : null,
    attendees: input.attendee
      ? [
          {
            email: input.attendee.email,
            ...(input.attendee.name ? { name: paramSafe(input.attendee.name) } : {}),
            rsvp: false,
          },
        ]
      : [],
  });
  return calendar.toString();
}

/** The .ics as a mail attachment; the method in the content type lets mail clients offer "add to calendar". */
export function icsAttachment(ics: string, method: 'REQUEST' | 'CANCEL' = 'REQUEST') {
  return {
    filename: method === 'CANCEL' ? 'termin-abgesagt.ics' : 'termin.ics',
    content: ics,
    contentType: `text/calendar; charset=utf-8; method=${method}`,
  };
}
