import type { WebSocket } from 'ws';

/** How often every socket is pinged; one that has not answered the previous ping by then is ended. */
export const LIVENESS_EVERY_MS = 30_000;

/** The part of ws's WebSocketServer watched here; lets unit tests pass a fake. */
export interface SocketServerLike {
  clients: Set<Pick<WebSocket, 'ping' | 'terminate' | 'on'>>;
  on(event: 'connection', listener: (socket: Pick<WebSocket, 'on'>) => void): unknown;
  off(event: 'connection', listener: (socket: Pick<WebSocket, 'on'>) => void): unknown;
}

/**
 * Ends sockets whose other side stopped answering WebSocket pings. A phone that lost its network or a
 * laptop gone to sleep sends no close, and its socket (and a citizen's place as "connected") would
 * otherwise live on for many minutes. Browsers answer pings by themselves, also in background tabs
 * whose timers are throttled, so a tab that is merely hidden is never taken for dead.
 */
export function watchLiveness(server: SocketServerLike, everyMs = LIVENESS_EVERY_MS) {
  const answered = new WeakSet<object>();
  const onConnection = (socket: Pick<WebSocket, 'on'>) => {
    answered.add(socket);
    socket.on('pong', () => answered.add(socket));
  };
  server.on('connection', onConnection);
  const timer = setInterval(() => {
    for (const socket of server.clients) {
      if (!answered.has(socket)) {
        socket.terminate(); // emits close, which runs the socket's cleanups
        continue;
      }
      answered.delete(socket);
      socket.ping();
    }
  }, everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    server.off('connection', onConnection);
  };
}
