import { createHash, randomUUID } from 'node:crypto';
import { OUTCOME_LABELS_DE, ProtocolRecord } from '../../../shared/consultations';
import type { ParticipantRole } from '../../../shared/realtime';
import type { Db } from '../../db/client';
import { conflict, notFound } from '../../http/problem';
import { createConsultationStore } from '../consultations/consultation-store';
import { decryptFile, filePath, readStoredFile } from '../consultations/file-store';
import { joinGuestOf } from '../consultations/guests-store';
import { sha256Hex } from '../consultations/protocol';
import { calendarDay } from '../consultations/protocol-format';
import { caseLinks } from '../webhooks/events';
import type { AbgabeMessage, Field, PrimaryDocument } from './message';
import { packageFileName } from './package';

/** The consultation to export, as the guard (or the /api/v1 lookup) found it. */
export interface ExportableConsultation {
  id: string;
  tenantId: string;
  visitId: string;
  endedAt: Date | null;
}

export interface SourceDeps {
  db: Db;
  dataDir: string;
  publicUrl: URL;
  /** Unwraps the shared files' keys (see file-store.ts). */
  masterKey: Buffer;
}

const PROTOCOL_NAMESPACE = Buffer.from('6f1c2b9e3d4a4c579a0e8b7d5e2f1a30', 'hex');

/**
 * A name-based UUID (version 5, RFC 9562). A protocol version gets the same Dokument ID in every export,
 * so the e-file, which keeps xdomea IDs as external ids, recognises an export it has already taken.
 */
