import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SignalData } from '../../shared/realtime';
import { FakeMediaStream, FakeRTCPeerConnection, FakeTrack } from './fake-webrtc';
import { PeerConnection } from './peer-connection';

// Generous: a negotiation is a handful of timer hops, which a loaded CI machine can stretch.
const settle = () => new Promise((resolve) => setTimeout(resolve, 80));
const candidate = { candidate: { candidate: 'candidate:1 1 udp 1 10.0.0.1 5000 typ host', sdpMid: '0' } };
const offer = (sdp: string): SignalData => ({ description: { type: 'offer', sdp } });
const answer = (sdp: string): SignalData => ({ description: { type: 'answer', sdp } });
const stream = (...tracks: FakeTrack[]) => new FakeMediaStream(tracks) as unknown as MediaStream;
const descriptions = (signals: SignalData[]) =>
  signals.flatMap((s) => ('description' in s ? [`${s.description.type} ${s.description.sdp}`] : []));

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
type Side = ReturnType<typeof create>;

/** One side that has completed its first exchange with a scripted peer (stable, with a current remote). */
async function negotiated(polite: boolean): Promise<Side> {
  const side = create(polite);
  await settle();
  await side.connection.handleSignal(
    polite ? offer('first-offer ufrag=u1') : answer('first-answer ufrag=u1'),
  );
  await settle();
  expect(side.fake.signalingState).toBe('stable');
  expect(side.fake.currentRemoteDescription).not.toBeNull();
  return side;
}

/** Starts a renegotiation the way the app does once connected (an ICE restart): have-local-offer. */
async function renegotiate(side: Side) {
  side.connection.restartIce();
  await settle();
}

/** Polite (citizen) and impolite (agent) side wired to each other with a little delay, like the server. */
function pair() {
  let polite: Side | undefined;
  let impolite: Side | undefined;
  polite = create(true, (data) => setTimeout(() => impolite?.connection.handleSignal(data), 1));
  impolite = create(false, (data) => setTimeout(() => polite?.connection.handleSignal(data), 1));
  return { polite, impolite };
}

/** A pair after its first offer and answer, however busy the machine (a fixed wait fell short under load). */
async function exchangedPair() {
  const sides = pair();
  await vi.waitFor(() => {
    for (const side of [sides.polite, sides.impolite]) {
      expect(side.fake.signalingState).toBe('stable');
      expect(side.fake.currentRemoteDescription).not.toBeNull();
    }
  });
  return sides;
}

afterEach(() => vi.useRealTimers());

describe('PeerConnection first negotiation', () => {
  it('impolite side offers at construction with an audio and a video line', async () => {
    const { fake, signals, errors } = create(false);
    expect(fake.config.iceTransportPolicy).toBe('all');
    expect(fake.senders.map((s) => [s.kind, s.direction, s.track])).toEqual([
      ['audio', 'sendrecv', null],
      ['video', 'sendrecv', null],
    ]);
    await settle();
    expect(fake.signalingState).toBe('have-local-offer');
    expect(descriptions(signals)).toEqual([expect.stringMatching(/^offer offer-\d+ m=audio:- m=video:-$/)]);
    expect(errors).toEqual([]);
  });

  it('impolite side puts its tracks on the pre-made senders without another offer', async () => {
    const { connection, fake, signals } = create(false);
    const mic = new FakeTrack('audio');
    const camera = new FakeTrack('video');
    await connection.addLocalStream(stream(mic, camera));
    await settle();
    expect(fake.senders.map((s) => s.track)).toEqual([mic, camera]);
    expect(signals).toHaveLength(1);
  });

  it('polite side does not offer before the first remote offer, then answers with its tracks', async () => {
    const { connection, fake, signals, errors } = create(true);
    const mic = new FakeTrack('audio');
    const camera = new FakeTrack('video');
    await connection.addLocalStream(stream(mic, camera));
    connection.restartIce(); // nothing to restart yet, and still no offer
    await settle();
    expect(fake.negotiationNeededEvents).toBe(1); // the browser asked; the polite side waited
    expect(fake.signalingState).toBe('stable');
    expect(signals).toEqual([]);

    await connection.handleSignal(offer('offer-x m=audio:- m=video:-'));
    await settle();
    expect(descriptions(signals)).toEqual([
      `answer answer-to-offer-x m=audio:${mic.id} m=video:${camera.id}`,
    ]);
    expect(fake.signalingState).toBe('stable');
    expect(fake.rollbacks).toBe(0);
    expect(errors).toEqual([]);
  });

  it('polite side offers for a track the first offer had no line for, once the exchange is done', async () => {
    const { connection, fake, signals } = create(true);
    await connection.addLocalStream(stream(new FakeTrack('audio'), new FakeTrack('video')));
    await settle();
    expect(signals).toEqual([]);
    await connection.handleSignal(offer('offer-x m=audio:-'));
    await settle();
    expect(descriptions(signals)).toEqual([
      expect.stringMatching(/^answer answer-to-offer-x m=audio:audio-/),
      expect.stringMatching(/^offer offer-\d+ m=audio:audio-\S+ m=video:video-\S+$/),
    ]);
    expect(fake.signalingState).toBe('have-local-offer');
  });

  it('two fresh sides with media connect by one offer and one answer, without glare', async () => {
    const { polite, impolite } = pair();
    await Promise.all([
      polite.connection.addLocalStream(stream(new FakeTrack('audio'), new FakeTrack('video'))),
      impolite.connection.addLocalStream(stream(new FakeTrack('audio'), new FakeTrack('video'))),
    ]);
    await settle();
    expect([polite.fake.signalingState, impolite.fake.signalingState]).toEqual(['stable', 'stable']);
    expect(descriptions(impolite.signals)).toEqual([expect.stringMatching(/^offer /)]);
    expect(descriptions(polite.signals)).toEqual([expect.stringMatching(/^answer /)]);
    expect([polite.fake.rollbacks, impolite.fake.rollbacks]).toEqual([0, 0]);
    expect([...polite.errors, ...impolite.errors]).toEqual([]);
  });

  it('reports a failing candidate when no offer was ignored', async () => {
    const { connection, errors } = create(true);
    await connection.handleSignal(candidate);
    expect(errors).toHaveLength(1);
  });
});

