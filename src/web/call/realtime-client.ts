import type { ClientMessage } from '../../shared/realtime';
import { ServerMessage } from '../../shared/realtime';
import { Emitter } from './emitter';
import { createReconnectPolicy, type ReconnectPolicy } from './reconnect-policy';

/**
 * The one WebSocket per tab (/api/ws): typed subscriptions per server message type, automatic
 * reconnect with back-off (re-sending hello each time) and a ping/pong keepalive that notices dead
 * connections a browser would otherwise keep "open" for minutes.
 */

export type RealtimeState = 'connecting' | 'open' | 'reconnecting' | 'closed';
export type Hello = Extract<ClientMessage, { type: 'hello' }>;
/** Fields added to hello at each (re)connect, e.g. the call this tab still holds. */
export type HelloExtension = { activeConsultationId?: string };
export type ServerMessageType = ServerMessage['type'];
export type ServerMessageOf<T extends ServerMessageType> = Extract<ServerMessage, { type: T }>;

/** The part of the browser WebSocket we use; lets unit tests pass a fake. */
export interface WebSocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface RealtimeClientOptions {
  /** Defaults to the browser's WebSocket (looked up when connecting, not at import). */
  WebSocket?: WebSocketConstructor;
  policy?: ReconnectPolicy;
  pingIntervalMs?: number;
  /** Without any message from the server for this long after a ping, the socket counts as dead. */
  pongTimeoutMs?: number;
  /** Close codes after which retrying is pointless; default: 1008 (policy violation, e.g. a bad hello). */
  isFatalClose?: (code: number) => boolean;
}

type MessageEvents = { [T in ServerMessageType]: ServerMessageOf<T> };
type StateEvents = { state: { state: RealtimeState; previous: RealtimeState } };

/** ws: or wss: to /api/ws on the page's own origin. */
export function realtimeUrl(location: { protocol: string; host: string }): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/ws`;
}

export class RealtimeClient {
  private readonly messages = new Emitter<MessageEvents>();
  private readonly states = new Emitter<StateEvents>();
  private readonly options: Required<Omit<RealtimeClientOptions, 'WebSocket'>> & {
    WebSocket?: WebSocketConstructor;
  };
  private socket: WebSocketLike | null = null;
  private url = '';
  private hello: Hello | null = null;
  private helloExtension: () => HelloExtension = () => ({});
  private retryCount = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  private current: RealtimeState = 'closed';

  constructor(options: RealtimeClientOptions = {}) {
    this.options = {
      policy: options.policy ?? createReconnectPolicy(),
      pingIntervalMs: options.pingIntervalMs ?? 20_000,
      pongTimeoutMs: options.pongTimeoutMs ?? 10_000,
      isFatalClose: options.isFatalClose ?? ((code) => code === 1008),
      ...(options.WebSocket ? { WebSocket: options.WebSocket } : {}),
    };
  }

  /** 'open' only once the server answered hello with ready, so sends are routed as this participant. */
  get state(): RealtimeState {
    return this.current;
  }

  connect(url: string, hello: Hello): void {
    this.stop();
    this.url = url;
    this.hello = hello;
    this.retryCount = 0;
    this.setState('connecting');
    this.openSocket();
  }

  /** Adds fields to every hello this client sends from now on, read fresh at each reconnect. */
  setHelloExtension(extension: () => HelloExtension): void {
    this.helloExtension = extension;
  }

  on<T extends ServerMessageType>(type: T, handler: (message: ServerMessageOf<T>) => void): () => void {
    return this.messages.on(type, handler);
  }

  onStateChange(handler: (state: RealtimeState, previous: RealtimeState) => void): () => void {
    return this.states.on('state', ({ state, previous }) => handler(state, previous));
  }

  /**
   * Sends when open; otherwise drops the message and returns false. Deliberately no queue: signaling
   * queued across a reconnect would be stale (old offers, dead candidates); the call layer recovers
   * with an ICE restart once the socket is back instead.
   */
  send(message: ClientMessage): boolean {
    if (this.current !== 'open' || !this.socket) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /** Closes for good (no reconnect). */
  close(): void {
    this.stop();
    this.setState('closed');
  }

  private openSocket(): void {
    const Ctor = this.options.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructor);
    const socket = new Ctor(this.url);
    this.socket = socket;
    socket.onopen = () => {
      if (this.hello) socket.send(JSON.stringify({ ...this.hello, ...this.helloExtension() }));
      // A server that accepts the socket but never answers hello is as dead as a closed one.
      this.pongTimer = setTimeout(() => this.timedOut(), this.options.pongTimeoutMs);
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onerror = () => {}; // always followed by close, handled there
    socket.onclose = (event) => this.dropped(socket, event.code);
  }

  private receive(data: unknown): void {
    clearTimeout(this.pongTimer); // any message proves the connection is alive
    let parsed: unknown;
    try {
      parsed = JSON.parse(String(data));
    } catch {
      return;
    }
    const result = ServerMessage.safeParse(parsed);
    if (!result.success) return; // a newer server may send types we do not know yet
    const message = result.data;
    if (message.type === 'ready') {
      this.retryCount = 0;
      this.startPing();
      this.setState('open');
    }
    this.messages.emit(message.type, message as never);
  }

  private dropped(socket: WebSocketLike, code: number): void {
    if (socket !== this.socket) return; // a socket we already gave up on
    this.detach();
    if (this.options.isFatalClose(code)) {
      this.setState('closed');
      return;
    }
    const delay = this.options.policy.nextRetryDelayMs(this.retryCount);
    if (delay === null) {
      this.setState('closed');
      return;
    }
    this.retryCount += 1;
    this.setState('reconnecting');
    this.retryTimer = setTimeout(() => this.openSocket(), delay);
  }

  private startPing(): void {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      if (!this.send({ type: 'ping' })) return;
      clearTimeout(this.pongTimer);
      this.pongTimer = setTimeout(() => this.timedOut(), this.options.pongTimeoutMs);
    }, this.options.pingIntervalMs);
  }

  /** Half-open connection: do not wait for the browser's close handshake, which can take minutes. */
  private timedOut(): void {
    const socket = this.socket;
    if (!socket) return;
    this.dropped(socket, 1006);
    socket.close(4000, 'timeout');
  }

  private detach(): void {
    clearInterval(this.pingTimer);
    clearTimeout(this.pongTimer);
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
  }

  private stop(): void {
    clearTimeout(this.retryTimer);
    const socket = this.socket;
    this.detach();
    socket?.close(1000, 'client closed');
  }

  private setState(state: RealtimeState): void {
    const previous = this.current;
    if (state === previous) return;
    this.current = state;
    this.states.emit('state', { state, previous });
  }
}
