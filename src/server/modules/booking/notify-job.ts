import type { Config } from '../../config';
import type { Db } from '../../db/client';
import type { JobHandler } from '../../jobs/queue';
import { appointmentPlace, officePlaceOf, storedAppointmentCalendar } from '../notifications/appointment-ics';
import { icsAttachment } from '../notifications/ics';
import type { Mailer } from '../notifications/mailer';
import type { SmsTransport } from '../notifications/sms';
import {
  type AppointmentBase,
  cancellationMail,
  confirmationMail,
  type Language,
  reminderMail,
  reminderSms,
  rescheduledMail,
} from '../notifications/templates';
import type { BookingStore, NotifyEvent } from './booking-store';

interface NotifyPayload {
  appointmentId: string;
  event: NotifyEvent;
  message?: string;
  /** Reminders only: the start they were made for. */
  startsAt?: string;
  /** Moves only: where the appointment was before. */
  previousStartsAt?: string;
}

interface Row {
  id: string;
  tenantId: string;
  tenantSlug: string;
  authorityName: string;
  timeZone: string;
  serviceName: string;
  durationMinutes: number;
  kind: 'video' | 'on_site';
  documents: string[];
  officeName: string;
  officeAddress: string | null;
  officeDirections: string | null;
  startsAt: Date;
  endsAt: Date;
  status: string;
  linkVersion: number;
  citizenName: string;
  email: string;
  phone: string | null;
  language: Language;
  bookedByStaff: boolean;
}

/** Mails (and SMS reminders) about an appointment, rendered when the job runs, from the current state. */
export function createNotifyJob(deps: {
  db: Db;
  mailer: Mailer;
  sms: SmsTransport;
  bookings: Pick<BookingStore, 'linkUrls'>;
  config: Pick<Config, 'publicUrl' | 'mailFrom'>;
}): JobHandler {
  return async (raw) => {
    const payload = raw as unknown as NotifyPayload;
    const [row] = await deps.db.query<Row>(
      `SELECT a.id, a.tenant_id AS "tenantId", t.slug AS "tenantSlug", t.name AS "authorityName",
              t.time_zone AS "timeZone", s.name AS "serviceName", s.duration_minutes AS "durationMinutes",
              a.kind, s.required_documents AS documents, o.name AS "officeName", o.address AS "officeAddress",
              o.directions AS "officeDirections", a.starts_at AS "startsAt",
              a.ends_at AS "endsAt", a.status, a.link_version AS "linkVersion", a.citizen_name AS "citizenName",
              a.citizen_email AS email, a.citizen_phone AS phone, a.language,
              a.booked_by_staff_id IS NOT NULL AS "bookedByStaff"
         FROM appointments a JOIN tenants t ON t.id = a.tenant_id JOIN services s ON s.id = a.service_id
         JOIN offices o ON o.id = a.office_id WHERE a.id = $1`,
      [payload.appointmentId],
    );
    if (!row) return;
    const live = row.status === 'booked';
    // A reminder of a cancelled or moved appointment stays silent (the move scheduled its own).
    if (
      payload.event === 'reminder' &&
      (!live || row.startsAt.toISOString() !== new Date(payload.startsAt ?? 0).toISOString())
    )
      return;
    if ((payload.event === 'confirmation' || payload.event === 'rescheduled') && !live) return;

    const links = deps.bookings.linkUrls(
      { id: row.id, tenantSlug: row.tenantSlug, kind: row.kind },
      row.linkVersion,
    );
    const base: AppointmentBase = {
      language: row.language,
      authorityName: row.authorityName,
      timeZone: row.timeZone,
      serviceName: row.serviceName,
      start: row.startsAt,
      durationMinutes: row.durationMinutes,
      citizenName: row.citizenName,
    };
    const place = appointmentPlace(links.joinUrl, officePlaceOf(row));
    const details = { ...base, ...place, documents: row.documents, manageUrl: links.manageUrl };
    const byAuthority = payload.message !== undefined && payload.message !== '' ? 'authority' : 'citizen';
    const mail =
      payload.event === 'confirmation'
        ? confirmationMail(details)
        : payload.event === 'reminder'
          ? reminderMail(details)
          : payload.event === 'rescheduled'
            ? rescheduledMail({
                ...details,
                previousStart: new Date(payload.previousStartsAt ?? row.startsAt),
                movedBy: byAuthority,
                message: payload.message,
              })
            : cancellationMail({
                ...base,
                cancelledBy: byAuthority,
                message: payload.message,
                bookUrl: `${deps.config.publicUrl.origin}/${row.tenantSlug}/termine`,
              });
    const cancel = payload.event === 'cancelled';
    const ics = storedAppointmentCalendar(row, links.joinUrl, deps.config, { cancel });
    await deps.mailer.send(row.tenantId, {
      to: row.email,
      ...mail,
      attachments: [icsAttachment(ics, cancel ? 'CANCEL' : 'REQUEST')],
    });
    if (payload.event === 'reminder' && row.phone)
      await deps.sms.send(row.tenantId, row.phone, reminderSms({ ...base, ...place }));
  };
}
