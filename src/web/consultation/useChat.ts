import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ChatHistory, ChatMessage } from '../../shared/consultations';
import type { ParticipantId } from '../../shared/realtime';
import { type ConsultationAuth, consultationsApi } from '../api/consultations';
import { type FeedClient, useLiveFeed } from './useLiveFeed';

/** What the chat needs of the tab's realtime client. */
export type ChatClient = FeedClient;

export interface ChatState {
  messages: ChatMessage[];
  loaded: boolean;
  /** Sends one message; throws the ApiProblem when the server refuses. */
  send(text: string): Promise<void>;
}

/** Adds or replaces messages by id, oldest first. */
function merge(list: ChatMessage[], incoming: ChatMessage[]): ChatMessage[] {
  const byId = new Map(list.map((m) => [m.id, m]));
  for (const message of incoming) {
    const known = byId.get(message.id);
    byId.set(message.id, known?.readAt && !message.readAt ? { ...message, readAt: known.readAt } : message);
  }
  return [...byId.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * Marks as read every message up to and including `upTo` that `reader` did not write itself, as the
 * server does: a message counts as read once anyone but its author read it.
 */
function markReadUpTo(list: ChatMessage[], reader: ParticipantId, upTo: string, readAt: string) {
  const index = list.findIndex((m) => m.id === upTo);
  if (index < 0) return list;
  return list.map((m, i) => (i <= index && m.author !== reader && !m.readAt ? { ...m, readAt } : m));
}

/**
 * One consultation's chat as `self` takes part in it: the history on mount (and again after a
 * reconnect), live messages and read marks from the realtime client, and sending.
 */
export function useChat(
  consultationId: string,
  self: ParticipantId,
  auth: ConsultationAuth,
  client: ChatClient | null,
  /** The chat is in view (its tab shown): only then are the others' messages marked as read. */
  shown = true,
): ChatState {
  const { visitToken, guestToken } = auth;
  const api = useMemo(() => consultationsApi({ visitToken, guestToken }), [visitToken, guestToken]);
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const loaded = useLiveFeed(
    client,
    useCallback(() => api.chat(consultationId), [api, consultationId]),
    useCallback((history: ChatHistory) => setMessages((list) => merge(list, history.messages)), []),
    // Messages sent while the socket was down arrive with the history.
    useCallback(
      (live: FeedClient) => [
        live.on('chat.message', (event) => {
          if (event.consultationId === consultationId) setMessages((list) => merge(list, [event.message]));
        }),
        live.on('chat.read', (event) => {
          // Someone else read mine (and the others'); or I read theirs in another tab of mine.
          if (event.consultationId === consultationId)
            setMessages((list) => markReadUpTo(list, event.reader, event.upTo, event.readAt));
        }),
      ],
      [consultationId],
    ),
  );

  const send = useCallback(
    async (text: string) => {
      const message = await api.send(consultationId, text);
      setMessages((list) => merge(list, [message]));
    },
    [api, consultationId],
  );

  // Read marks: the newest unread message of someone else, once the page and the chat are visible.
  const marked = useRef<string | null>(null);
  const newestUnread = [...messages].reverse().find((m) => m.author !== self && !m.readAt)?.id ?? null;
  useEffect(() => {
    if (!newestUnread || !shown) return;
    const mark = () => {
      if (document.visibilityState !== 'visible' || marked.current === newestUnread) return;
      marked.current = newestUnread;
      api.markRead(consultationId, newestUnread).catch(() => {
        marked.current = null;
      });
    };
    mark();
    document.addEventListener('visibilitychange', mark);
    return () => document.removeEventListener('visibilitychange', mark);
  }, [api, consultationId, newestUnread, shown]);

  return { messages, loaded, send };
}
