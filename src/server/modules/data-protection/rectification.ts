import type { AppointmentContact, VisitName } from '../../../shared/data-protection';
import type { Db } from '../../db/client';
import { conflict, notFound } from '../../http/problem';
import { recordAudit } from '../audit/audit-log';
import { REMOVED_NAME } from './subject-records';

type Actor = { id: string; tenantId: string };

/**
 * Corrects the citizen's name, address and number on an appointment (GDPR Art. 16). The audit event
 * names the fields that changed, never their old or new values. Issued protocols stay as issued: staff
 * issue a new version when its content must change. Erased records have nothing left to correct (409).
 */
export function rectifyAppointment(db: Db, actor: Actor, id: string, contact: AppointmentContact) {
  return db.transaction(async (tx) => {
    const [before] = await tx.query<{ name: string; email: string; phone: string | null }>(
      `SELECT citizen_name AS name, citizen_email AS email, citizen_phone AS phone FROM appointments
        WHERE tenant_id = $1 AND id = $2 FOR UPDATE`,
      [actor.tenantId, id],
    );
    if (!before) throw notFound('Appointment');
    if (before.name === REMOVED_NAME && before.email === '') throw conflict('This appointment was erased');
    const fields = (['name', 'email', 'phone'] as const).filter((f) => before[f] !== contact[f]);
    await tx.query(
      `UPDATE appointments SET citizen_name = $3, citizen_email = $4, citizen_phone = $5
        WHERE tenant_id = $1 AND id = $2`,
      [actor.tenantId, id, contact.name, contact.email, contact.phone],
    );
    await recordAudit(tx, {
      tenantId: actor.tenantId,
      actor: `staff:${actor.id}`,
      action: 'data_protection.rectified',
      object: `appointment:${id}`,
      details: { fields },
    });
  });
}

/** Corrects the name a visit is shown under (Art. 16), as rectifyAppointment does for an appointment. */
export function rectifyVisit(db: Db, actor: Actor, id: string, { name }: VisitName) {
  return db.transaction(async (tx) => {
    const [before] = await tx.query<{ name: string }>(
      'SELECT display_name AS name FROM visits WHERE tenant_id = $1 AND id = $2 FOR UPDATE',
      [actor.tenantId, id],
    );
    if (!before) throw notFound('Visit');
    if (before.name === REMOVED_NAME) throw conflict('This visit was erased');
    await tx.query('UPDATE visits SET display_name = $3 WHERE tenant_id = $1 AND id = $2', [
      actor.tenantId,
      id,
      name,
    ]);
    await recordAudit(tx, {
      tenantId: actor.tenantId,
      actor: `staff:${actor.id}`,
      action: 'data_protection.rectified',
      object: `visit:${id}`,
      details: { fields: before.name === name ? [] : ['name'] },
    });
  });
}
