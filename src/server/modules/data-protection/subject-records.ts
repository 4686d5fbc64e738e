import type {
  SubjectAppointment,
  SubjectMessage,
  SubjectRecords,
  SubjectVisit,
} from '../../../shared/data-protection';
import type { Queryable } from '../../db/client';
import type { Subject } from './subject';

/** A name removed by retention or an erasure (retention-job.ts writes the same placeholder). */
export const REMOVED_NAME = '–';

const iso = (value: Date | string) => new Date(value).toISOString();

/** The subject's records as the search result lists them, oldest first. */
export async function subjectRecords(db: Queryable, subject: Subject): Promise<SubjectRecords> {
  const appointments = await db.query<Omit<SubjectAppointment, 'startsAt' | 'erased'> & { startsAt: Date }>(
    `SELECT a.id, a.starts_at AS "startsAt", a.status, s.name AS "serviceName", o.name AS "officeName",
            a.citizen_name AS name, a.citizen_email AS email, a.citizen_phone AS phone,
            a.case_reference AS "caseReference", a.visit_id AS "visitId"
       FROM appointments a
       JOIN services s ON s.id = a.service_id AND s.tenant_id = a.tenant_id
       JOIN offices o ON o.id = a.office_id AND o.tenant_id = a.tenant_id
      WHERE a.tenant_id = $1 AND a.id = ANY($2::uuid[]) ORDER BY a.starts_at, a.id`,
    [subject.tenantId, subject.appointmentIds],
  );
  const visits = await db.query<Omit<SubjectVisit, 'arrivedAt' | 'erased'> & { arrivedAt: Date }>(
    `SELECT v.id, v.arrived_at AS "arrivedAt", v.status, o.name AS "officeName", v.display_name AS name,
            (SELECT count(*)::int FROM consultations c WHERE c.visit_id = v.id) AS consultations
       FROM visits v JOIN offices o ON o.id = v.office_id AND o.tenant_id = v.tenant_id
      WHERE v.tenant_id = $1 AND v.id = ANY($2::uuid[]) ORDER BY v.arrived_at, v.id`,
    [subject.tenantId, subject.visitIds],
  );
  const messages = await db.query<Omit<SubjectMessage, 'createdAt'> & { createdAt: Date }>(
    `SELECT id, created_at AS "createdAt", channel, recipient, subject FROM outbox_messages
      WHERE tenant_id = $1 AND id = ANY($2::uuid[]) ORDER BY created_at, id`,
    [subject.tenantId, subject.outboxMessageIds],
  );
  return {
    appointments: appointments.map((a) => ({
      ...a,
      startsAt: iso(a.startsAt),
      erased: a.name === REMOVED_NAME && a.email === '',
    })),
    visits: visits.map((v) => ({ ...v, arrivedAt: iso(v.arrivedAt), erased: v.name === REMOVED_NAME })),
    outboxMessages: messages.map((m) => ({ ...m, createdAt: iso(m.createdAt) })),
  };
}
