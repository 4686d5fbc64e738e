import type { Queryable } from '../../db/client';
import { decryptFile, filePath, readStoredFile } from '../consultations/file-store';
import { joinGuestOf } from '../consultations/guests-store';
import { formRecord } from '../consultations/shared-form-store';
import type {
  Attachments,
  Dossier,
  DossierAppointment,
  DossierConsultation,
  DossierFile,
  DossierInvitation,
  DossierMessage,
  DossierVisit,
} from './dossier-types';
import type { Subject } from './subject';

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/** Dates as ISO instants, everything else as stored (the row types name them as strings already). */
const plain = <T extends object>(row: T): T =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])) as T;

export interface DossierDeps {
  db: Queryable;
  dataDir: string;
  masterKey: Buffer;
  now: Date;
}

/** Loads the dossier and the files and protocol PDFs that go beside it. */
export async function loadDossier(deps: DossierDeps, subject: Subject) {
  const { db } = deps;
  const { tenantId } = subject;
  const attachments: Attachments = new Map();
  const [authority] = await db.query<Dossier['authority']>(
    `SELECT name, time_zone AS "timeZone", retention_days AS "retentionDays",
            protocol_retention_days AS "protocolRetentionDays" FROM tenants WHERE id = $1`,
    [tenantId],
  );
  const appointments = await db.query<DossierAppointment>(
    `SELECT a.id, s.name AS service, o.name AS office, a.kind, a.status, a.starts_at AS "startsAt",
            a.ends_at AS "endsAt", a.created_at AS "bookedAt", a.cancelled_at AS "cancelledAt",
            a.arrived_at AS "arrivedAt", a.citizen_name AS name, a.citizen_email AS email,
            a.citizen_phone AS phone, a.language, a.intake, a.case_reference AS "caseReference",
            a.booked_by_staff_id IS NOT NULL AS "bookedByStaff", a.visit_id AS "visitId"
       FROM appointments a
       JOIN services s ON s.id = a.service_id AND s.tenant_id = a.tenant_id
       JOIN offices o ON o.id = a.office_id AND o.tenant_id = a.tenant_id
      WHERE a.tenant_id = $1 AND a.id = ANY($2::uuid[]) ORDER BY a.starts_at, a.id`,
    [tenantId, subject.appointmentIds],
  );
  const visits = await db.query<Omit<DossierVisit, 'consultations'>>(
    `SELECT v.id, o.name AS office, v.kind, v.status, v.arrived_at AS "arrivedAt", v.ended_at AS "endedAt",
            v.display_name AS name, v.concern, v.transfer_note AS "transferNote", v.clerk_note AS "clerkNote",
            v.priority_reason AS "priorityReason", v.left_reason AS "leftReason",
            v.waited_seconds AS "waitedSeconds"
       FROM visits v JOIN offices o ON o.id = v.office_id AND o.tenant_id = v.tenant_id
      WHERE v.tenant_id = $1 AND v.id = ANY($2::uuid[]) ORDER BY v.arrived_at, v.id`,
    [tenantId, subject.visitIds],
  );
  const withCalls: DossierVisit[] = [];
  for (const visit of visits) {
    withCalls.push({
      ...plain(visit),
      consultations: await consultationsOf(deps, subject, visit.id, attachments),
    });
  }
  const invitations = await db.query<DossierInvitation>(
    `SELECT i.id, o.name AS office, i.citizen_name AS name, i.case_reference AS "caseReference",
            i.created_at AS "createdAt", i.expires_at AS "expiresAt", i.visit_id AS "visitId"
       FROM visit_invitations i JOIN offices o ON o.id = i.office_id AND o.tenant_id = i.tenant_id
      WHERE i.tenant_id = $1 AND i.id = ANY($2::uuid[]) ORDER BY i.created_at, i.id`,
    [tenantId, subject.invitationIds],
  );
  // The outbox keeps links masked (notifications/outbox.ts): the package hands out no working link.
  const messages = await db.query<DossierMessage>(
    `SELECT id, created_at AS "createdAt", channel, recipient, subject, body,
            (SELECT coalesce(jsonb_agg(a -> 'filename'), '[]'::jsonb) FROM jsonb_array_elements(attachments) a)
              AS attachments
       FROM outbox_messages WHERE tenant_id = $1 AND id = ANY($2::uuid[]) ORDER BY created_at, id`,
    [tenantId, subject.outboxMessageIds],
  );
  const dossier: Dossier = {
    format: 'amtsraum.access/1',
    generatedAt: deps.now.toISOString(),
    authority: authority!,
    appointments: appointments.map(plain),
    visits: withCalls,
    invitations: invitations.map(plain),
    outboxMessages: messages.map(plain),
  };
  return { dossier, attachments };
}

