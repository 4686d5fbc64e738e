import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ProtocolRecord } from '../../../shared/consultations';
import type { ErasureRequest, ErasureResult } from '../../../shared/data-protection';
import type { Db, Queryable } from '../../db/client';
import { conflict, HttpProblem } from '../../http/problem';
import { recordAudit } from '../audit/audit-log';
import { filePath } from '../consultations/file-store';
import { sha256Hex } from '../consultations/protocol';
import { renderProtocolPdf } from '../consultations/protocol-pdf';
import { removeOutboxFiles } from '../retention/retention-job';
import { pseudonymiseProtocol } from './pseudonymise';
import { resolveSubject, type Subject } from './subject';
import { REMOVED_NAME } from './subject-records';

export interface ErasureDeps {
  db: Db;
  dataDir: string;
  /** The app clock: what counts as a coming appointment. */
  now: Date;
}

/**
 * Erases a citizen's personal data early (GDPR Art. 17), in one transaction, as retention would once
 * their days are over (retention-job.ts): names, contact data, concerns, notes and answers of their
 * appointments, visits and invitations; the chat, shared files, shared form and guests of their calls;
 * the outbox messages to them, and finished webhook deliveries and jobs that name their records. Kept:
 * the rows themselves with times and statuses (statistics, the audit trail's ids) and the issued
 * protocols, which the authority must keep: those are pseudonymised and rendered anew. Files leave the
 * disk once the transaction committed. Other citizens' records are not touched: every statement is
 * bound to the subject's ids.
 */
export async function eraseSubject(
  deps: ErasureDeps,
  actor: { id: string; tenantId: string },
  request: ErasureRequest,
): Promise<ErasureResult> {
  const { result, files, outbox } = await deps.db.transaction(async (tx) => {
    const subject = await resolveSubject(tx, actor.tenantId, request);
    await refuseLive(tx, subject, deps.now);
    refuseNamingNote(request.note, subject);
    const erased = await eraseRows(tx, subject);
    await recordAudit(tx, {
      tenantId: actor.tenantId,
      actor: `staff:${actor.id}`,
      action: 'data_protection.erased',
      details: {
        reason: request.reason,
        note: request.note,
        appointments: subject.appointmentIds,
        visits: subject.visitIds,
        consultations: subject.consultationIds,
        counts: erased.counts,
        // The new hashes of the re-rendered protocols: their protocol.issued events name the old ones.
        protocols: erased.protocols,
      },
    });
    return { result: erased.counts, files: erased.files, outbox: subject.outboxMessageIds };
  });
  for (const id of files) await rm(filePath(deps.dataDir, actor.tenantId, id), { force: true });
  await removeOutboxFiles(join(deps.dataDir, 'outbox', actor.tenantId), new Set(outbox));
  return result;
}

/** Waiting, talking or coming citizens are erased after their visit: staff cancel an appointment first. */
async function refuseLive(tx: Queryable, subject: Subject, now: Date) {
  const [live] = await tx.query<{ appointments: number; visits: number }>(
    `SELECT (SELECT count(*)::int FROM appointments a LEFT JOIN visits v ON v.id = a.visit_id
              WHERE a.tenant_id = $1 AND a.id = ANY($2::uuid[])
                AND (a.status = 'pending_activation'
                     OR (a.status = 'booked' AND a.ends_at > $4 AND (a.visit_id IS NULL OR v.ended_at IS NULL))))
              AS appointments,
            (SELECT count(*)::int FROM visits WHERE tenant_id = $1 AND id = ANY($3::uuid[]) AND ended_at IS NULL)
              AS visits`,
    [subject.tenantId, subject.appointmentIds, subject.visitIds, now],
  );
  if (live && live.appointments + live.visits > 0) {
    throw conflict(
      'Some records are still in use (a coming appointment, or a visit that has not ended): cancel the ' +
        'appointment or end the visit first',
    );
  }
}

/** The audit trail keeps the note: it must not bring back what the erasure removes. */
function refuseNamingNote(note: string, subject: Subject) {
  const lower = note.toLowerCase();
  if (subject.identifiers.some((identifier) => lower.includes(identifier.toLowerCase()))) {
    const detail = 'The note must not name the citizen or give their address or number';
    throw new HttpProblem(400, 'Bad Request', detail, { errors: [{ field: 'body.note', message: detail }] });
  }
}

