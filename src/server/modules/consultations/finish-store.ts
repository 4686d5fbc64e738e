import type { Outcome } from '../../../shared/consultations';
import type { FinishForm, FinishRequest, PerformedService } from '../../../shared/finish';
import type { Queryable } from '../../db/client';
import { HttpProblem } from '../../http/problem';

/** A consultation as finishing needs it. */
export interface FinishedConsultation {
  id: string;
  tenantId: string;
  officeId: string;
}

/** The services an office offers: those of its unit, as the booking module offers them there. */
async function offeredServices(db: Queryable, consultation: FinishedConsultation) {
  return db.query<{ id: string; name: string }>(
    `SELECT s.id, s.name FROM services s JOIN offices o ON o.unit_id = s.unit_id AND o.tenant_id = s.tenant_id
      WHERE o.id = $1 AND o.tenant_id = $2 ORDER BY s.name, s.id`,
    [consultation.officeId, consultation.tenantId],
  );
}

/**
 * Records the services performed and the outcome of a consultation, replacing what was recorded
 * before (the clerk may correct it after the call). Only the office's own services are accepted.
 */
export async function recordFinish(tx: Queryable, consultation: FinishedConsultation, finish: FinishRequest) {
  const offered = new Set((await offeredServices(tx, consultation)).map((s) => s.id));
  const errors = finish.services.flatMap((s, i) =>
    offered.has(s.serviceId)
      ? []
      : [{ field: `body.services.${i}.serviceId`, message: 'not a service of this office' }],
  );
  if (errors.length > 0) {
    throw new HttpProblem(400, 'Bad Request', 'A service is not offered by this office', { errors });
  }
  await tx.query('DELETE FROM consultation_services WHERE consultation_id = $1 AND tenant_id = $2', [
    consultation.id,
    consultation.tenantId,
  ]);
  if (finish.services.length > 0) {
    await tx.query(
      `INSERT INTO consultation_services (tenant_id, consultation_id, service_id, count)
       SELECT $1, $2, s.id, s.count FROM unnest($3::uuid[], $4::int[]) AS s (id, count)`,
      [
        consultation.tenantId,
        consultation.id,
        finish.services.map((s) => s.serviceId),
        finish.services.map((s) => s.count),
      ],
    );
  }
  await tx.query('UPDATE consultations SET outcome = $3 WHERE id = $1 AND tenant_id = $2', [
    consultation.id,
    consultation.tenantId,
    finish.outcome,
  ]);
}

/** What the finish form offers and holds now; before anything was recorded, an appointment's service. */
export async function finishForm(db: Queryable, consultation: FinishedConsultation): Promise<FinishForm> {
  const [state] = await db.query<{
    outcome: Outcome | null;
    performed: PerformedService[] | null;
    booked: string | null;
  }>(
    `SELECT c.outcome,
            (SELECT json_agg(json_build_object('serviceId', cs.service_id, 'count', cs.count) ORDER BY cs.service_id)
               FROM consultation_services cs WHERE cs.consultation_id = c.id) AS performed,
            (SELECT a.service_id FROM appointments a WHERE a.visit_id = c.visit_id LIMIT 1) AS booked
       FROM consultations c WHERE c.id = $1 AND c.tenant_id = $2`,
    [consultation.id, consultation.tenantId],
  );
  const services = await offeredServices(db, consultation);
  const booked = state?.booked;
  const performed =
    state?.performed ??
    (booked && services.some((s) => s.id === booked) ? [{ serviceId: booked, count: 1 }] : []);
  return { services, performed, outcome: state?.outcome ?? null };
}
