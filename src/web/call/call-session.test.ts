import { afterEach, describe, expect, it } from 'vitest';
import type { CallStart, ClientMessage, ServerMessage } from '../../shared/realtime';
import { CallSession, type SignalingClient } from './call-session';
import { Emitter } from './emitter';
import { FakeMediaStream, FakeRTCPeerConnection, FakeTrack } from './fake-webrtc';
import { PeerConnection } from './peer-connection';
import type { HelloExtension, RealtimeState, ServerMessageOf, ServerMessageType } from './realtime-client';

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const C1 = '11111111-1111-4111-8111-111111111111';
const C2 = '22222222-2222-4222-8222-222222222222';
const AGENT = 'agent:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const CITIZEN = 'citizen:cccccccc-cccc-4ccc-8ccc-cccccccccccc';

class FakeClient implements SignalingClient {
  sent: ClientMessage[] = [];
  private readonly messages = new Emitter<{ [T in ServerMessageType]: ServerMessageOf<T> }>();
  private readonly states = new Emitter<{ state: [RealtimeState, RealtimeState] }>();
  on<T extends ServerMessageType>(type: T, handler: (message: ServerMessageOf<T>) => void) {
    return this.messages.on(type, handler);
  }
  onStateChange(handler: (state: RealtimeState, previous: RealtimeState) => void) {
    return this.states.on('state', ([state, previous]) => handler(state, previous));
  }
  send(message: ClientMessage) {
    this.sent.push(message);
    return true;
  }
  push(message: ServerMessage) {
    this.messages.emit(message.type, message as never);
  }
  helloExtension?: () => HelloExtension;
  setHelloExtension(extension: () => HelloExtension) {
    this.helloExtension = extension;
  }
  setState(state: RealtimeState, previous: RealtimeState) {
    this.states.emit('state', [state, previous]);
  }
}

const start = (consultationId = C1, renew = true): CallStart => ({
  type: 'call.start',
  consultationId,
  self: AGENT,
  peer: CITIZEN,
  polite: false,
  renew,
  iceServers: [{ urls: ['turn:127.0.0.1:3478'], username: 'u', credential: 'p' }],
});
/** The citizen's view of the same call: the polite side. */
const citizenStart = (): CallStart => ({ ...start(), self: CITIZEN, peer: AGENT, polite: true });

function setup(options: { iceTransportPolicy?: 'relay'; withStream?: boolean } = {}) {
  const client = new FakeClient();
  const mic = new FakeTrack('audio');
  const session = new CallSession({
    client,
    localStream: options.withStream ? (new FakeMediaStream([mic]) as unknown as MediaStream) : null,
    ...(options.iceTransportPolicy ? { iceTransportPolicy: options.iceTransportPolicy } : {}),
    createPeerConnection: (pcOptions) =>
      new PeerConnection({
        ...pcOptions,
        RTCPeerConnection: FakeRTCPeerConnection as unknown as typeof RTCPeerConnection,
        createMediaStream: () => new FakeMediaStream() as unknown as MediaStream,
      }),
  });
  const fake = () => session.pc as unknown as FakeRTCPeerConnection;
  return { client, session, fake, mic };
}

afterEach(() => {
  delete (globalThis as { __amtsraumCalls?: unknown }).__amtsraumCalls;
});

