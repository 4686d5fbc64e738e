import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerMessage } from '../../shared/realtime';
import {
  type DocumentLike,
  RealtimeClient,
  type RealtimeState,
  realtimeUrl,
  type WebSocketLike,
  type WindowLike,
} from './realtime-client';
import { createReconnectPolicy } from './reconnect-policy';

class FakeSocket implements WebSocketLike {
  static all: FakeSocket[] = [];
  onopen: WebSocketLike['onopen'] = null;
  onmessage: WebSocketLike['onmessage'] = null;
  onclose: WebSocketLike['onclose'] = null;
  onerror: WebSocketLike['onerror'] = null;
  sent: unknown[] = [];
  closed: number | undefined;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close(code = 1000) {
    this.closed = code;
  }
  // What the server side does:
  open() {
    this.onopen?.({});
  }
  push(message: ServerMessage | string) {
    this.onmessage?.({ data: typeof message === 'string' ? message : JSON.stringify(message) });
  }
  drop(code = 1006, reason?: string) {
    this.onclose?.({ code, ...(reason ? { reason } : {}) });
  }
}

const last = () => FakeSocket.all.at(-1)!;
const hello = { type: 'hello', as: 'staff' } as const;
const CONSULTATION = '7d3f5c1e-8a2b-4c6d-9e0f-1a2b3c4d5e6f';

/** A browser window and document whose online and visibility events the test fires. */
class FakeBrowser {
  readonly window: WindowLike & { navigator: { onLine: boolean } };
  readonly document: DocumentLike & { visibilityState: string };
  private readonly windowEvents = new EventTarget();
  private readonly documentEvents = new EventTarget();
  constructor() {
    const { windowEvents, documentEvents } = this;
    this.window = {
      navigator: { onLine: true },
      addEventListener: (type, listener) => windowEvents.addEventListener(type, listener),
      removeEventListener: (type, listener) => windowEvents.removeEventListener(type, listener),
    };
    this.document = {
      visibilityState: 'visible',
      addEventListener: (type, listener) => documentEvents.addEventListener(type, listener),
      removeEventListener: (type, listener) => documentEvents.removeEventListener(type, listener),
    };
  }
  goOffline() {
    this.window.navigator.onLine = false;
    this.windowEvents.dispatchEvent(new Event('offline'));
  }
  goOnline() {
    this.window.navigator.onLine = true;
    this.windowEvents.dispatchEvent(new Event('online'));
  }
  setVisible(visible: boolean) {
    this.document.visibilityState = visible ? 'visible' : 'hidden';
    this.documentEvents.dispatchEvent(new Event('visibilitychange'));
  }
}

/** The client's clock: starts at 1 000 000 ms and moves with the fake timers. */
const START = 1_000_000;

function setup() {
  const browser = new FakeBrowser();
  const startedAt = Date.now();
  const client = new RealtimeClient({
    WebSocket: FakeSocket,
    policy: createReconnectPolicy({ random: () => 0.5 }),
    window: browser.window,
    document: browser.document,
    now: () => START + (Date.now() - startedAt),
  });
  const states: RealtimeState[] = [];
  client.onStateChange((state) => states.push(state));
  client.connect('ws://localhost/api/ws', hello);
  return { client, states, browser };
}

/** Lets fake time pass until the client opens its next socket; returns how long that took (ms). */
function nextAttempt(): number {
  const before = FakeSocket.all.length;
  let waited = 0;
  while (FakeSocket.all.length === before) {
    if (waited > 60_000) throw new Error('no new attempt within a minute');
    vi.advanceTimersByTime(100);
    waited += 100;
  }
  return waited;
}

/** The current attempt fails and the client makes the next one, `count` times over. */
function failAttempts(count: number) {
  for (let i = 0; i < count; i++) {
    last().drop();
    nextAttempt();
  }
}

