import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db, Queryable } from '../../db/client';
import { purgeFinishedJobs } from '../../jobs/job-rows';
import { type JobHandler, scheduleSingleton } from '../../jobs/queue';
import { recordAudit } from '../audit/audit-log';
import { purgeStaleDevices } from '../auth/devices';
import { purgeChallenges } from '../auth/sign-in-challenge';
import { purgeDrained } from '../auth/throttle';
import { filePath } from '../consultations/file-store';
import { recordingFolder, removeRecordingSources } from '../events/event-recordings';

export const RETENTION_JOB = 'retention.sweep';
const EVERY_HOURS = 24;
/** Placeholder for a removed name: the column must stay non-empty. */
const REMOVED = '–';
/**
 * Finished jobs are kept a while for the operators (what ran, what failed and why), then deleted:
 * their payloads may carry a staff member's message to a citizen. Failed ones stay longer, to be looked at.
 */
const DONE_JOB_DAYS = 7;
const FAILED_JOB_DAYS = 30;

interface RetentionDeps {
  db: Db;
  dataDir: string;
  /** JANUS_RECORDING_DIR: .mjr files of deleted event recordings not yet converted go too. */
  recordingDir?: string | undefined;
}

/** Plans the next sweep unless one is already pending. */
export const scheduleRetention = (db: Queryable, delaySeconds = 0) =>
  scheduleSingleton(db, RETENTION_JOB, delaySeconds);

/**
 * Deletes personal data of each authority once its retention days have passed: names, concerns and
 * notes of finished visits, chat, shared files, the shared form and the guests of finished consultations,
 * citizens' contact data and answers of past appointments, the audience's questions and seats and the
 * recordings of past events, outbox messages.
 * Issued protocols go after the authority's protocol retention days.
 * What stays is what statistics need (times, statuses). Each sweep is written to the audit trail.
 * Ended visits stay as anonymised rows (appointments and consultations, and through them protocols,
 * refer to them); the per-minute disconnect sweep reads only waiting ones, by partial indexes.
 * Finished jobs of every authority are deleted after their own, short retention.
 */
export function createRetentionJob(deps: RetentionDeps): JobHandler {
  return async () => {
    const tenants = await deps.db.query<{ id: string; days: number; protocolDays: number }>(
      'SELECT id, retention_days AS days, protocol_retention_days AS "protocolDays" FROM tenants',
    );
    for (const tenant of tenants) await sweepTenant(deps, tenant);
    await deps.db.query(`DELETE FROM staff_sessions WHERE last_seen_at < now() - interval '1 day'`);
    // Spent proofs of work matter while their challenge is valid (10 minutes) and for the pressure
    // window (5 minutes); a day is long past both.
    await deps.db.query(`DELETE FROM proof_of_work_spent WHERE spent_at < now() - interval '1 day'`);
    await purgeDrained(deps.db);
    await purgeStaleDevices(deps.db);
    await purgeChallenges(deps.db);
    // Sign-ins sent to an identity provider that never came back (valid for 10 minutes).
    await deps.db.query(`DELETE FROM oidc_sign_ins WHERE created_at < now() - interval '1 day'`);
    // Phone dial-in: a caller's wrong PINs matter for at most a lock period (≤ 1 day, SIP_LOCK_MINUTES);
    // a PIN past its expiry opens nothing any more.
    await deps.db.query(
      `DELETE FROM dial_in_callers WHERE greatest(last_wrong_at, locked_until) < now() - interval '2 days'`,
    );
    await deps.db.query(`DELETE FROM dial_in_pins WHERE expires_at < now() - interval '1 day'`);
    await purgeFinishedJobs(deps.db, { doneDays: DONE_JOB_DAYS, failedDays: FAILED_JOB_DAYS });
    // This run is locked, so it does not count as waiting: its successor can be planned now.
    await scheduleRetention(deps.db, EVERY_HOURS * 3600);
  };
}

