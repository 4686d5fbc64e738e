import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type SocketServerLike, watchLiveness } from './liveness';

/** A socket whose other side answers pings only while `answers` is true. */
class FakeSocket extends EventEmitter {
  answers = true;
  pings = 0;
  terminated = false;
  ping() {
    this.pings += 1;
    if (this.answers) this.emit('pong');
  }
  terminate() {
    this.terminated = true;
  }
}

function fakeServer() {
  const emitter = new EventEmitter();
  const clients = new Set<FakeSocket>();
  const server = {
    clients,
    on: (event: 'connection', listener: (socket: FakeSocket) => void) => emitter.on(event, listener),
    off: (event: 'connection', listener: (socket: FakeSocket) => void) => emitter.off(event, listener),
  };
  const connect = () => {
    const socket = new FakeSocket();
    clients.add(socket);
    emitter.emit('connection', socket);
    return socket;
  };
  return { server: server as unknown as SocketServerLike, connect };
}

describe('socket liveness', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ends a socket that stopped answering pings, and only that one', () => {
    vi.useFakeTimers();
    const { server, connect } = fakeServer();
    const stop = watchLiveness(server, 1000);
    const healthy = connect();
    const silent = connect();
    vi.advanceTimersByTime(1000); // both pinged
    silent.answers = false;
    vi.advanceTimersByTime(1000); // both answered the first ping: pinged again
    expect([healthy.terminated, silent.terminated]).toEqual([false, false]);
    vi.advanceTimersByTime(1000); // the silent one missed its ping
    expect([healthy.terminated, silent.terminated]).toEqual([false, true]);
    expect(healthy.pings).toBe(3);
    stop();
    vi.advanceTimersByTime(5000);
    expect(healthy.pings).toBe(3);
  });

  it('gives a socket that just connected a full round before judging it', () => {
    vi.useFakeTimers();
    const { server, connect } = fakeServer();
    const stop = watchLiveness(server, 1000);
    vi.advanceTimersByTime(900);
    const late = connect();
    late.answers = false;
    vi.advanceTimersByTime(100); // first round: pinged, not judged
    expect(late.terminated).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(late.terminated).toBe(true);
    stop();
  });
});
