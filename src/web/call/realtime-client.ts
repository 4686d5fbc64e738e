import type { ClientMessage } from '../../shared/realtime';
import { ServerMessage } from '../../shared/realtime';
import { retryAfterOfClose } from '../../shared/socket-limits';
import { Emitter } from './emitter';
import { createReconnectPolicy, type ReconnectPolicy } from './reconnect-policy';

/**
 * The one WebSocket per tab (/api/ws): typed subscriptions per server message type, automatic
 * reconnect with back-off that never gives up (re-sending hello each time), an immediate retry when
 * the browser comes back online or the tab becomes visible, and a ping/pong keepalive that notices
 * dead connections a browser would otherwise keep "open" for minutes.
 *
 * States: 'reconnecting' is a short blip; 'offline' says the connection has been gone for longer than
 * `offlineAfterMs` (or the browser knows it has no network), so pages can say so plainly. Both keep
 * retrying; only a fatal close (1008) or close() end in 'closed'.
 */

export type RealtimeState = 'connecting' | 'open' | 'reconnecting' | 'offline' | 'closed';
export type Hello = Extract<ClientMessage, { type: 'hello' }>;
/** Fields added to hello at each (re)connect, e.g. the call this tab still holds. */
export type HelloExtension = { activeConsultationId?: string; standby?: true };
export type ServerMessageType = ServerMessage['type'];
export type ServerMessageOf<T extends ServerMessageType> = Extract<ServerMessage, { type: T }>;

/** The part of the browser WebSocket we use; lets unit tests pass a fake. */
export interface WebSocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason?: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

/** The part of `window` the client listens to (online/offline events, navigator.onLine). */
export interface WindowLike {
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
  readonly navigator?: { readonly onLine?: boolean };
}
/** The part of `document` the client listens to (a tab coming back to the foreground). */
export interface DocumentLike {
  addEventListener(type: 'visibilitychange', listener: () => void): void;
  removeEventListener(type: 'visibilitychange', listener: () => void): void;
  readonly visibilityState: string;
}

export interface RealtimeClientOptions {
  /** Defaults to the browser's WebSocket (looked up when connecting, not at import). */
  WebSocket?: WebSocketConstructor;
  policy?: ReconnectPolicy;
  pingIntervalMs?: number;
  /** Without any message from the server for this long after a ping, the socket counts as dead. */
  pongTimeoutMs?: number;
  /** Close codes after which retrying is pointless; default: 1008 (policy violation, e.g. a bad hello). */
  isFatalClose?: (code: number) => boolean;
  /** Reconnecting for longer than this counts as 'offline'; default 10 s. */
  offlineAfterMs?: number;
  /** Defaults to the page's window and document (none outside a browser); injectable for tests. */
  window?: WindowLike | null;
  document?: DocumentLike | null;
  /** The client's clock for `lostAt`; defaults to Date.now. */
  now?: () => number;
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
  private readonly options: Required<Omit<RealtimeClientOptions, 'WebSocket' | 'window' | 'document'>> & {
    WebSocket?: WebSocketConstructor;
  };
  private readonly window: WindowLike | null;
  private readonly document: DocumentLike | null;
  private socket: WebSocketLike | null = null;
  private url = '';
  private hello: Hello | null = null;
  private helloExtension: () => HelloExtension = () => ({});
  private retryCount = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  /** Armed while an answer is due (hello → ready, ping → anything); undefined otherwise. */
  private pongTimer: ReturnType<typeof setTimeout> | undefined;
  private offlineTimer: ReturnType<typeof setTimeout> | undefined;
  private current: RealtimeState = 'closed';
  private lost: number | null = null;
  private unlisten: (() => void) | null = null;

  constructor(options: RealtimeClientOptions = {}) {
    this.options = {
      policy: options.policy ?? createReconnectPolicy(),
      pingIntervalMs: options.pingIntervalMs ?? 20_000,
      pongTimeoutMs: options.pongTimeoutMs ?? 10_000,
      isFatalClose: options.isFatalClose ?? ((code) => code === 1008),
      offlineAfterMs: options.offlineAfterMs ?? 10_000,
      now: options.now ?? Date.now,
      ...(options.WebSocket ? { WebSocket: options.WebSocket } : {}),
    };
    this.window =
      options.window !== undefined ? options.window : typeof window === 'undefined' ? null : window;
    this.document =
      options.document !== undefined ? options.document : typeof document === 'undefined' ? null : document;
  }

  /** 'open' only once the server answered hello with ready, so sends are routed as this participant. */
  get state(): RealtimeState {
    return this.current;
  }

  /**
   * When the connection was lost (the client's clock, ms), while reconnecting or offline; null
   * otherwise. Counts from the first drop of an outage, not from the latest failed retry.
   */
  get lostAt(): number | null {
    return this.lost;
  }

