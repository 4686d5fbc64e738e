import { randomUUID } from 'node:crypto';
import {
  QUESTION_WINDOW_MINUTES,
  QUESTIONS_PER_WINDOW,
  type Question,
  type QuestionDecision,
  SHOWN_TO_AUDIENCE,
} from '../../../shared/event-audience';
import type { Db } from '../../db/client';
import type { Seat } from './audience-seats';
import { EventError } from './event-errors';

const COLUMNS = 'id, text, status, votes, asked_at AS "askedAt"';
type Row = Omit<Question, 'askedAt'> & { askedAt: Date };
const toQuestion = (row: Row): Question => ({ ...row, askedAt: row.askedAt.toISOString() });

/**
 * The questions of an event's audience. A seat asks a few per window (counted by the app's clock);
 * hosts decide on each; a seat upvotes an approved question once (a row per vote, so never twice).
 */
export function createEventQuestions(db: Db) {
  return {
    /** The event's questions, most votes first: all of them for hosts, or those the audience sees. */
    async list(eventId: string, audience: boolean): Promise<Question[]> {
      const rows = await db.query<Row>(
        `SELECT ${COLUMNS} FROM event_questions
          WHERE event_id = $1 AND ($2::boolean IS NOT TRUE OR status = ANY($3))
          ORDER BY votes DESC, asked_at, id`,
        [eventId, audience, SHOWN_TO_AUDIENCE],
      );
      return rows.map(toQuestion);
    },

    async ask(seat: Seat & { tenantId: string }, text: string, now: Date): Promise<Question> {
      return db.transaction(async (tx) => {
        // The seat's row locked: two questions sent at once are counted one after the other.
        await tx.query('SELECT id FROM event_audience WHERE id = $1 FOR UPDATE', [seat.id]);
        const recent = await tx.query<{ askedAt: Date }>(
          `SELECT asked_at AS "askedAt" FROM event_questions
            WHERE seat_id = $1 AND asked_at > $2::timestamptz - make_interval(mins => ${QUESTION_WINDOW_MINUTES})
            ORDER BY asked_at`,
          [seat.id, now],
        );
        const oldest = recent[0];
        if (oldest && recent.length >= QUESTIONS_PER_WINDOW) {
          const freeAt = oldest.askedAt.getTime() + QUESTION_WINDOW_MINUTES * 60_000;
          throw new EventError('too-many-questions', Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000)));
        }
        const [row] = await tx.query<Row>(
          `INSERT INTO event_questions (id, tenant_id, event_id, seat_id, text, asked_at)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
          [randomUUID(), seat.tenantId, seat.eventId, seat.id, text, now],
        );
        return toQuestion(row as Row);
      });
    },

    /** A host's decision; the question must be of this event (and so of the host's authority). */
    async decide(eventId: string, questionId: string, decision: QuestionDecision): Promise<Question> {
      const [row] = await db.query<Row>(
        `UPDATE event_questions SET status = $3 WHERE event_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
        [eventId, questionId, decision.status],
      );
      if (!row) throw new EventError('unknown');
      return toQuestion(row);
    },

    /** One upvote of the seat for a question the audience sees. */
    async vote(seat: Seat, questionId: string): Promise<Question> {
      return db.transaction(async (tx) => {
        const [question] = await tx.query<{ id: string }>(
          'SELECT id FROM event_questions WHERE event_id = $1 AND id = $2 AND status = ANY($3) FOR UPDATE',
          [seat.eventId, questionId, SHOWN_TO_AUDIENCE],
        );
        if (!question) throw new EventError('unknown');
        const voted = await tx.query(
          `INSERT INTO event_question_votes (question_id, seat_id) VALUES ($1, $2)
           ON CONFLICT DO NOTHING RETURNING seat_id`,
          [questionId, seat.id],
        );
        if (voted.length === 0) throw new EventError('already-voted');
        const [row] = await tx.query<Row>(
          `UPDATE event_questions SET votes = votes + 1 WHERE id = $1 RETURNING ${COLUMNS}`,
          [questionId],
        );
        return toQuestion(row as Row);
      });
    },
  };
}
export type EventQuestions = ReturnType<typeof createEventQuestions>;