async function sweepTenant(
  deps: RetentionDeps,
  { id: tenantId, days, protocolDays }: { id: string; days: number; protocolDays: number },
) {
  const removed = await deps.db.transaction(async (tx) => {
    const before = `now() - make_interval(days => $2)`;
    const visits = await tx.query(
      `UPDATE visits SET display_name = '${REMOVED}', concern = '', transfer_note = NULL,
         resume_token_hash = 'deleted:' || id
       WHERE tenant_id = $1 AND ended_at < ${before} AND resume_token_hash NOT LIKE 'deleted:%' RETURNING id`,
      [tenantId, days],
    );
    const appointments = await tx.query(
      `UPDATE appointments SET citizen_name = '${REMOVED}', citizen_email = '', citizen_phone = NULL, intake = '{}',
         case_reference = NULL
       WHERE tenant_id = $1 AND ends_at < ${before} AND citizen_email <> '' RETURNING id`,
      [tenantId, days],
    );
    // Invitations from case systems: the name and the case reference are personal data too.
    await tx.query(
      `UPDATE visit_invitations SET citizen_name = '${REMOVED}', case_reference = NULL
        WHERE tenant_id = $1 AND expires_at < ${before} AND citizen_name <> '${REMOVED}'`,
      [tenantId, days],
    );
    // Delivered or given-up webhook bodies carry case references.
    await tx.query(
      `DELETE FROM webhook_deliveries WHERE tenant_id = $1 AND status <> 'pending' AND created_at < ${before}`,
      [tenantId, days],
    );
    const ended = await deleteEndedChildren(tx, tenantId, days);
    // Protocols have their own, longer period, counted from their issue.
    const protocols = await tx.query(
      `DELETE FROM consultation_protocols
        WHERE tenant_id = $1 AND issued_at < now() - make_interval(days => $2) RETURNING consultation_id`,
      [tenantId, protocolDays],
    );
    const outbox = await tx.query<{ id: string }>(
      `DELETE FROM outbox_messages WHERE tenant_id = $1 AND created_at < ${before} RETURNING id`,
      [tenantId, days],
    );
    const counts = {
      visits: visits.length,
      appointments: appointments.length,
      ...Object.fromEntries(Object.entries(ended).map(([what, ids]) => [what, ids.length])),
      outboxMessages: outbox.length,
      protocols: protocols.length,
    };
    if (Object.values(counts).some((n) => n > 0)) {
      await recordAudit(tx, {
        tenantId,
        actor: 'system',
        action: 'retention.deleted',
        details: { retentionDays: days, protocolRetentionDays: protocolDays, ...counts },
      });
    }
    return {
      outbox: outbox.map((o) => o.id),
      files: ended.files,
      recordings: ended.eventRecordings,
    };
  });
  await removeOutboxFiles(join(deps.dataDir, 'outbox', tenantId), new Set(removed.outbox));
  for (const id of removed.files) await rm(filePath(deps.dataDir, tenantId, id), { force: true });
  for (const id of removed.recordings)
    await rm(recordingFolder(deps.dataDir, tenantId, id), { recursive: true, force: true });
  await removeRecordingSources(deps.recordingDir, removed.recordings);
}

/**
 * What goes with a consultation or an event once it ended before the retention days, table by table,
 * each counted in the audit trail under its name.
 */
const ENDED_CHILDREN = {
  chatMessages: { table: 'consultation_messages', of: 'consultation' },
  // Shared files: the rows here, their encrypted bytes on disk once this commits (by the ids returned).
  files: { table: 'consultation_files', of: 'consultation' },
  // The shared form: its answers (with the updates, by cascade) and checklist; one per consultation.
  forms: { table: 'consultation_forms', of: 'consultation', id: 'consultation_id' },
  // Guests of the consultation: their labels may name a person (e.g. an interpreter).
  guests: { table: 'consultation_guests', of: 'consultation' },
  // An event's audience: citizens' questions (free text) and seats (with the name given with a raised
  // hand; their votes go with them). The event itself names no citizen and stays.
  eventQuestions: { table: 'event_questions', of: 'event' },
  eventSeats: { table: 'event_audience', of: 'event' },
  // Recordings (hosts, and citizens who agreed to be recorded): the rows here (their files' rows by
  // cascade), the converted files on disk once this commits.
  eventRecordings: { table: 'event_recordings', of: 'event' },
} as const;
const PARENTS = {
  consultation: { table: 'consultations', key: 'consultation_id', ended: 'ended_at' },
  event: { table: 'events', key: 'event_id', ended: 'ends_at' },
} as const;

/** Deletes the rows of ENDED_CHILDREN whose consultation or event ended before `days`; their ids by name. */
async function deleteEndedChildren(tx: Queryable, tenantId: string, days: number) {
  const deleted = {} as Record<keyof typeof ENDED_CHILDREN, string[]>;
  for (const name of Object.keys(ENDED_CHILDREN) as (keyof typeof ENDED_CHILDREN)[]) {
    const child: { table: string; of: keyof typeof PARENTS; id?: string } = ENDED_CHILDREN[name];
    const parent = PARENTS[child.of];
    const rows = await tx.query<{ id: string }>(
      `DELETE FROM ${child.table} c USING ${parent.table} p
        WHERE c.${parent.key} = p.id AND p.tenant_id = $1 AND p.${parent.ended} < now() - make_interval(days => $2)
        RETURNING c.${child.id ?? 'id'} AS id`,
      [tenantId, days],
    );
    deleted[name] = rows.map((row) => row.id);
  }
  return deleted;
}

/** Outbox files are named "<time>-<channel>-<id>.<ext>": remove those of deleted rows. */
export async function removeOutboxFiles(dir: string, ids: Set<string>) {
  if (ids.size === 0) return;
  const files = await readdir(dir).catch(() => [] as string[]);
  for (const file of files) {
    const id = file.match(/-([0-9a-f-]{36})\.(eml|txt)$/)?.[1];
    if (id && ids.has(id)) await rm(join(dir, file), { force: true });
  }
}