  connect(url: string, hello: Hello): void {
    this.stop();
    this.url = url;
    this.hello = hello;
    this.retryCount = 0;
    this.lost = null;
    this.listen();
    this.setState('connecting');
    this.openSocket();
  }

  /**
   * Tries again now instead of waiting out the back-off (the browser is back online, the tab is in
   * front again, or someone pressed "try again"); while open it only checks the socket still answers.
   */
  retryNow(): void {
    if (this.current === 'closed') return;
    if (this.current === 'open') {
      this.probe();
      return;
    }
    clearTimeout(this.retryTimer);
    // An attempt still in flight may hang on a route that no longer exists: start a fresh one.
    const pending = this.socket;
    this.detach();
    pending?.close(1000, 'retry');
    // A failure right after this waits a little, not the long delay the outage had reached.
    this.retryCount = 1;
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
    this.finish();
  }

  private openSocket(): void {
    const Ctor = this.options.WebSocket ?? (globalThis.WebSocket as unknown as WebSocketConstructor);
    const socket = new Ctor(this.url);
    this.socket = socket;
    // A connect that hangs (a blackholed route) or a server that accepts but never answers hello is
    // as dead as a closed socket; without this deadline a browser may wait minutes for either.
    this.expectAnswer();
    socket.onopen = () => {
      if (this.hello) socket.send(JSON.stringify({ ...this.hello, ...this.helloExtension() }));
    };
    socket.onmessage = (event) => this.receive(event.data);
    socket.onerror = () => {}; // always followed by close, handled there
    socket.onclose = (event) => this.dropped(socket, event.code, event.reason);
  }

  private receive(data: unknown): void {
    // Any message proves the connection is alive.
    clearTimeout(this.pongTimer);
    this.pongTimer = undefined;
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
      this.lost = null;
      clearTimeout(this.offlineTimer);
      this.startPing();
      this.setState('open');
    }
    this.messages.emit(message.type, message as never);
  }

  private dropped(socket: WebSocketLike, code: number, reason?: string): void {
    if (socket !== this.socket) return; // a socket we already gave up on
    this.detach();
    if (this.options.isFatalClose(code)) {
      this.finish();
      return;
    }
    if (this.lost === null) {
      this.lost = this.options.now();
      this.offlineTimer = setTimeout(() => this.setState('offline'), this.options.offlineAfterMs);
    }
    // Refused for too many hellos from this address: wait at least as long as the server asks.
    const delay = Math.max(
      this.options.policy.nextRetryDelayMs(this.retryCount),
      (retryAfterOfClose(code, reason) ?? 0) * 1000,
    );
    this.retryCount += 1;
    // Once offline, stay offline until the socket is open again: no flicker between the two.
    this.setState(this.current === 'offline' || this.browserOffline() ? 'offline' : 'reconnecting');
    this.retryTimer = setTimeout(() => this.openSocket(), delay);
  }

  private startPing(): void {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.probe(), this.options.pingIntervalMs);
  }

  /** Pings, and counts the socket as dead unless something arrives within pongTimeoutMs. */
  private probe(): void {
    if (this.send({ type: 'ping' })) this.expectAnswer();
  }

  /** Arms the answer deadline unless one is already running (a later ping must not extend it). */
  private expectAnswer(): void {
    if (this.pongTimer !== undefined) return;
    this.pongTimer = setTimeout(() => this.timedOut(), this.options.pongTimeoutMs);
  }

  private browserOffline(): boolean {
    return this.window?.navigator?.onLine === false;
  }

  /** Online, offline and visibility changes, for as long as the client is connected. */
  private listen(): void {
    if (this.unlisten) return;
    const win = this.window;
    const doc = this.document;
    const online = () => this.retryNow();
    const offline = () => {
      if (this.current === 'reconnecting') this.setState('offline');
      // An open socket may have died with the network: make sure, without waiting for the next ping.
      else if (this.current === 'open') this.probe();
    };
    const visible = () => {
      // Browsers throttle timers in background tabs; coming back must not wait out a long back-off.
      if (doc?.visibilityState === 'visible') this.retryNow();
    };
    win?.addEventListener('online', online);
    win?.addEventListener('offline', offline);
    doc?.addEventListener('visibilitychange', visible);
    this.unlisten = () => {
      win?.removeEventListener('online', online);
      win?.removeEventListener('offline', offline);
      doc?.removeEventListener('visibilitychange', visible);
    };
  }

  /** Ends for good: no more retries, listeners removed. */
  private finish(): void {
    clearTimeout(this.offlineTimer);
    this.unlisten?.();
    this.unlisten = null;
    this.lost = null;
    this.setState('closed');
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
    this.pongTimer = undefined;
    const socket = this.socket;
    this.socket = null;
    if (!socket) return;
    socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
  }

  private stop(): void {
    clearTimeout(this.retryTimer);
    clearTimeout(this.offlineTimer);
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