describe('PeerConnection renegotiation after the first exchange (perfect negotiation)', () => {
  it('polite side may renegotiate, e.g. when its camera comes only after the first exchange', async () => {
    const { polite, impolite } = await exchangedPair();
    expect(descriptions(polite.signals)).toEqual([expect.stringMatching(/^answer /)]);
    const camera = new FakeTrack('video');
    await polite.connection.addLocalStream(stream(camera));
    await settle();
    expect(descriptions(polite.signals).at(-1)).toMatch(
      // The audio line stays receive-only: the polite side has no microphone.
      new RegExp(`^offer offer-\\d+ m=audio:-:recvonly m=video:${camera.id}$`),
    );
    expect(descriptions(impolite.signals).at(-1)).toMatch(/^answer /);
    expect([polite.fake.signalingState, impolite.fake.signalingState]).toEqual(['stable', 'stable']);
    expect([...polite.errors, ...impolite.errors]).toEqual([]);
  });

  it('impolite side ignores a colliding offer', async () => {
    const side = await negotiated(false);
    const { connection, fake, signals, errors } = side;
    await renegotiate(side);
    await connection.handleSignal(offer('their-offer ufrag=u2'));
    expect(fake.remoteDescription).toEqual({ type: 'answer', sdp: 'first-answer ufrag=u1' });
    expect(fake.signalingState).toBe('have-local-offer');
    expect(descriptions(signals)).toEqual([
      expect.stringMatching(/^offer /),
      expect.stringMatching(/^offer /),
    ]);
    expect(errors).toEqual([]);
  });

  it('swallows candidates that belong to an ignored offer', async () => {
    const side = await negotiated(false);
    await renegotiate(side);
    await side.connection.handleSignal(offer('their-offer ufrag=u2'));
    const theirs = { candidate: { ...candidate.candidate, usernameFragment: 'u2' } };
    await expect(side.connection.handleSignal(theirs)).resolves.toBeUndefined();
    expect(side.fake.addedCandidates).toEqual([]);
    expect(side.errors).toEqual([]);
    // Candidates of the running session still apply.
    await side.connection.handleSignal({ candidate: { ...candidate.candidate, usernameFragment: 'u1' } });
    expect(side.fake.addedCandidates).toHaveLength(1);
  });

  it('polite side rolls back its own offer and answers the colliding one', async () => {
    const side = await negotiated(true);
    await renegotiate(side);
    expect(side.fake.signalingState).toBe('have-local-offer');
    await side.connection.handleSignal(offer('their-offer'));
    expect(side.fake.rollbacks).toBe(1);
    expect(side.fake.signalingState).toBe('stable');
    expect(side.signals.at(-1)).toEqual(answer('answer-to-their-offer'));
    expect(side.errors).toEqual([]);
  });

  it('both sides renegotiating at once end up stable (glare resolved: impolite ignores, polite rolls back)', async () => {
    const { polite, impolite } = await exchangedPair();
    const before = { polite: polite.signals.length, impolite: impolite.signals.length };
    // Fake timers: both offers are made before either is delivered, however busy the machine is.
    vi.useFakeTimers();
    polite.connection.restartIce();
    impolite.connection.restartIce();
    await vi.advanceTimersByTimeAsync(100);
    expect([polite.fake.signalingState, impolite.fake.signalingState]).toEqual(['stable', 'stable']);
    expect(polite.fake.rollbacks).toBe(1);
    expect(impolite.fake.rollbacks).toBe(0);
    // Both offered; the impolite side's offer won and the polite side answered it.
    const politeSent = descriptions(polite.signals.slice(before.polite));
    const impoliteSent = descriptions(impolite.signals.slice(before.impolite));
    expect(impoliteSent).toEqual([expect.stringMatching(/^offer (offer-\d+) .*ice-restart$/)]);
    const winner = impoliteSent[0]?.split(' ')[1];
    expect(politeSent).toEqual([
      expect.stringMatching(/^offer .*ice-restart$/),
      expect.stringMatching(/^answer /),
    ]);
    expect(politeSent[1]).toMatch(new RegExp(`^answer answer-to-${winner} `));
    expect([...polite.errors, ...impolite.errors]).toEqual([]);
  });
});

