import { useEffect, useRef, useState } from 'react';
import { byVotes, type Floor, type Hand, type Question, type RoomState } from '../../shared/event-audience';
import type { RealtimeClient } from '../call/realtime-client';

export interface EventNews {
  /** What this page may see, most votes first. */
  questions: Question[];
  /** The question a screen reader should hear of now: newly approved (audience) or newly asked (hosts). */
  latest: Question | null;
  /** Hosts: the raised hands and who has the floor. */
  hands: Hand[];
  floor: Floor;
  /** A seat: its own hand, and whether it has the floor. */
  own: { raised: boolean; floor: boolean };
  /** Whether the event is being recorded now; null until the server said. */
  recording: boolean | null;
  /** Hosts: whether the room is locked and how many watch; null until the server said. */
  room: RoomState | null;
  /** A seat: a host removed it (its socket closes; the page says why). */
  removed: boolean;
}

/**
 * Follows an event's questions and hands over the page's socket (again after each reconnect, which
 * sends the whole state anew). `notable` says which question changes the page announces.
 */
export function useEventNews(
  client: RealtimeClient | null,
  eventId: string,
  notable: (question: Question, before: Question | undefined) => boolean,
): EventNews {
  const [questions, setQuestions] = useState<ReadonlyMap<string, Question>>(new Map());
  const [latest, setLatest] = useState<Question | null>(null);
  const [hands, setHands] = useState<{ hands: Hand[]; floor: Floor }>({ hands: [], floor: null });
  const [own, setOwn] = useState({ raised: false, floor: false });
  const [recording, setRecording] = useState<boolean | null>(null);
  const [room, setRoom] = useState<RoomState | null>(null);
  const [removed, setRemoved] = useState(false);
  const known = useRef<ReadonlyMap<string, Question>>(new Map());
  const notableRef = useRef(notable);
  notableRef.current = notable;

  useEffect(() => {
    if (!client) return;
    const keep = (next: ReadonlyMap<string, Question>) => {
      known.current = next;
      setQuestions(next);
    };
    const follow = () => client.send({ type: 'event.follow', eventId });
    const offs = [
      client.on('event.questions', (m) => {
        if (m.eventId === eventId) keep(new Map(m.questions.map((q) => [q.id, q])));
      }),
      client.on('event.question', ({ eventId: id, question }) => {
        if (id !== eventId) return;
        if (notableRef.current(question, known.current.get(question.id))) setLatest(question);
        keep(new Map(known.current).set(question.id, question));
      }),
      client.on('event.question-hidden', ({ eventId: id, questionId }) => {
        if (id !== eventId) return;
        const next = new Map(known.current);
        next.delete(questionId);
        keep(next);
      }),
      client.on('event.hands', (m) => {
        if (m.eventId === eventId) setHands({ hands: m.hands, floor: m.floor });
      }),
      client.on('event.hand', (m) => {
        if (m.eventId === eventId) setOwn({ raised: m.raised, floor: m.floor });
      }),
      client.on('event.recording', (m) => {
        if (m.eventId === eventId) setRecording(m.recording);
      }),
      client.on('event.room', ({ eventId: id, locked, audience }) => {
        if (id === eventId) setRoom({ locked, audience });
      }),
      client.on('event.removed', (m) => m.eventId === eventId && setRemoved(true)),
      client.onStateChange((state, previous) => {
        if (state === 'open' && previous !== 'open') follow();
      }),
      // A host page opened before the doors was refused; on stage, the doors are open: follow now.
      client.on('event.published', (m) => m.eventId === eventId && follow()),
    ];
    if (client.state === 'open') follow();
    return () => {
      for (const off of offs) off();
    };
  }, [client, eventId]);

  return {
    questions: [...questions.values()].sort(byVotes),
    latest,
    ...hands,
    own,
    recording,
    room,
    removed,
  };
}
