import { APPOINTMENT_WORDS } from './appointment-words';
import { appointmentIcs } from './ics';
import type { Language } from './mail-document';
import { type AppointmentPlace, type OfficePlace, placeLine } from './templates';

/** What a calendar file tells of a stored appointment; the notify job and the manage link read it alike. */
export interface CalendarFacts {
  id: string;
  language: Language;
  authorityName: string;
  serviceName: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  /** Raised by each move: the file's SEQUENCE, so calendars replace the earlier version. */
  linkVersion: number;
  officeName: string;
  officeAddress: string | null;
  officeDirections: string | null;
}

export const officePlaceOf = (
  facts: Pick<CalendarFacts, 'officeName' | 'officeAddress' | 'officeDirections'>,
): Required<OfficePlace> => ({
  name: facts.officeName,
  address: facts.officeAddress,
  directions: facts.officeDirections,
});

/** A video appointment is where its join link leads; one in person at the office. */
export const appointmentPlace = (joinUrl: string | null, office: OfficePlace): AppointmentPlace =>
  joinUrl ? { channel: 'video', joinUrl } : { channel: 'on_site', office };

export interface AppointmentCalendarInput {
  appointmentId: string;
  /** The installation's host: with the id the event's stable UID, so updates replace it. */
  host: string;
  language: Language;
  authorityName: string;
  serviceName: string;
  timeZone: string;
  start: Date;
  end: Date;
  place: AppointmentPlace;
  organizerEmail: string;
  method: 'REQUEST' | 'CANCEL';
  sequence: number;
  /** DTSTAMP; now unless given. */
  stamp?: Date;
}

/**
 * The appointment's calendar file, for the mail and for the pages' download alike: it names the kind,
 * the join link and the device check (video) or the address and directions (in person) in the words
 * the pages use.
 */
export function appointmentCalendar(input: AppointmentCalendarInput): string {
  const words = APPOINTMENT_WORDS[input.language];
  const { place } = input;
  const lines =
    place.channel === 'video'
      ? [words.video, `${words.join}: ${place.joinUrl}`, words.joinHint]
      : [
          words.onSite,
          `${words.address}: ${placeLine(place.office)}`,
          ...(place.office.directions ? [`${words.directions}: ${place.office.directions}`] : []),
          words.onSiteHint,
        ];
  return appointmentIcs({
    uid: `${input.appointmentId}@${input.host}`,
    start: input.start,
    end: input.end,
    timeZone: input.timeZone,
    summary: `${input.serviceName} – ${input.authorityName}`,
    description: lines.join('\n'),
    ...(place.channel === 'video' ? { url: place.joinUrl } : { location: placeLine(place.office) }),
    organizerName: input.authorityName,
    organizerEmail: input.organizerEmail,
    method: input.method,
    sequence: input.sequence,
    ...(input.stamp ? { stamp: input.stamp } : {}),
  });
}

/** The calendar file of a stored appointment; `cancel`: the file that takes it out of the calendar. */
export function storedAppointmentCalendar(
  facts: CalendarFacts,
  joinUrl: string | null,
  setup: { publicUrl: URL; mailFrom: string },
  { cancel = false, stamp }: { cancel?: boolean; stamp?: Date } = {},
): string {
  return appointmentCalendar({
    appointmentId: facts.id,
    host: setup.publicUrl.host,
    language: facts.language,
    authorityName: facts.authorityName,
    serviceName: facts.serviceName,
    timeZone: facts.timeZone,
    start: facts.startsAt,
    end: facts.endsAt,
    place: appointmentPlace(joinUrl, officePlaceOf(facts)),
    // The bare address of MAIL_FROM ("Amtsraum <no-reply@…>").
    organizerEmail: setup.mailFrom.match(/<([^>]+)>/)?.[1] ?? setup.mailFrom,
    method: cancel ? 'CANCEL' : 'REQUEST',
    // Each move or cancellation must supersede what the citizen's calendar holds.
    sequence: facts.linkVersion - 1 + (cancel ? 1 : 0),
    ...(stamp ? { stamp } : {}),
  });
}
