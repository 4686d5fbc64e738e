import type { IncomingHttpHeaders } from 'node:http';
import WebSocket from 'ws';
import type { ClientMessage, ServerMessage } from '../../src/shared/realtime';

export interface TestSocket {
  messages: ServerMessage[];
  /** The headers of the upgrade response (behind nginx: X-Upstream names the process). */
  headers: IncomingHttpHeaders;
  /** A message, or a raw frame (text, or binary as a Buffer). */
  send(message: ClientMessage | string | Buffer): void;
  /** Resolves with the first message (already received or coming) that matches; fails after timeoutMs. */
  next<T extends ServerMessage['type']>(
    type: T,
    match?: (m: Extract<ServerMessage, { type: T }>) => boolean,
    timeoutMs?: number,
  ): Promise<Extract<ServerMessage, { type: T }>>;
  closed: Promise<number>;
  close(): void;
}

/** A WebSocket client like a browser tab's: same Origin header, optional staff cookie and other headers. */
export function connectSocket(
  baseUrl: string,
  options: { cookie?: string; origin?: string; headers?: Record<string, string> } = {},
): Promise<TestSocket> {
  const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/api/ws`, {
    headers: {
      origin: options.origin ?? baseUrl,
      ...(options.cookie ? { cookie: options.cookie } : {}),
      ...options.headers,
    },
  });
  const messages: ServerMessage[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (raw) => {
    messages.push(JSON.parse(String(raw)) as ServerMessage);
    for (const wake of waiters) wake();
  });
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  let headers: IncomingHttpHeaders = {};
  ws.on('upgrade', (response) => {
    headers = response.headers;
  });
  return new Promise((resolve, reject) => {
    ws.on('error', reject);
    ws.on('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: ${res.statusCode}`)));
    ws.on('open', () =>
      resolve({
        messages,
        headers,
        closed,
        send: (message) =>
          ws.send(
            typeof message === 'string' || Buffer.isBuffer(message) ? message : JSON.stringify(message),
          ),
        close: () => ws.close(),
        next(type, match = () => true, timeoutMs = 5000) {
          type M = Extract<ServerMessage, { type: typeof type }>;
          let seen = 0;
          return new Promise((found, fail) => {
            const check = () => {
              for (; seen < messages.length; seen++) {
                const m = messages[seen]!;
                if (m.type === type && match(m as M)) {
                  waiters.delete(check);
                  clearTimeout(timer);
                  // Consumed: later next() calls look only at what came after.
                  messages.splice(0, seen + 1);
                  return found(m as M);
                }
              }
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(
                new Error(
                  `no ${type} message within ${timeoutMs} ms; got ${JSON.stringify(messages).slice(0, 500)}`,
                ),
              );
            }, timeoutMs);
            waiters.add(check);
            check();
          });
        },
      }),
    );
  });
}
