import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerMessage } from '../../shared/realtime';
import { RealtimeClient, type RealtimeState, realtimeUrl, type WebSocketLike } from './realtime-client';
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
  drop(code = 1006) {
    this.onclose?.({ code });
  }
}

const last = () => FakeSocket.all.at(-1)!;
const hello = { type: 'hello', as: 'staff' } as const;
const CONSULTATION = '7d3f5c1e-8a2b-4c6d-9e0f-1a2b3c4d5e6f';

function setup(options: { maxRetries?: number } = {}) {
  const client = new RealtimeClient({
    WebSocket: FakeSocket,
    policy: createReconnectPolicy({ random: () => 0.5, maxRetries: options.maxRetries ?? 10 }),
  });
  const states: RealtimeState[] = [];
  client.onStateChange((state) => states.push(state));
  client.connect('ws://localhost/api/ws', hello);
  return { client, states };
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
    last().drop(); // second attempt fails: next one after 3 s
    vi.advanceTimersByTime(2999);
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

  it('gives up after the policy says so, and on a fatal close code', () => {
    const { client } = setup({ maxRetries: 1 });
    last().drop();
    vi.advanceTimersByTime(0);
    last().drop();
    expect(client.state).toBe('closed');

    const second = setup();
    last().drop(1008);
    expect(second.client.state).toBe('closed');
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

  it('close() stops for good', () => {
    const { client } = setup();
    openReady();
    const socket = last();
    client.close();
    expect(client.state).toBe('closed');
    expect(socket.closed).toBe(1000);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });
});