const SHARED_BY: Record<string, string> = { agent: 'staff', citizen: 'citizen', guest: 'guest' };

async function consultationsOf(
  deps: DossierDeps,
  subject: Subject,
  visitId: string,
  attachments: Attachments,
) {
  const { db } = deps;
  const { tenantId } = subject;
  const calls = await db.query<{
    id: string;
    startedAt: Date;
    endedAt: Date | null;
    endReason: string | null;
    outcome: string | null;
    notes: string;
  }>(
    `SELECT id, started_at AS "startedAt", ended_at AS "endedAt", end_reason AS "endReason", outcome, notes
       FROM consultations WHERE tenant_id = $1 AND visit_id = $2 ORDER BY started_at, id`,
    [tenantId, visitId],
  );
  const result: DossierConsultation[] = [];
  for (const call of calls) {
    const consultation = { id: call.id, tenantId };
    const messages = await db.query<{ at: Date; role: string; label: string | null; text: string }>(
      `SELECT m.created_at AS at, m.author_role AS role, g.label, m.text
         FROM consultation_messages m ${joinGuestOf('g', 'm.author')}
        WHERE m.consultation_id = $1 AND m.tenant_id = $2 ORDER BY m.seq`,
      [call.id, tenantId],
    );
    const protocols = await db.query<{
      version: number;
      issuedAt: Date;
      sha256: string;
      record: unknown;
      pdf: Uint8Array;
    }>(
      `SELECT version, issued_at AS "issuedAt", pdf_sha256 AS sha256, record, pdf
         FROM consultation_protocols WHERE consultation_id = $1 AND tenant_id = $2 ORDER BY version`,
      [call.id, tenantId],
    );
    result.push({
      id: call.id,
      startedAt: iso(call.startedAt) as string,
      endedAt: iso(call.endedAt),
      endReason: call.endReason,
      outcome: call.outcome,
      notes: call.notes,
      messages: messages.map((m) => ({
        at: iso(m.at) as string,
        role: m.role,
        ...(m.label ? { label: m.label } : {}),
        text: m.text,
      })),
      files: await filesOf(deps, consultation, attachments),
      form: await formRecord(db, consultation),
      protocols: protocols.map((p) => {
        const path = `protokolle/${call.id}-v${p.version}.pdf`;
        attachments.set(path, Buffer.from(p.pdf));
        return {
          version: p.version,
          issuedAt: iso(p.issuedAt) as string,
          sha256: p.sha256,
          path,
          record: p.record,
        };
      }),
    });
  }
  return result;
}

/** The consultation's shared files, decrypted into the package. */
async function filesOf(
  deps: DossierDeps,
  consultation: { id: string; tenantId: string },
  attachments: Attachments,
): Promise<DossierFile[]> {
  const rows = await deps.db.query<{
    id: string;
    name: string;
    mime: string;
    size: string | number;
    sha256: string;
    at: Date;
    role: string;
    wrappedKey: Uint8Array;
    iv: Uint8Array;
    authTag: Uint8Array;
  }>(
    `SELECT id, display_name AS name, mime, size, sha256, created_at AS at, uploader_role AS role,
            wrapped_key AS "wrappedKey", iv, auth_tag AS "authTag"
       FROM consultation_files WHERE consultation_id = $1 AND tenant_id = $2 ORDER BY created_at, id`,
    [consultation.id, consultation.tenantId],
  );
  const files: DossierFile[] = [];
  for (const row of rows) {
    const ciphertext = await readStoredFile(filePath(deps.dataDir, consultation.tenantId, row.id)).catch(
      () => null,
    );
    let path: string | null = null;
    if (ciphertext) {
      path = `dateien/${row.id}/${safeName(row.name)}`;
      attachments.set(
        path,
        decryptFile(deps.masterKey, row.id, {
          ciphertext,
          wrappedKey: Buffer.from(row.wrappedKey),
          iv: Buffer.from(row.iv),
          authTag: Buffer.from(row.authTag),
        }),
      );
    }
    files.push({
      id: row.id,
      name: row.name,
      mime: row.mime,
      size: Number(row.size),
      sha256: row.sha256,
      sharedAt: iso(row.at) as string,
      sharedBy: SHARED_BY[row.role] ?? row.role,
      path,
    });
  }
  return files;
}

/** The stored display name is made safe already (file-store.ts displayName); no folder may sneak in. */
const safeName = (name: string) => name.replace(/[/\\]/g, '_');
