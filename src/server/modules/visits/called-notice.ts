import type { Db, Queryable } from '../../db/client';
import { enqueueJob, type JobHandler } from '../../jobs/queue';
import type { BookingStore } from '../booking/booking-store';
import { calledMail, calledSms } from '../notifications/called-templates';
import type { Mailer } from '../notifications/mailer';
import type { SmsTransport } from '../notifications/sms';
import type { Language } from '../notifications/templates';

export const CALLED_NOTICE_JOB = 'visit.called-notice';

/**
 * A call is worth a message ("Sie wurden aufgerufen") when the page will not show it: none of the
 * citizen's pages is connected, or it is a recall (the last call went unanswered, so the page, even if
 * connected, is in the background or unattended). A first call to a connected page sends nothing: the
 * waiting room announces it, and a mail for every call would train citizens to ignore them. Only
 * appointment visits have contact data (walk-ins and invitations give none).
 */
const WORTH_A_MESSAGE = `SELECT v.missed_calls > 0 AS recall FROM visits v JOIN appointments a ON a.visit_id = v.id
  WHERE v.id = $1 AND (a.citizen_email <> '' OR a.citizen_phone IS NOT NULL)
    AND (v.missed_calls > 0 OR NOT EXISTS (SELECT 1 FROM citizen_sockets s WHERE s.visit_id = v.id))`;

/** In the call's transaction: one job per call, so at most one message per call. */
export async function noticeCalled(tx: Queryable, visitId: string, consultationId: string) {
  const [worth] = await tx.query<{ recall: boolean }>(WORTH_A_MESSAGE, [visitId]);
  if (worth) await enqueueJob(tx, CALLED_NOTICE_JOB, { consultationId, recall: worth.recall });
}

interface CalledRow {
  appointmentId: string;
  visitStatus: string;
  tenantId: string;
  tenantSlug: string;
  authorityName: string;
  officeName: string;
  kind: 'video' | 'on_site';
  linkVersion: number;
  citizenName: string;
  email: string;
  phone: string | null;
  language: Language;
}

export interface CalledNoticeDeps {
  db: Db;
  mailer: Mailer;
  sms: SmsTransport;
  bookings: Pick<BookingStore, 'linkUrls'>;
}

/**
 * Sends the message of one call: by SMS where a mobile number was given (a phone in the pocket is read
 * within the recall pause), else by mail. The link is the appointment's join link, which hands the
 * visit over to whichever device opens it. A visit that is over by then gets nothing.
 */
export function createCalledNoticeJob({ db, mailer, sms, bookings }: CalledNoticeDeps): JobHandler {
  return async (payload) => {
    const [row] = await db.query<CalledRow>(
      `SELECT a.id AS "appointmentId", v.status AS "visitStatus",
              t.id AS "tenantId", t.slug AS "tenantSlug", t.name AS "authorityName", o.name AS "officeName",
              a.kind, a.link_version AS "linkVersion", a.citizen_name AS "citizenName",
              a.citizen_email AS email, a.citizen_phone AS phone, a.language
         FROM consultations c JOIN visits v ON v.id = c.visit_id JOIN appointments a ON a.visit_id = v.id
         JOIN tenants t ON t.id = c.tenant_id JOIN offices o ON o.id = c.office_id
        WHERE c.id = $1`,
      [String(payload.consultationId)],
    );
    if (!row || (row.visitStatus !== 'in_consultation' && row.visitStatus !== 'waiting')) return;
    const { joinUrl } = bookings.linkUrls(
      { id: row.appointmentId, tenantSlug: row.tenantSlug, kind: row.kind },
      row.linkVersion,
    );
    if (!joinUrl) return;
    const input = {
      language: row.language,
      authorityName: row.authorityName,
      officeName: row.officeName,
      joinUrl,
      recall: payload.recall === true,
    };
    if (row.phone) return void (await sms.send(row.tenantId, row.phone, calledSms(input)));
    if (row.email)
      await mailer.send(row.tenantId, {
        to: row.email,
        ...calledMail({ ...input, citizenName: row.citizenName }),
      });
  };
}
