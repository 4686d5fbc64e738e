import { z } from 'zod';
import { Id } from './fields';

/**
 * What an event's audience says besides watching: moderated questions (hosts approve, mark answered or
 * reject; the audience sees approved ones and upvotes each once) and raised hands (a host gives one
 * citizen the floor: that page then speaks into the room). Plain text only; pages never render it as HTML.
 */

export const QUESTION_MAX_LENGTH = 500;
export const HAND_NAME_MAX_LENGTH = 80;
/** A seat asks at most this many questions per QUESTION_WINDOW_MINUTES (its address is limited too). */
export const QUESTIONS_PER_WINDOW = 3;
export const QUESTION_WINDOW_MINUTES = 10;

export const QuestionStatus = z.enum(['pending', 'approved', 'answered', 'rejected']);
export type QuestionStatus = z.infer<typeof QuestionStatus>;
/** What the audience sees of the questions. */
export const SHOWN_TO_AUDIENCE: readonly QuestionStatus[] = ['approved', 'answered'];

export const QuestionInput = z.strictObject({ text: z.string().trim().min(1).max(QUESTION_MAX_LENGTH) });
export type QuestionInput = z.infer<typeof QuestionInput>;

/** A host's decision on a question. */
export const QuestionDecision = z.strictObject({ status: QuestionStatus.exclude(['pending']) });
export type QuestionDecision = z.infer<typeof QuestionDecision>;

export const Question = z.object({
  id: Id,
  text: z.string(),
  status: QuestionStatus,
  votes: z.int(),
  askedAt: z.string(),
});
export type Question = z.infer<typeof Question>;

/** Raising (with the name the citizen chooses to give, or none) or lowering one's hand. */
export const HandInput = z.strictObject({
  raised: z.boolean(),
  name: z.string().trim().max(HAND_NAME_MAX_LENGTH).default(''),
});
export type HandInput = z.input<typeof HandInput>;

/** A raised hand as hosts see it; `seatId` is what they give the floor to. */
export const Hand = z.object({ seatId: Id, name: z.string(), raisedAt: z.string() });
export type Hand = z.infer<typeof Hand>;

/** Who has the floor now (hosts' view). */
export const Floor = z.object({ seatId: Id, name: z.string() }).nullable();
export type Floor = z.infer<typeof Floor>;

/** The room as hosts see it: whether newcomers are kept out, and how many seats are taken. */
export const RoomState = z.object({ locked: z.boolean(), audience: z.int() });
export type RoomState = z.infer<typeof RoomState>;

/** A host locks the room against newcomers (those in stay) or opens it again. */
export const LockInput = z.strictObject({ locked: z.boolean() });

/** Most votes first, the earlier question first among equals. */
export const byVotes = (a: Question, b: Question) => b.votes - a.votes || a.askedAt.localeCompare(b.askedAt);

export const AudienceClientMessages = [
  /** Follow an event's questions and hands: the server answers with the state now, then each change. */
  z.strictObject({ type: z.literal('event.follow'), eventId: Id }),
] as const;

export const AudienceServerMessages = [
  /** The questions this socket may see (hosts: all; the audience: approved and answered). */
  z.object({ type: z.literal('event.questions'), eventId: Id, questions: z.array(Question) }),
  /** One question is new or changed. */
  z.object({ type: z.literal('event.question'), eventId: Id, question: Question }),
  /** The audience no longer sees this question (a host rejected it after approving). */
  z.object({ type: z.literal('event.question-hidden'), eventId: Id, questionId: Id }),
  /** Hosts: the raised hands, oldest first, and who has the floor. */
  z.object({ type: z.literal('event.hands'), eventId: Id, hands: z.array(Hand), floor: Floor }),
  /** One seat: whether its hand is up and whether it has the floor (then it publishes its microphone). */
  z.object({ type: z.literal('event.hand'), eventId: Id, raised: z.boolean(), floor: z.boolean() }),
  /** Whether the citizen given the floor speaks now; listeners ask for it (event.watch, media listen). */
  z.object({ type: z.literal('event.floor'), eventId: Id, live: z.boolean() }),
  /** Hosts: the room now (locked, audience), after each change. */
  z.object({ type: z.literal('event.room'), eventId: Id, ...RoomState.shape }),
  /** The one seat a host removed: its page says so, and the server closes its socket. */
  z.object({ type: z.literal('event.removed'), eventId: Id, seatId: Id }),
] as const;
