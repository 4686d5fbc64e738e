import { afterEach, describe, expect, it } from 'vitest';
import type { CallStart, ClientMessage, ServerMessage } from '../../shared/realtime';
import { CallSession, combinedState, meshVideoLimits, type SignalingClient } from './call-session';
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
  peers: [{ id: CITIZEN, polite: false, label: null }],
  renew,
  iceServers: [{ urls: ['turn:127.0.0.1:3478'], username: 'u', credential: 'p' }],
  citizenAwaySince: null,
});
/** The citizen's view of the same call: the polite side. */
const citizenStart = (): CallStart => ({
  ...start(),
  self: CITIZEN,
  peer: AGENT,
  polite: true,
  peers: [{ id: AGENT, polite: true, label: null }],
});

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
        data: {
          description: { type: 'answer', sdp: `answer-to-offer-a m=audio:${mic.id} m=video:-:recvonly` },
        },
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

  it('announces the remote stream with the peer it comes from', () => {
    const { client, session, fake } = setup();
    const streams: { peer: string; stream: MediaStream }[] = [];
    session.on('remotestream', (remote) => streams.push(remote));
    client.push(start());
    fake().ontrack?.({ track: new FakeTrack('video'), transceiver: fake().transceivers[1] });
    expect(streams).toHaveLength(1);
    expect(streams[0]?.peer).toBe(CITIZEN);
    expect(streams[0]?.stream.getTracks()).toHaveLength(1);
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

  it('re-sends its unanswered offer when the peer comes back, and mends ICE with fresh credentials on its own return', async () => {
    const { client, fake } = setup();
    client.push(start());
    await settle();
    const offers = () => client.sent.filter((m) => m.type === 'signal' && 'description' in m.data);
    expect(offers()).toHaveLength(1);
    client.push({ type: 'call.peer-reconnected', consultationId: C1, peer: CITIZEN });
    await settle();
    expect(offers()).toHaveLength(2);
    expect(offers()[1]).toEqual(offers()[0]);
    const fresh = [{ urls: ['turn:127.0.0.1:3478'], username: 'fresh', credential: 'new' }];
    client.push({ ...start(C1, false), iceServers: fresh });
    expect(fake().config.iceServers).toEqual(fresh);
  });

  it("says when the citizen's page is closed, from call.start and from later notices of this call only", () => {
    const { client, session } = setup();
    const seen: (string | null)[] = [];
    session.on('citizenaway', (since) => seen.push(since));
    client.push({ ...start(), citizenAwaySince: '2026-11-25T09:01:00.000Z' });
    expect(session.citizenAwaySince).toBe('2026-11-25T09:01:00.000Z');
    client.push({ type: 'call.peer-presence', consultationId: C2, peer: CITIZEN, awaySince: null });
    expect(session.citizenAwaySince).toBe('2026-11-25T09:01:00.000Z');
    client.push({ type: 'call.peer-presence', consultationId: C1, peer: CITIZEN, awaySince: null });
    client.push({ type: 'call.peer-presence', consultationId: C1, peer: CITIZEN, awaySince: null });
    client.push({
      type: 'call.peer-presence',
      consultationId: C1,
      peer: CITIZEN,
      awaySince: '2026-11-25T09:05:00.000Z',
    });
    expect(seen).toEqual(['2026-11-25T09:01:00.000Z', null, '2026-11-25T09:05:00.000Z']);
    // A socket that came back gets the call.start of now: the page is open again.
    client.push(start(C1, false));
    expect(session.citizenAwaySince).toBeNull();
  });

  it('stops taking part when another tab takes the call over, says so, and takes it back on request', () => {
    const { client, session, fake } = setup();
    const events: string[] = [];
    session.on('takenover', () => events.push('takenover'));
    session.on('ended', () => events.push('ended'));
    client.push(start());
    const pc = fake();
    client.push({ type: 'call.taken-over', consultationId: C2 });
    expect(pc.closed).toBe(false); // another call's notice changes nothing
    client.push({ type: 'call.taken-over', consultationId: C1 });
    expect(pc.closed).toBe(true);
    expect(events).toEqual(['ended', 'takenover']);
    // A reconnect of this tab does not take the call back; the button does.
    expect(client.helloExtension?.()).toEqual({ standby: true });
    expect(session.takeOver()).toBe(true);
    expect(client.sent.at(-1)).toEqual({ type: 'call.take-over' });
    expect(client.helloExtension?.()).toEqual({});
  });

  it('stays interrupted (since the first drop) while a connection is built afresh in the same call', () => {
    const { client, session, fake } = setup();
    client.push(start());
    fake().setIceState('connected', 'connected');
    expect([session.state, session.troubleSince]).toEqual(['connected', null]);
    fake().setIceState('failed', 'failed');
    const since = session.troubleSince;
    expect([session.state, since]).toEqual(['reconnecting', expect.any(Number)]);
    client.push(start(C1, true)); // escalated: fresh connections on both sides
    expect([session.state, session.troubleSince]).toEqual(['reconnecting', since]);
    fake().setIceState('connected', 'connected');
    expect([session.state, session.troubleSince]).toEqual(['connected', null]);
    client.push(start(C2));
    expect(session.state).toBe('new'); // a new consultation connects, it is not interrupted
  });

  it('asks the server for fresh connections when a connection is stuck', async () => {
    const client = new FakeClient();
    let connection: PeerConnection | undefined;
    new CallSession({
      client,
      createPeerConnection: (pcOptions) => {
        connection = new PeerConnection({
          ...pcOptions,
          RTCPeerConnection: FakeRTCPeerConnection as unknown as typeof RTCPeerConnection,
          createMediaStream: () => new FakeMediaStream() as unknown as MediaStream,
          recoveryDelaysMs: [1],
          escalateAfterRestarts: 2,
        });
        return connection;
      },
    });
    client.push(start());
    (connection!.pc as unknown as FakeRTCPeerConnection).setIceState('failed', 'failed');
    await settle();
    expect(client.sent).toContainEqual({ type: 'call.rejoin', consultationId: C1 });
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

const GUEST = 'guest:99999999-9999-4999-8999-999999999999';
const GUEST2 = 'guest:88888888-8888-4888-8888-888888888888';
const offerFrom = (sdp: string) => ({ description: { type: 'offer' as const, sdp } });
const answerTo = { description: { type: 'answer' as const, sdp: 'x' } };

/** The agent's start of a call with a citizen and a guest: impolite to both. */
const meshStart = (renew = true): CallStart => ({
  ...start(C1, renew),
  peers: [
    { id: CITIZEN, polite: false, label: null },
    { id: GUEST, polite: false, label: 'Dolmetscherin' },
  ],
});

describe('CallSession with several peers (mesh)', () => {
  const fakeOf = (session: CallSession, peer: string) =>
    session.connections.get(peer as never)?.pc as unknown as FakeRTCPeerConnection | undefined;
  const sentTo = (client: FakeClient) =>
    client.sent.flatMap((m) =>
      m.type === 'signal' && 'description' in m.data ? [`${m.to} ${m.data.description.type}`] : [],
    );

  it('opens one connection per peer with its own role, and routes each signal to its sender only', async () => {
    const { client, session } = setup();
    client.push(meshStart());
    await settle();
    expect(session.peers.map((p) => p.id)).toEqual([CITIZEN, GUEST]);
    // Impolite to both: one first offer each.
    expect(sentTo(client)).toEqual([`${CITIZEN} offer`, `${GUEST} offer`]);
    client.push({ type: 'signal', consultationId: C1, from: GUEST, data: answerTo });
    await settle();
    expect(fakeOf(session, GUEST)?.remoteDescription).toEqual(answerTo.description);
    expect(fakeOf(session, CITIZEN)?.remoteDescription).toBeNull();
  });

  it('as a guest answers each earlier participant, who offer first', async () => {
    const { client, session } = setup();
    client.push({
      ...start(),
      self: GUEST,
      peer: AGENT,
      polite: true,
      peers: [
        { id: AGENT, polite: true, label: null },
        { id: CITIZEN, polite: true, label: null },
      ],
    });
    await settle();
    expect(client.sent).toEqual([]);
    client.push({ type: 'signal', consultationId: C1, from: CITIZEN, data: offerFrom('offer-c m=audio:-') });
    await settle();
    expect(sentTo(client)).toEqual([`${CITIZEN} answer`]);
    expect(fakeOf(session, AGENT)?.signalingState).toBe('stable');
    expect(fakeOf(session, AGENT)?.remoteDescription).toBeNull();
  });

  it('adds a peer that joins and drops one that leaves, keeping the other connections', async () => {
    const { client, session } = setup();
    const peerLists: string[][] = [];
    session.on('peers', (peers) => peerLists.push(peers.map((p) => p.id)));
    client.push(start());
    await settle();
    const citizenPc = fakeOf(session, CITIZEN);
    client.push({
      type: 'call.peer-joined',
      consultationId: C1,
      peer: { id: GUEST, polite: false, label: 'Dolmetscherin' },
    });
    // Another consultation's news changes nothing.
    client.push({
      type: 'call.peer-joined',
      consultationId: C2,
      peer: { id: GUEST2, polite: false, label: '' },
    });
    await settle();
    expect(session.peers).toEqual([
      { id: CITIZEN, polite: false, label: null },
      { id: GUEST, polite: false, label: 'Dolmetscherin' },
    ]);
    expect(sentTo(client)).toEqual([`${CITIZEN} offer`, `${GUEST} offer`]);
    const guestPc = fakeOf(session, GUEST);
    client.push({ type: 'call.peer-left', consultationId: C1, peer: GUEST });
    expect(guestPc?.closed).toBe(true);
    expect(citizenPc?.closed).toBe(false);
    expect(fakeOf(session, CITIZEN)).toBe(citizenPc);
    expect(peerLists).toEqual([[CITIZEN], [CITIZEN, GUEST], [CITIZEN]]);
    expect(session.state).not.toBe('ended');
  });

  it('replaces only the connection to a peer whose page started afresh', async () => {
    const { client, session } = setup();
    client.push(meshStart());
    await settle();
    const [citizenPc, guestPc] = [fakeOf(session, CITIZEN), fakeOf(session, GUEST)];
    client.push({
      type: 'call.peer-joined',
      consultationId: C1,
      peer: { id: GUEST, polite: false, label: 'Dolmetscherin' },
    });
    await settle();
    expect(guestPc?.closed).toBe(true);
    expect(fakeOf(session, GUEST)).not.toBe(guestPc);
    expect(fakeOf(session, CITIZEN)).toBe(citizenPc);
    expect(citizenPc?.closed).toBe(false);
    expect(sentTo(client)).toEqual([`${CITIZEN} offer`, `${GUEST} offer`, `${GUEST} offer`]);
  });

  it('after a reconnect keeps its connections, adding peers that joined and dropping those that left meanwhile', async () => {
    const { client, session } = setup();
    client.push(meshStart());
    await settle();
    const citizenPc = fakeOf(session, CITIZEN);
    const guestPc = fakeOf(session, GUEST);
    client.push({
      ...meshStart(false),
      peers: [
        { id: CITIZEN, polite: false, label: null },
        { id: GUEST2, polite: false, label: 'Kollege' },
      ],
    });
    expect(fakeOf(session, CITIZEN)).toBe(citizenPc);
    expect(citizenPc?.closed).toBe(false);
    expect(guestPc?.closed).toBe(true);
    expect(session.peers.map((p) => p.id)).toEqual([CITIZEN, GUEST2]);
  });

  it('shares a screen beside the camera on every connection and to a peer joining later; the next call starts without it', async () => {
    const { client, session } = setup();
    const camera = new FakeTrack('video');
    await session.setLocalStream(new FakeMediaStream([camera]) as unknown as MediaStream);
    client.push(meshStart());
    await settle();
    const screen = new FakeTrack('video');
    await session.shareScreen(new FakeMediaStream([screen]) as unknown as MediaStream);
    const videoTracks = (peer: string) =>
      fakeOf(session, peer)
        ?.senders.filter((s) => s.kind === 'video')
        .map((s) => s.track);
    expect([videoTracks(CITIZEN), videoTracks(GUEST)]).toEqual([
      [camera, screen],
      [camera, screen],
    ]);
    client.push({
      type: 'call.peer-joined',
      consultationId: C1,
      peer: { id: GUEST2, polite: false, label: '' },
    });
    await settle();
    expect(videoTracks(GUEST2)).toEqual([camera, screen]);
    await session.shareScreen(null);
    expect([videoTracks(CITIZEN), videoTracks(GUEST), videoTracks(GUEST2)]).toEqual([
      [camera, null],
      [camera, null],
      [camera, null],
    ]);
    await session.shareScreen(new FakeMediaStream([screen]) as unknown as MediaStream);
    client.push({ type: 'call.ended', consultationId: C1 });
    client.push(start(C2));
    await settle();
    expect(videoTracks(CITIZEN)).toEqual([camera]);
  });

  it('keeps sharing across a reconnect, and brings the share back on a connection built afresh', async () => {
    const { client, session } = setup();
    client.push(start());
    await settle();
    const screen = new FakeTrack('video');
    await session.shareScreen(new FakeMediaStream([screen]) as unknown as MediaStream);
    const first = session.pc;
    const screenSent = () =>
      (session.pc as unknown as FakeRTCPeerConnection).transceivers.some(
        (t) => t.sender.track === screen && t.direction === 'sendonly',
      );
    expect(screenSent()).toBe(true);
    // The socket came back and the server kept the call: the same connection, still sharing.
    client.push(start(C1, false));
    await settle();
    expect(session.pc).toBe(first);
    expect(screenSent()).toBe(true);
    // The other side started afresh: a new connection, and the screen on it from the start.
    client.push(start());
    await settle();
    expect(session.pc).not.toBe(first);
    expect(screenSent()).toBe(true);
  });

  it("announces the peer's shared screen, and its end, with the peer it comes from", async () => {
    const { client, session, fake } = setup();
    const screens: { peer: string; stream: MediaStream | null }[] = [];
    session.on('remotescreen', (screen) => screens.push(screen));
    client.push(start());
    await settle();
    // The citizen's answer to the first offer, then an offer of theirs that adds a screen line, then one that ends it.
    expect(fake().signalingState).toBe('have-local-offer');
    const sdp = (lines: string) => ({ type: 'offer' as const, sdp: `their-offer ${lines}` });
    const signal = (description: { type: 'offer' | 'answer'; sdp: string }) =>
      client.push({ type: 'signal', consultationId: C1, from: CITIZEN, data: { description } });
    signal({ type: 'answer', sdp: 'their-answer m=audio:a m=video:c' });
    await settle();
    signal(sdp('m=audio:a m=video:c m=video:s:sendonly'));
    await settle();
    signal(sdp('m=audio:a m=video:c m=video:s:inactive'));
    await settle();
    expect(screens.map(({ peer, stream }) => [peer, stream?.getVideoTracks().length ?? null])).toEqual([
      [CITIZEN, 1],
      [CITIZEN, null],
    ]);
    expect(session.connection?.remoteStream.getVideoTracks()).toHaveLength(1);
  });

  it('says it holds the call on reconnect only once every connection completed a first exchange', async () => {
    const { client } = setup();
    client.push(meshStart());
    await settle();
    client.push({ type: 'signal', consultationId: C1, from: CITIZEN, data: answerTo });
    await settle();
    expect(client.helloExtension?.()).toEqual({});
    client.push({ type: 'signal', consultationId: C1, from: GUEST, data: answerTo });
    await settle();
    expect(client.helloExtension?.()).toEqual({ activeConsultationId: C1 });
  });

  it('limits each video upload once the call has two or more peers, more with three, and lifts the limits as they leave', async () => {
    const { client, session } = setup();
    client.push(start());
    const videoOf = (peer: string) =>
      (session.connections.get(peer as never)!.pc as unknown as FakeRTCPeerConnection).senders.find(
        (s) => s.kind === 'video',
      )!;
    await settle();
    expect(videoOf(CITIZEN).parameters.encodings).toEqual([{}]);
    client.push({
      type: 'call.peer-joined',
      consultationId: C1,
      peer: { id: GUEST, polite: false, label: 'Dolmetscherin' },
    });
    await settle();
    const two = meshVideoLimits(2)!;
    for (const peer of [CITIZEN, GUEST]) expect(videoOf(peer).parameters.encodings).toEqual([two]);
    client.push({
      type: 'call.peer-joined',
      consultationId: C1,
      peer: { id: GUEST2, polite: false, label: 'Gast' },
    });
    await settle();
    const three = meshVideoLimits(3)!;
    expect(three.maxBitrate).toBeLessThan(two.maxBitrate!);
    expect(three.scaleResolutionDownBy).toBeGreaterThan(1);
    for (const peer of [CITIZEN, GUEST, GUEST2]) {
      expect(videoOf(peer).parameters.encodings).toEqual([three]);
    }
    client.push({ type: 'call.peer-left', consultationId: C1, peer: GUEST2 });
    await settle();
    for (const peer of [CITIZEN, GUEST]) expect(videoOf(peer).parameters.encodings).toEqual([two]);
    client.push({ type: 'call.peer-left', consultationId: C1, peer: GUEST });
    await settle();
    expect(videoOf(CITIZEN).parameters.encodings).toEqual([{}]);
  });

  it('restarts ICE on every connection', async () => {
    const { client, session } = setup();
    client.push(meshStart());
    await settle();
    session.restartIce();
    expect([fakeOf(session, CITIZEN)?.restartIceCalls, fakeOf(session, GUEST)?.restartIceCalls]).toEqual([
      1, 1,
    ]);
  });
});

describe('combinedState', () => {
  it('shows the most troubled connection, and connected as soon as one is while others connect', () => {
    expect(combinedState([])).toBe('new');
    expect(combinedState(['new', 'connecting'])).toBe('connecting');
    expect(combinedState(['connected', 'connecting'])).toBe('connected');
    expect(combinedState(['connected', 'reconnecting'])).toBe('reconnecting');
    expect(combinedState(['connected', 'reconnecting', 'connecting'])).toBe('reconnecting');
  });
});