describe('PeerConnection media', () => {
  it('replaceTrack uses the pre-made sender on the impolite side (no renegotiation)', async () => {
    const { connection, fake, signals } = await negotiated(false);
    const camera = new FakeTrack('video');
    const screen = new FakeTrack('video');
    await connection.addLocalStream(stream(camera));
    await connection.replaceTrack(screen as unknown as MediaStreamTrack);
    await settle();
    expect(fake.senders).toHaveLength(2);
    expect(fake.senders[1]?.track).toBe(screen);
    expect(fake.signalingState).toBe('stable');
    expect(signals).toHaveLength(1); // just the first offer
  });

  it('polite side adds its first track of a kind, then replaces it on that sender', async () => {
    const { connection, fake, signals } = await negotiated(true);
    const camera = new FakeTrack('video');
    const screen = new FakeTrack('video');
    await connection.addLocalStream(stream(camera));
    await settle();
    await connection.handleSignal(answer('their-answer'));
    const sent = signals.length;
    await connection.replaceTrack(screen as unknown as MediaStreamTrack);
    await settle();
    expect(fake.senders).toHaveLength(1);
    expect(fake.senders[0]?.track).toBe(screen);
    expect(signals).toHaveLength(sent);
  });

  it('collects remote tracks in remoteStream and announces them once', () => {
    const { connection, fake } = create(false);
    const arrived = vi.fn();
    connection.on('remotetrack', arrived);
    const track = new FakeTrack('video');
    // On the camera's line (the impolite side's first video line).
    const transceiver = fake.transceivers[1];
    fake.ontrack?.({ track, transceiver });
    fake.ontrack?.({ track, transceiver });
    expect(connection.remoteStream.getTracks()).toEqual([track]);
    expect(arrived).toHaveBeenCalledTimes(1);
  });
});

