import { createHash } from 'node:crypto';
import type { Outcome, ProtocolFile, ProtocolForm, ProtocolRecord } from '../../../shared/consultations';
import type { ParticipantRole } from '../../../shared/realtime';
import type { Db, Queryable } from '../../db/client';
import { conflict, notFound } from '../../http/problem';
import { recordAudit } from '../audit/audit-log';
import { emitConsultationCompleted } from '../webhooks/events';
import { joinGuestOf } from './guests-store';
import { renderProtocolPdf } from './protocol-pdf';
import { formRecord } from './shared-form-store';

interface ProtocolSource {
  tenantName: string;
  timeZone: string;
  officeId: string;
  officeName: string;
  serviceId: string | null;
  serviceName: string | null;
  concern: string;
  agentName: string | null;
  citizenName: string;
  startedAt: Date;
  endedAt: Date | null;
  endReason: ProtocolRecord['times']['endReason'] | null;
  waitedSeconds: number;
  notes: string;
  outcome: Outcome | null;
}

const SOURCE = `SELECT t.name AS "tenantName", t.time_zone AS "timeZone", o.id AS "officeId", o.name AS "officeName",
    svc.id AS "serviceId", svc.name AS "serviceName", v.concern, s.display_name AS "agentName",
    v.display_name AS "citizenName", c.started_at AS "startedAt", c.ended_at AS "endedAt",
    c.end_reason AS "endReason", v.waited_seconds AS "waitedSeconds", c.notes, c.outcome
  FROM consultations c
  JOIN tenants t ON t.id = c.tenant_id
  JOIN visits v ON v.id = c.visit_id AND v.tenant_id = c.tenant_id
  JOIN offices o ON o.id = c.office_id AND o.tenant_id = c.tenant_id
  LEFT JOIN staff s ON s.id = c.agent_id AND s.tenant_id = c.tenant_id
  LEFT JOIN LATERAL (SELECT a.service_id FROM appointments a
                      WHERE a.visit_id = v.id AND a.tenant_id = c.tenant_id LIMIT 1) a ON true
  LEFT JOIN services svc ON svc.id = a.service_id AND svc.tenant_id = c.tenant_id
  WHERE c.id = $1 AND c.tenant_id = $2`;

/** One chat message as the transcript states it: a guest's with the label the agent gave. */
type TranscriptLine = { at: Date; role: ParticipantRole; label?: string | null; text: string };

/** What was worked on together in the call: the shared form and the files. */
export interface SharedWork {
  form: ProtocolForm | null;
  files: ProtocolFile[];
}

/** The record of an ended consultation, as the protocol states it. */
export function protocolRecord(
  consultationId: string,
  version: number,
  issuedAt: Date,
  source: ProtocolSource,
  chat: { count: number; transcript: TranscriptLine[] | null },
  shared: SharedWork = { form: null, files: [] },
  performedServices: NonNullable<ProtocolRecord['performedServices']> = [],
): ProtocolRecord {
  if (!source.endedAt || !source.endReason) throw conflict('The consultation has not ended yet');
  const startedAt = new Date(source.startedAt);
  const endedAt = new Date(source.endedAt);
  return {
    format: 'amtsraum.protocol/1',
    consultationId,
    version,
    issuedAt: issuedAt.toISOString(),
    authority: { name: source.tenantName, timeZone: source.timeZone },
    office: { id: source.officeId, name: source.officeName },
    service:
      source.serviceId && source.serviceName ? { id: source.serviceId, name: source.serviceName } : null,
    concern: source.concern,
    participants: {
      // The agent's account may have been deleted since; the protocol still says someone held it.
      agent: { name: source.agentName ?? 'Gelöschtes Konto' },
      citizen: { name: source.citizenName },
    },
    times: {
      startedAt: startedAt.toISOString(),
      endedAt: endedAt.toISOString(),
      waitedSeconds: source.waitedSeconds,
      durationSeconds: Math.max(0, Math.round((endedAt.getTime() - startedAt.getTime()) / 1000)),
      endReason: source.endReason,
    },
    notes: source.notes,
    outcome: source.outcome,
    performedServices,
    chat: {
      messageCount: chat.count,
      transcript:
        chat.transcript?.map((m) => ({
          at: new Date(m.at).toISOString(),
          role: m.role,
          // Only a guest's line has a label: agent and citizen lines look as they always did.
          ...(typeof m.label === 'string' ? { label: m.label } : {}),
          text: m.text,
        })) ?? null,
    },
    form: shared.form,
    files: shared.files,
  };
}