function openReady(socket = last()) {
  socket.open();
  socket.push({ type: 'ready', as: 'staff' });
}

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('RealtimeClient', () => {
  it('builds the same-origin URL by page protocol', () => {
    expect(realtimeUrl({ protocol: 'https:', host: 'amt.example:8443' })).toBe(
      'wss://amt.example:8443/api/ws',
    );
    expect(realtimeUrl({ protocol: 'http:', host: 'localhost' })).toBe('ws://localhost/api/ws');
  });

  it('sends hello on open and is open only after ready', () => {
    const { client, states } = setup();
    expect(client.state).toBe('connecting');
    last().open();
    expect(last().sent).toEqual([hello]);
    expect(client.state).toBe('connecting');
    last().push({ type: 'ready', as: 'staff' });
    expect(client.state).toBe('open');
    expect(states).toEqual(['connecting', 'open']);
  });

  it('delivers typed messages per type and ignores invalid ones', () => {
    const { client } = setup();
    const ended = vi.fn();
    const off = client.on('call.ended', (message) => ended(message.consultationId));
    openReady();
    last().push({ type: 'call.ended', consultationId: CONSULTATION });
    last().push('not json');
    last().push(JSON.stringify({ type: 'call.ended', consultationId: 'not-a-uuid' }));
    last().push(JSON.stringify({ type: 'something.new' }));
    off();
    last().push({ type: 'call.ended', consultationId: CONSULTATION });
    expect(ended.mock.calls).toEqual([[CONSULTATION]]);
  });

  it('drops sends while not open instead of queueing them', () => {
    const { client } = setup();
    expect(client.send({ type: 'ping' })).toBe(false);
    openReady();
    expect(client.send({ type: 'ping' })).toBe(true);
    expect(last().sent).toEqual([hello, { type: 'ping' }]);
  });

  it('reconnects with back-off and says hello again', () => {
    const { client, states } = setup();
    openReady();
    last().drop();
    expect(client.state).toBe('reconnecting');
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(0);
    expect(FakeSocket.all).toHaveLength(2);
    last().drop(); // second attempt fails: next one after 1 s
    vi.advanceTimersByTime(999);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    openReady();
    expect(last().sent).toEqual([hello]);
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open']);
    // A successful reconnect resets the back-off: the next drop retries at once again.
    last().drop();
    vi.advanceTimersByTime(0);
    expect(FakeSocket.all).toHaveLength(4);
  });

  it('never gives up: still retrying after 100 failed attempts, at most every 15 s', () => {
    const { client } = setup();
    openReady();
    for (let drop = 0; drop < 100; drop++) {
      last().drop();
      expect(client.state).not.toBe('closed');
      expect(nextAttempt()).toBeLessThanOrEqual(15_000);
    }
    expect(FakeSocket.all).toHaveLength(101);
    openReady();
    expect(client.state).toBe('open');
  });

  it('caps the delay: after many failures the next attempt comes 15 s later, not sooner', () => {
    setup();
    failAttempts(20);
    const before = FakeSocket.all.length;
    last().drop();
    vi.advanceTimersByTime(14_999);
    expect(FakeSocket.all).toHaveLength(before);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(before + 1);
  });

  it('waits as long as a rate-limited close (4029) asks before it tries again', () => {
    const { client } = setup();
    openReady();
    last().drop(4029, 'retry-after=42');
    expect(client.state).toBe('reconnecting');
    vi.advanceTimersByTime(41_999);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('ends in closed on a fatal close code (1008), without listening any more', () => {
    const { client, browser } = setup();
    last().drop(1008);
    expect(client.state).toBe('closed');
    browser.goOnline();
    browser.setVisible(true);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('goes offline after 10 s without a connection, and back to open when a retry succeeds', () => {
    const { client, states } = setup();
    openReady();
    vi.advanceTimersByTime(5000);
    last().drop();
    expect(client.state).toBe('reconnecting');
    expect(client.lostAt).toBe(START + 5000);
    vi.advanceTimersByTime(0);
    failAttempts(3); // retries after 0, 1 s, 2 s and 4 s: 7 s since the drop
    expect(client.state).toBe('reconnecting');
    vi.advanceTimersByTime(2999);
    expect(client.state).toBe('reconnecting');
    vi.advanceTimersByTime(1); // 10 s after the drop
    expect(client.state).toBe('offline');
    // The outage is dated from its first drop, not from the latest failed retry.
    expect(client.lostAt).toBe(START + 5000);
    failAttempts(2);
    expect(client.state).toBe('offline');
    openReady();
    expect(client.state).toBe('open');
    expect(client.lostAt).toBeNull();
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'offline', 'open']);
  });

  it('is offline at once when the browser says it has no network', () => {
    const { client, browser } = setup();
    openReady();
    browser.goOffline();
    expect(client.state).toBe('open'); // the socket may still work: only a ping will tell
    last().drop();
    expect(client.state).toBe('offline');

    const second = setup();
    openReady();
    last().drop();
    expect(second.client.state).toBe('reconnecting');
    second.browser.goOffline();
    expect(second.client.state).toBe('offline');
  });

  it('retries at once when the browser comes back online, cancelling the pending back-off', () => {
    const { client, browser } = setup();
    openReady();
    failAttempts(8);
    last().drop(); // the next attempt is 15 s away
    browser.goOffline();
    const before = FakeSocket.all.length;
    browser.goOnline();
    expect(FakeSocket.all).toHaveLength(before + 1);
    openReady();
    expect(client.state).toBe('open');
    // The cancelled timer (due within 15 s) does not open a second socket later.
    vi.advanceTimersByTime(15_000);
    expect(FakeSocket.all).toHaveLength(before + 1);
  });

  it('abandons an attempt that hangs when the browser comes back online', () => {
    const { client, browser } = setup();
    openReady();
    last().drop();
    vi.advanceTimersByTime(0);
    const hanging = last(); // no open, no close: a blackholed route
    browser.goOnline();
    expect(hanging.closed).toBe(1000);
    expect(FakeSocket.all).toHaveLength(3);
    hanging.drop(); // its late close event changes nothing
    openReady();
    expect(client.state).toBe('open');
  });

  it('gives up on a connect that never opens after 10 s and tries again', () => {
    const { client } = setup();
    openReady();
    last().drop();
    vi.advanceTimersByTime(0);
    const hanging = last();
    vi.advanceTimersByTime(10_000);
    expect(hanging.closed).toBe(4000);
    expect(client.state).toBe('offline');
    vi.advanceTimersByTime(1000);
    expect(FakeSocket.all).toHaveLength(3);
  });

  it('retries at once when the tab becomes visible again, not when it is hidden', () => {
    const { browser } = setup();
    openReady();
    failAttempts(8);
    last().drop();
    const before = FakeSocket.all.length;
    browser.setVisible(false);
    expect(FakeSocket.all).toHaveLength(before);
    browser.setVisible(true);
    expect(FakeSocket.all).toHaveLength(before + 1);
  });

  it('checks an open socket with a ping when the tab becomes visible, and drops it without an answer', () => {
    const { client, browser } = setup();
    openReady();
    const socket = last();
    browser.setVisible(true);
    expect(socket.sent.at(-1)).toEqual({ type: 'ping' });
    vi.advanceTimersByTime(10_000);
    expect(client.state).toBe('reconnecting');
    expect(socket.closed).toBe(4000);
  });

  it('retryNow (the "try again" button) connects at once while offline', () => {
    const { client } = setup();
    last().drop();
    vi.advanceTimersByTime(0);
    last().drop();
    const before = FakeSocket.all.length;
    client.retryNow();
    expect(FakeSocket.all).toHaveLength(before + 1);
    openReady();
    expect(client.state).toBe('open');
  });

  it('pings every 20 s and reconnects when no answer comes', () => {
    const { client } = setup();
    openReady();
    const socket = last();
    vi.advanceTimersByTime(20_000);
    expect(socket.sent.at(-1)).toEqual({ type: 'ping' });
    socket.push({ type: 'pong' });
    vi.advanceTimersByTime(20_000 + 10_000);
    expect(client.state).toBe('reconnecting');
    expect(socket.closed).toBe(4000);
    socket.drop(); // the late close event of the dead socket changes nothing
    vi.advanceTimersByTime(1); // a zero delay scheduled inside a timer runs one tick later
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('close() stops for good, also when the browser comes back online', () => {
    const { client, browser } = setup();
    openReady();
    const socket = last();
    client.close();
    expect(client.state).toBe('closed');
    expect(socket.closed).toBe(1000);
    browser.goOnline();
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });
});
