import { type DeliveryEventType, WEBHOOK_TEST_EVENT, type WebhookEventType } from '../../../shared/webhooks';
import type { Db, Queryable } from '../../db/client';

/** The queue job that makes one delivery; its payload names the delivery. */
export const WEBHOOK_JOB = 'webhook.deliver';

/**
 * Attempts per delivery: with the queue's back-off (30 s doubling, at most an hour) the last one is about
 * eight hours after the first, so a receiver down for a working day's maintenance still gets its events.
 */
export const WEBHOOK_MAX_ATTEMPTS = 15;

const isDb = (db: Queryable | Db): db is Db => 'transaction' in db;

/**
 * Queues an event for every endpoint of the authority subscribed to it: one delivery row and one job
 * each. Given a transaction, inside it (the deliveries exist only if the caller's change commits);
 * given the database, in a transaction of its own. Returns the number of deliveries.
 *
 * `data` must hold ids and the case reference only, no names or contact data: the body is stored until
 * delivered and leaves the server.
 */
export async function emitWebhookEvent(
  db: Queryable | Db,
  tenantId: string,
  type: WebhookEventType,
  data: Record<string, unknown>,
): Promise<number> {
  const endpoints = await subscribed(db, tenantId, type);
  if (endpoints.length === 0) return 0;
  await queueDeliveries(db, tenantId, endpoints, type, data);
  return endpoints.length;
}

/**
 * Queues the test event for one endpoint, whatever it subscribed to: it goes the same way as real
 * events (signed, logged, retried), so the admin sees in the log whether their receiver takes it.
 */
export async function emitTestEvent(db: Db, tenantId: string, endpointId: string) {
  const [deliveryId] = await queueDeliveries(db, tenantId, [{ id: endpointId }], WEBHOOK_TEST_EVENT, {
    endpointId,
  });
  return deliveryId!;
}

/** One delivery row and one job per endpoint, all in one transaction; returns the delivery ids. */
async function queueDeliveries(
  db: Queryable | Db,
  tenantId: string,
  endpoints: { id: string }[],
  type: DeliveryEventType,
  data: Record<string, unknown>,
) {
  const body = JSON.stringify({ type, timestamp: new Date().toISOString(), data });
  const ids = endpoints.map(() => crypto.randomUUID());
  const insert = async (tx: Queryable) => {
    for (const [i, endpoint] of endpoints.entries()) {
      const [job] = (await tx.query<{ id: string }>(
        'INSERT INTO jobs (kind, payload, max_attempts) VALUES ($1, $2, $3) RETURNING id',
        [WEBHOOK_JOB, JSON.stringify({ deliveryId: ids[i] }), WEBHOOK_MAX_ATTEMPTS],
      )) as [{ id: string }];
      await tx.query(
        `INSERT INTO webhook_deliveries (id, tenant_id, endpoint_id, event_type, body, job_id)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [ids[i], tenantId, endpoint.id, type, body, job.id],
      );
    }
  };
  await (isDb(db) ? db.transaction(insert) : insert(db));
  return ids;
}

const subscribed = (db: Queryable, tenantId: string, type: WebhookEventType) =>
  db.query<{ id: string }>(
    `SELECT id FROM webhook_endpoints WHERE tenant_id = $1 AND revoked_at IS NULL AND $2 = ANY (events)
      ORDER BY created_at, id`,
    [tenantId, type],
  );

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** appointment.booked / .cancelled / .moved: the appointment as it is now. */
export async function emitAppointmentEvent(
  db: Queryable | Db,
  tenantId: string,
  type: 'appointment.booked' | 'appointment.cancelled' | 'appointment.moved',
  appointmentId: string,
) {
  if ((await subscribed(db, tenantId, type)).length === 0) return 0;
  const [row] = await db.query<{
    serviceId: string;
    officeId: string;
    start: Date;
    end: Date;
    caseReference: string | null;
  }>(
    `SELECT service_id AS "serviceId", office_id AS "officeId", starts_at AS start, ends_at AS "end",
            case_reference AS "caseReference"
       FROM appointments WHERE id = $1 AND tenant_id = $2`,
    [appointmentId, tenantId],
  );
  if (!row) return 0;
  return emitWebhookEvent(db, tenantId, type, {
    appointmentId,
    serviceId: row.serviceId,
    officeId: row.officeId,
    start: iso(row.start),
    end: iso(row.end),
    caseReference: row.caseReference,
  });
}

/** What ties a visit to a case system: the appointment or the /api/v1 consultation it came from. */
export async function caseLinks(db: Queryable, tenantId: string, visitId: string) {
  const [row] = await db.query<{
    appointmentId: string | null;
    invitationId: string | null;
    caseReference: string | null;
  }>(
    `SELECT a.id AS "appointmentId", i.id AS "invitationId",
            coalesce(a.case_reference, i.case_reference) AS "caseReference"
       FROM (SELECT $1::uuid AS visit_id) v
       LEFT JOIN appointments a ON a.visit_id = v.visit_id AND a.tenant_id = $2
       LEFT JOIN visit_invitations i ON i.visit_id = v.visit_id AND i.tenant_id = $2
      LIMIT 1`,
    [visitId, tenantId],
  );
  return row ?? { appointmentId: null, invitationId: null, caseReference: null };
}

/** visit.transferred: a citizen was handed from one office's queue (or call) to another's. */
export async function emitVisitTransferred(
  db: Queryable | Db,
  tenantId: string,
  visit: { visitId: string; fromOfficeId: string; toOfficeId: string },
) {
  if ((await subscribed(db, tenantId, 'visit.transferred')).length === 0) return 0;
  return emitWebhookEvent(db, tenantId, 'visit.transferred', {
    ...visit,
    ...(await caseLinks(db, tenantId, visit.visitId)),
  });
}

/**
 * consultation.completed: a protocol (version) of an ended consultation was issued. The paths fetch the
 * latest protocol, and the xdomea message for the e-file, through /api/v1 (with a key having
 * consultations:read); they exist when the visit came from an appointment or from POST
 * /api/v1/consultations, else they are null.
 */
export async function emitConsultationCompleted(
  db: Queryable | Db,
  tenantId: string,
  consultationId: string,
  protocol: { version: number; pdfSha256: string; issuedAt: string },
) {
  if ((await subscribed(db, tenantId, 'consultation.completed')).length === 0) return 0;
  const [consultation] = await db.query<{ visitId: string; officeId: string }>(
    'SELECT visit_id AS "visitId", office_id AS "officeId" FROM consultations WHERE id = $1 AND tenant_id = $2',
    [consultationId, tenantId],
  );
  if (!consultation) return 0;
  const links = await caseLinks(db, tenantId, consultation.visitId);
  const apiId = links.invitationId ?? links.appointmentId;
  const path = (format: string) => (apiId ? `/api/v1/consultations/${apiId}/protocol.${format}` : null);
  return emitWebhookEvent(db, tenantId, 'consultation.completed', {
    consultationId,
    visitId: consultation.visitId,
    officeId: consultation.officeId,
    ...links,
    protocol: {
      version: protocol.version,
      issuedAt: protocol.issuedAt,
      sha256: protocol.pdfSha256,
      pdfPath: path('pdf'),
      jsonPath: path('json'),
      // The whole record for the e-file: protocol and shared files as an xdomea message (ZIP).
      xdomeaPath: apiId ? `/api/v1/consultations/${apiId}/xdomea` : null,
    },
  });
}