export function nameUuid(name: string): string {
  const hash = createHash('sha1').update(PROTOCOL_NAMESPACE).update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

interface FileRow {
  id: string;
  name: string;
  mime: string;
  sha256: string;
  uploaderRole: ParticipantRole;
  /** A guest uploader's label (null for agent and citizen). */
  label: string | null;
  createdAt: Date;
  wrappedKey: Uint8Array;
  iv: Uint8Array;
  authTag: Uint8Array;
}

/** Who shared a file, as the e-file's remark says it. */
const SHARED_BY: Record<ParticipantRole, (label: string | null) => string> = {
  agent: () => 'von der Sachbearbeitung',
  citizen: () => 'von der Bürgerin / dem Bürger',
  guest: (label) => (label ? `von einem Gast (${label})` : 'von einem Gast'),
};

/** Bytes whose hash differs from the one recorded when they were stored must not go to the e-file. */
function checked(bytes: Buffer, sha256: string, what: string) {
  const actual = sha256Hex(bytes);
  if (actual !== sha256) throw new Error(`${what} does not match its recorded SHA-256`);
  return actual;
}

/**
 * Everything the message of a finished consultation carries: its latest protocol (PDF/A) and every file
 * shared in it, decrypted. Refuses (409) a consultation that is still running or has no protocol yet.
 */
export async function loadAbgabe(
  deps: SourceDeps,
  consultation: ExportableConsultation,
): Promise<AbgabeMessage> {
  const { db } = deps;
  if (!consultation.endedAt)
    throw conflict('The consultation is still running; it can be exported once it has ended');
  const protocol = await createConsultationStore(db).latestProtocol(consultation);
  if (!protocol) throw conflict('No protocol has been issued for this consultation yet; issue it first');
  const record = ProtocolRecord.parse(protocol.record);
  const tz = record.authority.timeZone;
  const [tenant] = await db.query<{ slug: string }>('SELECT slug FROM tenants WHERE id = $1', [
    consultation.tenantId,
  ]);
  const links = await caseLinks(db, consultation.tenantId, consultation.visitId);

  const pdf = Buffer.from(protocol.pdf);
  const protocolId = nameUuid(`protocol:${consultation.id}:${record.version}`);
  const documents: PrimaryDocument[] = [
    {
      id: protocolId,
      subject: 'Gesprächsprotokoll',
      fileName: packageFileName(protocolId, 'Gespraechsprotokoll.pdf'),
      originalName: null,
      mime: 'application/pdf',
      pdfA: true,
      bytes: pdf,
      sha256: checked(pdf, protocol.pdfSha256, 'The stored protocol PDF'),
      createdAt: record.issuedAt,
      day: calendarDay(record.issuedAt, tz),
      direction: 'internal',
      version: record.version,
      handler: record.participants.agent.name,
      type: 'Protokoll',
    },
  ];

  const files = await db.query<FileRow>(
    `SELECT f.id, f.display_name AS name, f.mime, f.sha256, f.uploader_role AS "uploaderRole", g.label,
            f.created_at AS "createdAt", f.wrapped_key AS "wrappedKey", f.iv, f.auth_tag AS "authTag"
       FROM consultation_files f ${joinGuestOf('g', 'f.uploader')}
      WHERE f.consultation_id = $1 AND f.tenant_id = $2 ORDER BY f.created_at, f.id`,
    [consultation.id, consultation.tenantId],
  );
  for (const file of files) {
    const bytes = decryptFile(deps.masterKey, file.id, {
      ciphertext: await readStoredFile(filePath(deps.dataDir, consultation.tenantId, file.id)),
      wrappedKey: Buffer.from(file.wrappedKey),
      iv: Buffer.from(file.iv),
      authTag: Buffer.from(file.authTag),
    });
    const createdAt = new Date(file.createdAt).toISOString();
    documents.push({
      id: file.id,
      subject: file.name,
      fileName: packageFileName(file.id, file.name),
      originalName: file.name,
      mime: file.mime,
      pdfA: false,
      bytes,
      sha256: checked(bytes, file.sha256, 'A shared file'),
      createdAt,
      day: calendarDay(createdAt, tz),
      // Only what the agent shared leaves the authority; the citizen's and a guest's came in.
      direction: file.uploaderRole === 'agent' ? 'outgoing' : 'incoming',
      version: 1,
      remark: `In der Videoberatung ${SHARED_BY[file.uploaderRole](file.label)} geteilt`,
    });
  }

  const topic = record.service?.name ?? record.concern.trim();
  const fields: Field[] = [
    { name: 'Gespraechs-ID', value: consultation.id },
    { name: 'Beginn', value: record.times.startedAt },
    { name: 'Ende', value: record.times.endedAt },
    { name: 'Protokollversion', value: String(record.version) },
  ];
  if (record.outcome) fields.push({ name: 'Ergebnis', value: OUTCOME_LABELS_DE[record.outcome] });
  if (links.appointmentId) fields.push({ name: 'Termin-ID', value: links.appointmentId });
  if (links.invitationId) fields.push({ name: 'Einladungs-ID', value: links.invitationId });

  return {
    processId: randomUUID(),
    createdAt: new Date(),
    authority: record.authority.name,
    office: record.office.name,
    instanceId: `${deps.publicUrl.origin}/${tenant!.slug}`,
    vorgang: {
      id: consultation.id,
      subject: topic ? `Videoberatung: ${topic}` : 'Videoberatung',
      caseReference: links.caseReference,
      from: calendarDay(record.times.startedAt, tz),
      to: calendarDay(record.times.endedAt, tz),
      fields,
    },
    documents,
  };
}

/**
 * The consultation behind an /api/v1 id (a consultation opened with POST /consultations, or an
 * appointment): the one whose protocol was issued last, else the latest one. 404 for ids the authority
 * does not know; 409 while the citizen has not been in a consultation yet.
 */
export async function consultationOfCase(
  db: Db,
  tenantId: string,
  id: string,
): Promise<ExportableConsultation> {
  const visits = `SELECT visit_id FROM visit_invitations WHERE id = $1 AND tenant_id = $2
                  UNION ALL SELECT visit_id FROM appointments WHERE id = $1 AND tenant_id = $2`;
  const known = await db.query(visits, [id, tenantId]);
  if (known.length === 0) throw notFound('Consultation');
  const [consultation] = await db.query<ExportableConsultation>(
    `SELECT c.id, c.tenant_id AS "tenantId", c.visit_id AS "visitId", c.ended_at AS "endedAt"
       FROM consultations c
      WHERE c.tenant_id = $2 AND c.visit_id IN (${visits})
      ORDER BY (SELECT max(p.issued_at) FROM consultation_protocols p WHERE p.consultation_id = c.id)
               DESC NULLS LAST, c.started_at DESC
      LIMIT 1`,
    [id, tenantId],
  );
  if (!consultation) throw conflict('The citizen has not been in a consultation yet');
  return consultation;
}