async function eraseRows(tx: Queryable, subject: Subject) {
  const { tenantId } = subject;
  const calls = [tenantId, subject.consultationIds];
  const protocols = await pseudonymiseProtocols(tx, subject);
  const chat = await tx.query(
    'DELETE FROM consultation_messages WHERE tenant_id = $1 AND consultation_id = ANY($2::uuid[]) RETURNING id',
    calls,
  );
  const files = await tx.query<{ id: string }>(
    'DELETE FROM consultation_files WHERE tenant_id = $1 AND consultation_id = ANY($2::uuid[]) RETURNING id',
    calls,
  );
  // The shared form's answers go with it (its updates by cascade).
  const forms = await tx.query(
    `DELETE FROM consultation_forms WHERE tenant_id = $1 AND consultation_id = ANY($2::uuid[])
     RETURNING consultation_id`,
    calls,
  );
  // Guests' labels may name a person (an interpreter who was there for the citizen).
  const guests = await tx.query(
    'DELETE FROM consultation_guests WHERE tenant_id = $1 AND consultation_id = ANY($2::uuid[]) RETURNING id',
    calls,
  );
  const consultations = await tx.query(
    `UPDATE consultations SET notes = '' WHERE tenant_id = $1 AND id = ANY($2::uuid[]) RETURNING id`,
    calls,
  );
  const visits = await tx.query(
    `UPDATE visits SET display_name = '${REMOVED_NAME}', concern = '', transfer_note = NULL, clerk_note = NULL,
       priority_reason = NULL, resume_token_hash = 'deleted:' || id, superseded_token_hash = NULL
      WHERE tenant_id = $1 AND id = ANY($2::uuid[]) RETURNING id`,
    [tenantId, subject.visitIds],
  );
  // The links stop working too: the manage link's hash can no longer match any token.
  const appointments = await tx.query(
    `UPDATE appointments SET citizen_name = '${REMOVED_NAME}', citizen_email = '', citizen_phone = NULL,
       intake = '{}', case_reference = NULL, manage_token_hash = 'deleted:' || id, join_token_hash = NULL
      WHERE tenant_id = $1 AND id = ANY($2::uuid[]) RETURNING id`,
    [tenantId, subject.appointmentIds],
  );
  const invitations = await tx.query(
    `UPDATE visit_invitations SET citizen_name = '${REMOVED_NAME}', case_reference = NULL
      WHERE tenant_id = $1 AND id = ANY($2::uuid[]) RETURNING id`,
    [tenantId, subject.invitationIds],
  );
  const outbox = await tx.query(
    'DELETE FROM outbox_messages WHERE tenant_id = $1 AND id = ANY($2::uuid[]) RETURNING id',
    [tenantId, subject.outboxMessageIds],
  );
  await forgetMentions(tx, subject);
  return {
    files: files.map((f) => f.id),
    protocols,
    counts: {
      appointments: appointments.length,
      visits: visits.length,
      consultations: consultations.length,
      chatMessages: chat.length,
      files: files.length,
      forms: forms.length,
      guests: guests.length,
      invitations: invitations.length,
      outboxMessages: outbox.length,
      protocolsPseudonymised: protocols.length,
    },
  };
}

/**
 * Finished webhook deliveries carry the records' ids and case references, finished jobs a staff
 * member's message to the citizen: those naming the subject's records go (pending ones are on their
 * way out already, and a job being worked is left to its worker).
 */
async function forgetMentions(tx: Queryable, subject: Subject) {
  const recordIds = [
    ...subject.appointmentIds,
    ...subject.visitIds,
    ...subject.consultationIds,
    ...subject.invitationIds,
  ];
  await tx.query(
    `DELETE FROM webhook_deliveries d
      WHERE d.tenant_id = $1 AND d.status <> 'pending'
        AND EXISTS (SELECT 1 FROM unnest($2::text[]) r(id) WHERE strpos(d.body, r.id) > 0)`,
    [subject.tenantId, recordIds],
  );
  await tx.query(
    `DELETE FROM jobs
      WHERE (payload ->> 'appointmentId' = ANY($1::text[]) OR payload ->> 'consultationId' = ANY($2::text[]))
        AND (done_at IS NOT NULL OR failed_at IS NOT NULL OR locked_until IS NULL OR locked_until < now())`,
    [subject.appointmentIds, subject.consultationIds],
  );
}

/** Each issued protocol version of the subject's calls, pseudonymised and rendered anew. */
async function pseudonymiseProtocols(tx: Queryable, subject: Subject) {
  const rows = await tx.query<{ consultationId: string; version: number; record: unknown }>(
    `SELECT consultation_id AS "consultationId", version, record FROM consultation_protocols
      WHERE tenant_id = $1 AND consultation_id = ANY($2::uuid[]) ORDER BY consultation_id, version`,
    [subject.tenantId, subject.consultationIds],
  );
  const changed: { consultationId: string; version: number; sha256: string }[] = [];
  for (const row of rows) {
    const record = pseudonymiseProtocol(ProtocolRecord.parse(row.record), subject.identifiers);
    const pdf = await renderProtocolPdf(record);
    const sha256 = sha256Hex(pdf);
    await tx.query(
      `UPDATE consultation_protocols SET record = $3, pdf = $4, pdf_sha256 = $5
        WHERE consultation_id = $1 AND version = $2`,
      [row.consultationId, row.version, JSON.stringify(record), pdf, sha256],
    );
    changed.push({ consultationId: row.consultationId, version: row.version, sha256 });
  }
  return changed;
}