describe('PeerConnection screen sharing', () => {
  /** Both sides with camera and microphone, negotiated, plus what each hears of the other's screen. */
  async function sharingPair() {
    const { polite, impolite } = pair();
    const cameras = { polite: new FakeTrack('video'), impolite: new FakeTrack('video') };
    await Promise.all([
      polite.connection.addLocalStream(stream(new FakeTrack('audio'), cameras.polite)),
      impolite.connection.addLocalStream(stream(new FakeTrack('audio'), cameras.impolite)),
    ]);
    await settle();
    const screens = { polite: [] as (MediaStream | null)[], impolite: [] as (MediaStream | null)[] };
    polite.connection.on('remotescreen', (screen) => screens.polite.push(screen));
    impolite.connection.on('remotescreen', (screen) => screens.impolite.push(screen));
    return { polite, impolite, cameras, screens };
  }
  const videoOf = (side: Side) => side.connection.remoteStream.getVideoTracks();
  const screenTrackOf = (side: Side) => side.connection.remoteScreen?.getVideoTracks()[0];

  it('sends the screen beside the camera on a line of its own; the other side gets it as a screen', async () => {
    const { polite, impolite, cameras, screens } = await sharingPair();
    const cameraAtPolite = videoOf(polite);
    expect(cameraAtPolite).toHaveLength(1);
    const screen = new FakeTrack('video');
    await impolite.connection.shareScreen(screen as unknown as MediaStreamTrack);
    await settle();
    // The camera keeps going; the screen is a third line, sent only.
    expect(impolite.fake.senders.map((s) => s.track)).toEqual([expect.anything(), cameras.impolite, screen]);
    expect(descriptions(impolite.signals).at(-1)).toMatch(new RegExp(`m=video:${screen.id}:sendonly$`));
    expect(screens.polite).toHaveLength(1);
    expect(screenTrackOf(polite)).toBeDefined();
    expect(videoOf(polite)).toEqual(cameraAtPolite);
    expect(screens.impolite).toEqual([]);
    expect([polite.fake.signalingState, impolite.fake.signalingState]).toEqual(['stable', 'stable']);
    expect([...polite.errors, ...impolite.errors]).toEqual([]);
  });

  it('stopping makes the line inactive (the other side drops the screen); the next share reuses the line', async () => {
    const { polite, impolite, screens } = await sharingPair();
    const screen = new FakeTrack('video');
    await impolite.connection.shareScreen(screen as unknown as MediaStreamTrack);
    await settle();
    const lines = impolite.fake.transceivers.length;
    await impolite.connection.shareScreen(null);
    await settle();
    expect(descriptions(impolite.signals).at(-1)).toMatch(/m=video:-:inactive$/);
    expect(screens.polite).toEqual([expect.anything(), null]);
    expect(polite.connection.remoteScreen).toBeNull();
    expect(videoOf(polite)).toHaveLength(1);
    const again = new FakeTrack('video');
    await impolite.connection.shareScreen(again as unknown as MediaStreamTrack);
    await settle();
    expect(impolite.fake.transceivers).toHaveLength(lines);
    expect(screens.polite).toEqual([expect.anything(), null, expect.anything()]);
    expect([...polite.errors, ...impolite.errors]).toEqual([]);
  });

  it('the polite side shares with an offer of its own; the impolite side tells it from the camera', async () => {
    const { polite, impolite, screens } = await sharingPair();
    const cameraAtImpolite = videoOf(impolite);
    await polite.connection.shareScreen(new FakeTrack('video') as unknown as MediaStreamTrack);
    await settle();
    expect(descriptions(polite.signals).at(-1)).toMatch(/^offer .*:sendonly$/);
    expect(screens.impolite).toHaveLength(1);
    expect(videoOf(impolite)).toEqual(cameraAtImpolite);
    expect([...polite.errors, ...impolite.errors]).toEqual([]);
  });

  it('a screen shared before the first exchange (a connection built afresh) arrives as a screen', async () => {
    for (const sharer of ['polite', 'impolite'] as const) {
      const sides = pair();
      const screen = new FakeTrack('video');
      // As CallSession does on a fresh connection: camera and microphone first, then the screen.
      await sides[sharer].connection.addLocalStream(stream(new FakeTrack('audio'), new FakeTrack('video')));
      await sides[sharer].connection.shareScreen(screen as unknown as MediaStreamTrack);
      await settle();
      const viewer = sides[sharer === 'polite' ? 'impolite' : 'polite'];
      expect(screenTrackOf(viewer), sharer).toBeDefined();
      expect(videoOf(viewer), sharer).toHaveLength(1);
      expect([...sides.polite.errors, ...sides.impolite.errors]).toEqual([]);
    }
  });
});