/** Files shared in the consultation, oldest first: what identifies them, never their content. */
async function sharedFiles(db: Queryable, consultation: { id: string; tenantId: string }) {
  const rows = await db.query<
    Omit<ProtocolFile, 'sharedAt' | 'size' | 'uploaderLabel'> & {
      size: string | number;
      at: Date;
      label: string | null;
    }
  >(
    `SELECT f.display_name AS name, f.size, f.mime, f.sha256, f.uploader_role AS "uploaderRole", g.label,
            f.created_at AS at
       FROM consultation_files f ${joinGuestOf('g', 'f.uploader')}
      WHERE f.consultation_id = $1 AND f.tenant_id = $2 ORDER BY f.created_at, f.id`,
    [consultation.id, consultation.tenantId],
  );
  return rows.map(({ at, size, label, ...file }) => ({
    ...file,
    ...(label === null ? {} : { uploaderLabel: label }),
    size: Number(size),
    sharedAt: new Date(at).toISOString(),
  }));
}

/** The services recorded on finishing, by name. */
const performedServices = (db: Queryable, consultation: { id: string; tenantId: string }) =>
  db.query<{ id: string; name: string; count: number }>(
    `SELECT s.id, s.name, cs.count FROM consultation_services cs JOIN services s ON s.id = cs.service_id
      WHERE cs.consultation_id = $1 AND cs.tenant_id = $2 ORDER BY s.name, s.id`,
    [consultation.id, consultation.tenantId],
  );

export const sha256Hex = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * Issues the next protocol version of an ended consultation: the JSON record and its PDF/A rendering,
 * stored together with the PDF's SHA-256. Earlier versions stay as they were.
 */
export async function issueProtocol(
  db: Db,
  consultation: { id: string; tenantId: string },
  issuedBy: string,
  options: { includeChat: boolean },
) {
  return db.transaction(async (tx) => {
    // Serialises issuing per consultation, so two clicks cannot both take the same version.
    const locked = await tx.query('SELECT 1 FROM consultations WHERE id = $1 AND tenant_id = $2 FOR UPDATE', [
      consultation.id,
      consultation.tenantId,
    ]);
    if (locked.length === 0) throw notFound('Consultation');
    const [source] = await tx.query<ProtocolSource>(SOURCE, [consultation.id, consultation.tenantId]);
    if (!source) throw notFound('Consultation');
    const [{ version, now }] = (await tx.query<{ version: number; now: Date }>(
      `SELECT coalesce(max(version), 0)::int + 1 AS version, now() AS now
         FROM consultation_protocols WHERE consultation_id = $1`,
      [consultation.id],
    )) as [{ version: number; now: Date }];
    const messages = await tx.query<TranscriptLine>(
      `SELECT m.created_at AS at, m.author_role AS role, g.label, m.text
         FROM consultation_messages m ${joinGuestOf('g', 'm.author')}
        WHERE m.consultation_id = $1 AND m.tenant_id = $2 ORDER BY m.seq`,
      [consultation.id, consultation.tenantId],
    );
    const record = protocolRecord(
      consultation.id,
      version,
      new Date(now),
      source,
      { count: messages.length, transcript: options.includeChat ? messages : null },
      { form: await formRecord(tx, consultation), files: await sharedFiles(tx, consultation) },
      await performedServices(tx, consultation),
    );
    const pdf = await renderProtocolPdf(record);
    const pdfSha256 = sha256Hex(pdf);
    await tx.query(
      `INSERT INTO consultation_protocols
         (tenant_id, consultation_id, version, issued_at, issued_by, record, pdf, pdf_sha256)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        consultation.tenantId,
        consultation.id,
        version,
        now,
        issuedBy,
        JSON.stringify(record),
        pdf,
        pdfSha256,
      ],
    );
    // The protocol's hash in the audit chain: a later swap of the stored PDF is detectable.
    await recordAudit(tx, {
      tenantId: consultation.tenantId,
      actor: issuedBy.includes(':') ? issuedBy : `staff:${issuedBy}`,
      action: 'protocol.issued',
      object: `consultation:${consultation.id}`,
      details: { version, sha256: pdfSha256 },
    });
    // consultation.completed for the case systems, committed with the protocol it announces.
    const issued = { version, issuedAt: record.issuedAt, pdfSha256 };
    await emitConsultationCompleted(tx, consultation.tenantId, consultation.id, issued);
    return issued;
  });
}