describe('CallSession', () => {
  it('opens a peer connection on call.start and sends its one offer, carrying its stream, to the peer', async () => {
    const { client, session, fake, mic } = setup({ iceTransportPolicy: 'relay', withStream: true });
    expect(session.state).toBe('idle');
    client.push(start());
    expect(fake().config).toEqual({ iceServers: start().iceServers, iceTransportPolicy: 'relay' });
    await settle();
    expect(client.sent).toEqual([
      {
        type: 'signal',
        consultationId: C1,
        to: CITIZEN,
        data: {
          description: {
            type: 'offer',
            sdp: expect.stringMatching(new RegExp(` m=audio:${mic.id} m=video:-$`)),
          },
        },
      },
    ]);
  });

  it('as the polite side waits for the offer and answers it with its stream', async () => {
    const { client, mic } = setup({ withStream: true });
    client.push(citizenStart());
    await settle();
    expect(client.sent).toEqual([]);
    const offer = { description: { type: 'offer' as const, sdp: 'offer-a m=audio:- m=video:-' } };
    client.push({ type: 'signal', consultationId: C1, from: AGENT, data: offer });
    await settle();
    expect(client.sent).toEqual([
      {
        type: 'signal',
        consultationId: C1,
        to: AGENT,
        data: { description: { type: 'answer', sdp: `answer-to-offer-a m=audio:${mic.id} m=video:-` } },
      },
    ]);
  });

  it('routes only signals of its consultation from its peer', async () => {
    const { client, fake } = setup();
    client.push(start());
    await settle(); // its offer is out
    const answer = { description: { type: 'answer' as const, sdp: 'x' } };
    client.push({ type: 'signal', consultationId: C2, from: CITIZEN, data: answer });
    client.push({ type: 'signal', consultationId: C1, from: AGENT, data: answer });
    await settle();
    expect(fake().remoteDescription).toBeNull();
    client.push({ type: 'signal', consultationId: C1, from: CITIZEN, data: answer });
    await settle();
    expect(fake().remoteDescription).toEqual(answer.description);
    expect(fake().signalingState).toBe('stable');
  });

  it('announces the remote stream', () => {
    const { client, session, fake } = setup();
    const streams: MediaStream[] = [];
    session.on('remotestream', (stream) => streams.push(stream));
    client.push(start());
    fake().ontrack?.({ track: new FakeTrack('video') });
    expect(streams).toHaveLength(1);
    expect(streams[0]?.getTracks()).toHaveLength(1);
  });

  it('closes on call.ended of its consultation only', () => {
    const { client, session, fake } = setup();
    const ended: string[] = [];
    session.on('ended', (e) => ended.push(e.consultationId));
    client.push(start());
    const pc = fake();
    client.push({ type: 'call.ended', consultationId: C2 });
    expect(pc.closed).toBe(false);
    client.push({ type: 'call.ended', consultationId: C1 });
    expect(pc.closed).toBe(true);
    expect(session.state).toBe('ended');
    expect(ended).toEqual([C1]);
  });

  it('keeps the connection when the server repeats call.start after a reconnect, mending ICE only if needed', () => {
    const { client, fake } = setup();
    client.push(start());
    const first = fake();
    client.push(start(C1, false));
    expect(fake()).toBe(first);
    expect(first.restartIceCalls).toBe(1);
    first.setIceState('connected', 'connected');
    client.push(start(C1, false));
    expect(first.restartIceCalls).toBe(1); // media survived the socket drop: leave it alone
  });

  it('builds a new connection when told to renew (the other side reloaded) or for a new consultation', () => {
    const { client, session, fake } = setup();
    const states: string[] = [];
    session.on('state', (s) => states.push(s));
    client.push(start());
    const first = fake();
    client.push(start(C1, true));
    expect(first.closed).toBe(true);
    expect(fake()).not.toBe(first);
    expect(states).not.toContain('ended');
    const second = fake();
    client.push(start(C2));
    expect(second.closed).toBe(true);
    expect(session.consultationId).toBe(C2);
  });

  it('tells the server on reconnect which call it still holds, once a first exchange completed', async () => {
    const { client } = setup();
    expect(client.helloExtension?.()).toEqual({});
    client.push(citizenStart());
    await settle();
    // The first offer may have been lost with the socket: ask for a fresh start of both sides instead.
    expect(client.helloExtension?.()).toEqual({});
    const offer = { description: { type: 'offer' as const, sdp: 'offer-a m=audio:- m=video:-' } };
    client.push({ type: 'signal', consultationId: C1, from: AGENT, data: offer });
    await settle();
    expect(client.helloExtension?.()).toEqual({ activeConsultationId: C1 });
    client.push({ type: 'call.ended', consultationId: C1 });
    expect(client.helloExtension?.()).toEqual({});
  });

  it('registers in globalThis.__amtsraumCalls only when a test created it', () => {
    expect(setup().session).toBeDefined();
    expect((globalThis as { __amtsraumCalls?: unknown }).__amtsraumCalls).toBeUndefined();
    const calls = new Set<CallSession>();
    (globalThis as { __amtsraumCalls?: Set<CallSession> }).__amtsraumCalls = calls;
    const { session } = setup();
    expect(calls.has(session)).toBe(true);
    session.dispose();
    expect(calls.size).toBe(0);
  });
});
