import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SignalData } from '../../shared/realtime';
import { FakeMediaStream, FakeRTCPeerConnection, FakeTrack } from './fake-webrtc';
import { PeerConnection } from './peer-connection';

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const candidate = { candidate: { candidate: 'candidate:1 1 udp 1 10.0.0.1 5000 typ host', sdpMid: '0' } };

function create(polite: boolean, sendSignal: (data: SignalData) => void = () => {}) {
  const signals: SignalData[] = [];
  const connection = new PeerConnection({
    iceServers: [{ urls: ['stun:stun.example'] }],
    polite,
    sendSignal: (data) => {
      signals.push(data);
      sendSignal(data);
    },
    RTCPeerConnection: FakeRTCPeerConnection as unknown as typeof RTCPeerConnection,
    createMediaStream: () => new FakeMediaStream() as unknown as MediaStream,
  });
  const fake = connection.pc as unknown as FakeRTCPeerConnection;
  const errors: unknown[] = [];
  connection.on('error', (error) => errors.push(error));
  return { connection, fake, signals, errors };
}

/** Puts the side into have-local-offer, as if it had just started negotiating. */
async function startOffering(connection: PeerConnection) {
  await connection.addLocalStream(new FakeMediaStream([new FakeTrack('audio')]) as unknown as MediaStream);
  await settle();
}

afterEach(() => vi.useRealTimers());

describe('PeerConnection perfect negotiation', () => {
  it('passes config through and sends its offer when a track is added', async () => {
    const { connection, fake, signals } = create(false);
    expect(fake.config.iceTransportPolicy).toBe('all');
    await startOffering(connection);
    expect(fake.signalingState).toBe('have-local-offer');
    expect(signals).toEqual([{ description: { type: 'offer', sdp: expect.stringMatching(/^offer-/) } }]);
  });

  it('impolite side ignores a colliding offer', async () => {
    const { connection, fake, signals, errors } = create(false);
    await startOffering(connection);
    await connection.handleSignal({ description: { type: 'offer', sdp: 'their-offer' } });
    expect(fake.remoteDescription).toBeNull();
    expect(fake.signalingState).toBe('have-local-offer');
    expect(signals).toHaveLength(1); // only its own offer, no answer
    expect(errors).toEqual([]);
  });

  it('swallows candidates that belong to an ignored offer', async () => {
    const { connection, fake, errors } = create(false);
    await startOffering(connection);
    await connection.handleSignal({ description: { type: 'offer', sdp: 'their-offer' } });
    await expect(connection.handleSignal(candidate)).resolves.toBeUndefined();
    expect(fake.addedCandidates).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('reports a failing candidate when no offer was ignored', async () => {
    const { connection, errors } = create(true);
    await connection.handleSignal(candidate);
    expect(errors).toHaveLength(1);
  });

  it('polite side rolls back its own offer and answers the colliding one', async () => {
    const { connection, fake, signals } = create(true);
    await startOffering(connection);
    await connection.handleSignal({ description: { type: 'offer', sdp: 'their-offer' } });
    expect(fake.rollbacks).toBe(1);
    expect(fake.signalingState).toBe('stable');
    expect(signals.at(-1)).toEqual({ description: { type: 'answer', sdp: 'answer-to-their-offer' } });
  });

  it('two sides offering at once end up stable (glare resolved)', async () => {
    let polite: PeerConnection | undefined;
    let impolite: PeerConnection | undefined;
    const a = create(true, (data) => setTimeout(() => impolite?.handleSignal(data), 1));
    const b = create(false, (data) => setTimeout(() => polite?.handleSignal(data), 1));
    polite = a.connection;
    impolite = b.connection;
    await Promise.all([startOffering(polite), startOffering(impolite)]);
    await settle();
    expect([a.fake.signalingState, b.fake.signalingState]).toEqual(['stable', 'stable']);
    expect(a.fake.rollbacks).toBe(1);
    expect(b.fake.rollbacks).toBe(0);
    expect([...a.errors, ...b.errors]).toEqual([]);
  });
});

describe('PeerConnection media', () => {
  it('replaces the track of an existing sender instead of adding one', async () => {
    const { connection, fake } = create(false);
    const camera = new FakeTrack('video');
    const screen = new FakeTrack('video');
    await connection.addLocalStream(new FakeMediaStream([camera]) as unknown as MediaStream);
    await connection.replaceTrack(screen as unknown as MediaStreamTrack);
    expect(fake.senders).toHaveLength(1);
    expect(fake.senders[0]?.track).toBe(screen);
  });

  it('collects remote tracks in remoteStream and announces them once', () => {
    const { connection, fake } = create(false);
    const arrived = vi.fn();
    connection.on('remotetrack', arrived);
    const track = new FakeTrack('video');
    fake.ontrack?.({ track });
    fake.ontrack?.({ track });
    expect(connection.remoteStream.getTracks()).toEqual([track]);
    expect(arrived).toHaveBeenCalledTimes(1);
  });
});

describe('PeerConnection ICE recovery', () => {
  it("restarts ICE at once on 'failed' and sends an ICE-restart offer", async () => {
    const { connection, fake, signals } = create(false);
    const states: string[] = [];
    connection.on('state', (state) => states.push(state));
    fake.setIceState('connected', 'connected');
    fake.setIceState('failed', 'failed');
    expect(fake.restartIceCalls).toBe(1);
    expect(connection.iceRestarts).toBe(1);
    await settle();
    expect(signals.at(-1)).toEqual({
      description: { type: 'offer', sdp: expect.stringMatching(/ice-restart$/) },
    });
    expect(states).toEqual(['connecting', 'connected', 'reconnecting']);
  });

  it("restarts after 'disconnected' lasts 3 s, not when it recovers sooner", () => {
    vi.useFakeTimers();
    const { fake } = create(false);
    fake.setIceState('connected', 'connected');
    fake.setIceState('disconnected');
    vi.advanceTimersByTime(2000);
    fake.setIceState('connected');
    vi.advanceTimersByTime(5000);
    expect(fake.restartIceCalls).toBe(0);
    fake.setIceState('disconnected');
    vi.advanceTimersByTime(3000);
    expect(fake.restartIceCalls).toBe(1);
  });

  it("reports 'failed' once automatic restarts are used up; restartIce() still works", () => {
    const { connection, fake } = create(false);
    for (let i = 0; i < 6; i++) fake.setIceState('failed', 'failed');
    expect(fake.restartIceCalls).toBe(5);
    expect(connection.state).toBe('failed');
    connection.restartIce();
    expect(connection.iceRestarts).toBe(6);
  });

  it('re-offers when restarting with an offer still unanswered', async () => {
    const { connection, signals } = create(false);
    await startOffering(connection);
    connection.restartIce();
    await settle();
    expect(signals).toHaveLength(2);
    expect(signals[1]).toEqual({
      description: { type: 'offer', sdp: expect.stringMatching(/ice-restart$/) },
    });
  });

  it('close() closes the pc and stops reacting', () => {
    const { connection, fake } = create(false);
    connection.close();
    expect(fake.closed).toBe(true);
    expect(connection.state).toBe('closed');
    connection.restartIce();
    expect(fake.restartIceCalls).toBe(0);
  });
});
