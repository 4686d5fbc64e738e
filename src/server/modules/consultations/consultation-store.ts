import type { RatingRequest, RecordUpdate } from '../../../shared/consultations';
import type { ChatMessage, ParticipantId } from '../../../shared/realtime';
import type { Db } from '../../db/client';
import { conflict, notFound } from '../../http/problem';

/** A consultation's chat holds at most this many messages: history stays small enough to load at once. */
export const MAX_CHAT_MESSAGES = 1000;

interface MessageRow {
  id: string;
  consultationId: string;
  author: ParticipantId;
  role: 'agent' | 'citizen';
  text: string;
  createdAt: Date;
  readAt: Date | null;
}

const MESSAGE_COLUMNS = `id, consultation_id AS "consultationId", author, author_role AS role, text,
  created_at AS "createdAt", read_at AS "readAt"`;

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
      author: { participant: ParticipantId; role: 'agent' | 'citizen' },
      text: string,
    ): Promise<ChatMessage> {
      const [row] = await db.query<MessageRow>(
        `INSERT INTO consultation_messages (tenant_id, consultation_id, author, author_role, text)
         SELECT c.tenant_id, c.id, $3, $4, $5 FROM consultations c
          WHERE c.id = $1 AND c.tenant_id = $2 AND c.ended_at IS NULL
            AND (SELECT count(*) FROM consultation_messages m WHERE m.consultation_id = c.id) < $6
         RETURNING ${MESSAGE_COLUMNS}`,
        [consultation.id, consultation.tenantId, author.participant, author.role, text, MAX_CHAT_MESSAGES],
      );
      if (row) return toMessage(row);
      const [state] = await db.query<{ live: boolean }>(
        'SELECT ended_at IS NULL AS live FROM consultations WHERE id = $1 AND tenant_id = $2',
        [consultation.id, consultation.tenantId],
      );
      if (!state?.live) throw conflict('The consultation has ended: the chat is closed');
      throw conflict(`The chat of this consultation is full (${MAX_CHAT_MESSAGES} messages)`);
    },

    async history(consultation: { id: string; tenantId: string }): Promise<ChatMessage[]> {
      const rows = await db.query<MessageRow>(
        `SELECT ${MESSAGE_COLUMNS} FROM consultation_messages
          WHERE consultation_id = $1 AND tenant_id = $2 ORDER BY seq`,
        [consultation.id, consultation.tenantId],
      );
      return rows.map(toMessage);
    },

    /** Marks the other side's messages up to `upTo` read; returns how many were new and when. */
    async markRead(
      consultation: { id: string; tenantId: string },
      reader: 'agent' | 'citizen',
      upTo: string,
    ): Promise<{ marked: number; readAt: string }> {
      const [target] = await db.query<{ seq: string }>(
        'SELECT seq FROM consultation_messages WHERE id = $1 AND consultation_id = $2 AND tenant_id = $3',
        [upTo, consultation.id, consultation.tenantId],
      );
      if (!target) throw notFound('Message');
      const rows = await db.query<{ readAt: Date }>(
        `UPDATE consultation_messages SET read_at = now()
          WHERE consultation_id = $1 AND tenant_id = $2 AND author_role <> $3 AND seq <= $4 AND read_at IS NULL
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
