import type { RatingRequest, RecordUpdate } from '../../../shared/consultations';
import type { ChatMessage, ParticipantId, ParticipantRole } from '../../../shared/realtime';
import type { Db } from '../../db/client';
import { conflict, notFound } from '../../http/problem';
import { joinGuestOf } from './guests-store';

/** A consultation's chat holds at most this many messages: history stays small enough to load at once. */
export const MAX_CHAT_MESSAGES = 1000;

interface MessageRow {
  id: string;
  consultationId: string;
  author: ParticipantId;
  role: ParticipantRole;
  label: string | null;
  text: string;
  createdAt: Date;
  readAt: Date | null;
}

const MESSAGE_COLUMNS = `m.id, m.consultation_id AS "consultationId", m.author, m.author_role AS role, g.label,
  m.text, m.created_at AS "createdAt", m.read_at AS "readAt"`;

/** Messages with their guest author's label (consultation_messages m). */
const MESSAGES = `FROM consultation_messages m ${joinGuestOf('g', 'm.author')}`;

const toMessage = (row: MessageRow): ChatMessage => ({
  ...row,
  createdAt: new Date(row.createdAt).toISOString(),
  readAt: row.readAt ? new Date(row.readAt).toISOString() : null,
});

/** Chat, notes and outcome, and ratings of consultations; callers have checked who acts (participant-guard). */
export function createConsultationStore(db: Db) {
  return {
    /** Adds a message while the call is live; refused after it ended or once the chat is full. */
    async postMessage(
      consultation: { id: string; tenantId: string },
      author: { participant: ParticipantId; role: ParticipantRole; label: string | null },
      text: string,
    ): Promise<ChatMessage> {
      const [row] = await db.query<Omit<MessageRow, 'label'>>(
        `INSERT INTO consultation_messages AS m (tenant_id, consultation_id, author, author_role, text)
         SELECT c.tenant_id, c.id, $3, $4, $5 FROM consultations c
          WHERE c.id = $1 AND c.tenant_id = $2 AND c.ended_at IS NULL
            AND (SELECT count(*) FROM consultation_messages n WHERE n.consultation_id = c.id) < $6
         RETURNING m.id, m.consultation_id AS "consultationId", m.author, m.author_role AS role, m.text,
           m.created_at AS "createdAt", m.read_at AS "readAt"`,
        [consultation.id, consultation.tenantId, author.participant, author.role, text, MAX_CHAT_MESSAGES],
      );
      if (row) return toMessage({ ...row, label: author.label });
      const [state] = await db.query<{ live: boolean }>(
        'SELECT ended_at IS NULL AS live FROM consultations WHERE id = $1 AND tenant_id = $2',
        [consultation.id, consultation.tenantId],
      );
      if (!state?.live) throw conflict('The consultation has ended: the chat is closed');
      throw conflict(`The chat of this consultation is full (${MAX_CHAT_MESSAGES} messages)`);
    },

    async history(consultation: { id: string; tenantId: string }): Promise<ChatMessage[]> {
      const rows = await db.query<MessageRow>(
        `SELECT ${MESSAGE_COLUMNS} ${MESSAGES} WHERE m.consultation_id = $1 AND m.tenant_id = $2 ORDER BY m.seq`,
        [consultation.id, consultation.tenantId],
      );
      return rows.map(toMessage);
    },

    /**
     * Marks the others' messages up to `upTo` read; returns how many were new and when. One mark per
     * message: it counts as read once anyone in the consultation but its author read it.
     */
    async markRead(
      consultation: { id: string; tenantId: string },
      reader: ParticipantId,
      upTo: string,
    ): Promise<{ marked: number; readAt: string }> {
      const [target] = await db.query<{ seq: string }>(
        'SELECT seq FROM consultation_messages WHERE id = $1 AND consultation_id = $2 AND tenant_id = $3',
        [upTo, consultation.id, consultation.tenantId],
      );
      if (!target) throw notFound('Message');
      const rows = await db.query<{ readAt: Date }>(
        `UPDATE consultation_messages SET read_at = now()
          WHERE consultation_id = $1 AND tenant_id = $2 AND author <> $3 AND seq <= $4 AND read_at IS NULL
          RETURNING read_at AS "readAt"`,
        [consultation.id, consultation.tenantId, reader, target.seq],
      );
      return {
        marked: rows.length,
        readAt: rows[0] ? new Date(rows[0].readAt).toISOString() : new Date().toISOString(),
      };
    },

    async updateRecord(consultation: { id: string; tenantId: string }, update: RecordUpdate) {
      await db.query('UPDATE consultations SET notes = $3, outcome = $4 WHERE id = $1 AND tenant_id = $2', [
        consultation.id,
        consultation.tenantId,
        update.notes,
        update.outcome,
      ]);
    },

    async latestProtocol(consultation: { id: string; tenantId: string }) {
      const [row] = await db.query<{
        version: number;
        issuedAt: Date;
        pdfSha256: string;
        record: unknown;
        pdf: Uint8Array;
      }>(
        `SELECT version, issued_at AS "issuedAt", pdf_sha256 AS "pdfSha256", record, pdf
           FROM consultation_protocols WHERE consultation_id = $1 AND tenant_id = $2
          ORDER BY version DESC LIMIT 1`,
        [consultation.id, consultation.tenantId],
      );
      return row;
    },

    async protocolSummary(consultation: { id: string; tenantId: string }) {
      const [row] = await db.query<{ version: number; issuedAt: Date; pdfSha256: string }>(
        `SELECT version, issued_at AS "issuedAt", pdf_sha256 AS "pdfSha256"
           FROM consultation_protocols WHERE consultation_id = $1 AND tenant_id = $2
          ORDER BY version DESC LIMIT 1`,
        [consultation.id, consultation.tenantId],
      );
      return row
        ? { version: row.version, issuedAt: new Date(row.issuedAt).toISOString(), pdfSha256: row.pdfSha256 }
        : null;
    },

    /**
     * The citizen's rating, once per consultation and only after it ended. The one-way `rated` marker and
     * the anonymous row are written in one statement; the row keeps authority, office, day, stars and
     * comment only.
     */
    async rate(consultation: { id: string; tenantId: string; visitId: string }, rating: RatingRequest) {
      const inserted = await db.query(
        `WITH marked AS (
           UPDATE consultations c SET rated = true FROM tenants t
            WHERE c.id = $1 AND c.tenant_id = $2 AND c.visit_id = $3 AND t.id = c.tenant_id
              AND c.ended_at IS NOT NULL AND NOT c.rated
           RETURNING c.tenant_id, c.office_id, (c.ended_at AT TIME ZONE t.time_zone)::date AS day)
         INSERT INTO consultation_ratings (tenant_id, office_id, day, stars, comment)
         SELECT tenant_id, office_id, day, $4, $5 FROM marked RETURNING 1`,
        [consultation.id, consultation.tenantId, consultation.visitId, rating.stars, rating.comment],
      );
      if (inserted.length > 0) return;
      const [state] = await db.query<{ ended: boolean; rated: boolean }>(
        'SELECT ended_at IS NOT NULL AS ended, rated FROM consultations WHERE id = $1 AND tenant_id = $2',
        [consultation.id, consultation.tenantId],
      );
      if (state?.rated) throw conflict('This consultation has been rated already');
      throw conflict('A consultation can be rated once it has ended');
    },
  };
}
export type ConsultationStore = ReturnType<typeof createConsultationStore>;