describe('PeerConnection ICE recovery', () => {
  it("impolite side restarts ICE at once on 'failed' and sends an ICE-restart offer", async () => {
    const { connection, fake, signals } = await negotiated(false);
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

  it('polite side leaves the restart to the impolite side, and restarts itself only when no offer comes', () => {
    vi.useFakeTimers();
    for (const offerComes of [true, false]) {
      const { connection, fake } = create(true);
      fake.setIceState('connected', 'connected');
      fake.setIceState('failed', 'failed');
      expect(fake.restartIceCalls).toBe(0); // both restarting at the same moment would collide
      if (offerComes) void connection.handleSignal(offer('restart-offer ice-restart'));
      vi.advanceTimersByTime(1000);
      expect(fake.restartIceCalls).toBe(offerComes ? 0 : 1);
      connection.close();
    }
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

  it('never gives up: restarts after capped delays, and asks for a fresh connection every 8 restarts', () => {
    vi.useFakeTimers();
    const { connection, fake } = create(false);
    let stuck = 0;
    connection.on('stuck', () => {
      stuck += 1;
    });
    fake.setIceState('connected', 'connected');
    fake.setIceState('failed', 'failed');
    expect(fake.restartIceCalls).toBe(1);
    vi.advanceTimersByTime(1000 + 1500);
    expect(fake.restartIceCalls).toBe(3);
    vi.advanceTimersByTime(2000 * 6);
    expect([fake.restartIceCalls, stuck]).toEqual([9, 1]);
    vi.advanceTimersByTime(10 * 60_000); // ten minutes in a tunnel: still trying every 2 s
    expect(fake.restartIceCalls).toBe(9 + 300);
    expect(stuck).toBe(1 + Math.floor((8 + 300) / 8) - 1);
    expect(connection.state).toBe('reconnecting');
    fake.setIceState('connected', 'connected');
    vi.advanceTimersByTime(60_000);
    expect(fake.restartIceCalls).toBe(309); // back: no more restarts
    expect(connection.state).toBe('connected');
  });

  it('a connection that never connects is restarted after the connect timeout (its first offer may be lost)', () => {
    vi.useFakeTimers();
    const { fake } = create(false);
    vi.advanceTimersByTime(3999);
    expect(fake.restartIceCalls).toBe(0);
    vi.advanceTimersByTime(1);
    expect(fake.restartIceCalls).toBe(1);
  });

  it('re-sends an unanswered offer after the negotiation timeout, once per timeout, and takes the first answer only', async () => {
    const side = await negotiated(false);
    side.fake.setIceState('connected', 'connected');
    vi.useFakeTimers();
    side.connection.restartIce();
    await vi.advanceTimersByTimeAsync(10);
    const offers = () => descriptions(side.signals).filter((d) => d.startsWith('offer'));
    expect(offers()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(4000);
    expect(offers()).toHaveLength(3);
    expect(offers()[2]).toBe(offers()[1]); // the same offer again: the first may still arrive
    for (let i = 0; i < 2; i++) {
      const applied = side.connection.handleSignal(answer('restart-answer'));
      await vi.advanceTimersByTimeAsync(10);
      await applied;
    }
    expect(side.fake.signalingState).toBe('stable');
    expect(side.errors).toEqual([]);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(offers()).toHaveLength(3);
  });

  it('polite side rolls back its own unanswered offer so the impolite side can lead', async () => {
    const side = await negotiated(true);
    await renegotiate(side);
    expect(side.fake.signalingState).toBe('have-local-offer');
    side.connection.resync();
    await settle();
    expect(side.fake.signalingState).toBe('stable');
    expect(side.fake.rollbacks).toBe(1);
  });

  it('takes fresh ICE servers for the next restart, and caps video only when asked', async () => {
    const { connection, fake } = create(false);
    connection.setIceServers([{ urls: ['turn:new.example'], username: 'n', credential: 'c' }]);
    expect(fake.config.iceServers).toEqual([{ urls: ['turn:new.example'], username: 'n', credential: 'c' }]);
    const video = fake.senders.find((s) => s.kind === 'video')!;
    await connection.limitVideo({ maxBitrate: 300_000, scaleResolutionDownBy: 2, maxFramerate: 15 });
    expect(video.parameters.encodings).toEqual([
      { maxBitrate: 300_000, scaleResolutionDownBy: 2, maxFramerate: 15 },
    ]);
    // Fewer limits take away the others.
    await connection.limitVideo({ maxBitrate: 500_000 });
    expect(video.parameters.encodings).toEqual([{ maxBitrate: 500_000 }]);
    await connection.limitVideo(null);
    expect(video.parameters.encodings).toEqual([{}]);
  });

  it('re-offers when restarting with the first offer still unanswered', async () => {
    const { connection, signals } = create(false);
    await settle();
    expect(descriptions(signals)).toEqual([expect.not.stringMatching(/ice-restart/)]);
    connection.restartIce();
    await settle();
    expect(signals).toHaveLength(2);
    expect(signals[1]).toEqual({
      description: { type: 'offer', sdp: expect.stringMatching(/ice-restart$/) },
    });
  });

  it('re-offers when restarting with a renegotiation offer still unanswered (either side)', async () => {
    for (const polite of [false, true]) {
      const side = await negotiated(polite);
      await renegotiate(side);
      const sent = side.signals.length;
      side.connection.restartIce();
      await settle();
      expect(side.signals).toHaveLength(sent + 1);
      expect(side.signals.at(-1)).toEqual({
        description: { type: 'offer', sdp: expect.stringMatching(/ice-restart$/) },
      });
    }
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
