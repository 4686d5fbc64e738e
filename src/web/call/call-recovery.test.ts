import { describe, expect, it } from 'vitest';
import type { CallStart, ClientMessage, ServerMessage } from '../../shared/realtime';
import { CallSession, type SignalingClient } from './call-session';
import { Emitter } from './emitter';
import { FakeMediaStream, FakeRTCPeerConnection } from './fake-webrtc';
import { PeerConnection } from './peer-connection';
import type { HelloExtension, RealtimeState, ServerMessageOf, ServerMessageType } from './realtime-client';

/**
 * Two sides of one call over a relay that behaves like our server: signals reach the other side only
 * while both sockets are up (the server buffers nothing), and a socket that comes back says hello with
 * the call it still holds. This is the field failure of a phone that lost its network for half a minute.
 */
const C1 = '11111111-1111-4111-8111-111111111111';
const AGENT = 'agent:aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const CITIZEN = 'citizen:cccccccc-cccc-4ccc-8ccc-cccccccccccc';
type Who = typeof AGENT | typeof CITIZEN;

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class RelaySocket implements SignalingClient {
  up = true;
  helloExtension: () => HelloExtension = () => ({});
  private readonly messages = new Emitter<{ [T in ServerMessageType]: ServerMessageOf<T> }>();
  private readonly states = new Emitter<{ state: [RealtimeState, RealtimeState] }>();
  constructor(
    readonly self: Who,
    private readonly relay: Relay,
  ) {}
  on<T extends ServerMessageType>(type: T, handler: (message: ServerMessageOf<T>) => void) {
    return this.messages.on(type, handler);
  }
  onStateChange(handler: (state: RealtimeState, previous: RealtimeState) => void) {
    return this.states.on('state', ([state, previous]) => handler(state, previous));
  }
  setHelloExtension(extension: () => HelloExtension) {
    this.helloExtension = extension;
  }
  send(message: ClientMessage) {
    if (!this.up) return false;
    this.relay.fromClient(this.self, message);
    return true;
  }
  deliver(message: ServerMessage) {
    if (this.up) setTimeout(() => this.messages.emit(message.type, message as never), 1);
  }
  setState(state: RealtimeState, previous: RealtimeState) {
    this.states.emit('state', [state, previous]);
  }
}

const startFor = (self: Who, renew: boolean): CallStart => {
  const peer = self === AGENT ? CITIZEN : AGENT;
  // The agent is the impolite side towards the citizen.
  const polite = self === CITIZEN;
  return {
    type: 'call.start',
    consultationId: C1,
    self,
    peer,
    polite,
    peers: [{ id: peer, polite, label: null }],
    renew,
    iceServers: [],
    citizenAwaySince: null,
  };
};

/** The server's part, as src/server/realtime/connection.ts and visit-events.ts do it. */
class Relay {
  readonly sockets: Record<Who, RelaySocket>;
  constructor() {
    this.sockets = {
      [AGENT]: new RelaySocket(AGENT, this),
      [CITIZEN]: new RelaySocket(CITIZEN, this),
    } as Record<Who, RelaySocket>;
  }
  fromClient(from: Who, message: ClientMessage) {
    if (message.type === 'signal') {
      this.sockets[message.to as Who].deliver({
        type: 'signal',
        consultationId: message.consultationId,
        from,
        data: message.data,
      });
    }
    if (message.type === 'call.rejoin') this.join(from, false);
  }
  start() {
    for (const who of [AGENT, CITIZEN] as const) this.sockets[who].deliver(startFor(who, true));
  }
  /** A socket says hello again; the tab keeps its connections when it names the call it holds. */
  reconnect(who: Who) {
    const socket = this.sockets[who];
    socket.up = true;
    socket.setState('open', 'reconnecting');
    this.join(who, socket.helloExtension().activeConsultationId === C1);
  }
  join(who: Who, keep: boolean) {
    const other = who === AGENT ? CITIZEN : AGENT;
    this.sockets[who].deliver(startFor(who, !keep));
    const peer = { id: who, polite: other === CITIZEN, label: null };
    this.sockets[other].deliver(
      keep
        ? { type: 'call.peer-reconnected', consultationId: C1, peer: who }
        : { type: 'call.peer-joined', consultationId: C1, peer },
    );
  }
  drop(who: Who) {
    this.sockets[who].up = false;
    this.sockets[who].setState('reconnecting', 'open');
  }
}

function side(socket: RelaySocket) {
  const created: FakeRTCPeerConnection[] = [];
  const session = new CallSession({
    client: socket,
    createPeerConnection: (options) => {
      const connection = new PeerConnection({
        ...options,
        RTCPeerConnection: FakeRTCPeerConnection as unknown as typeof RTCPeerConnection,
        createMediaStream: () => new FakeMediaStream() as unknown as MediaStream,
        disconnectedGraceMs: 50,
        negotiationTimeoutMs: 150,
        recoveryDelaysMs: [50, 100],
      });
      created.push(connection.pc as unknown as FakeRTCPeerConnection);
      return connection;
    },
  });
  return { session, fake: () => created.at(-1)! };
}

/** ICE as the browser reports it once a negotiation completed: connected when both sides are stable. */
function iceFollowsNegotiation(...fakes: (() => FakeRTCPeerConnection)[]) {
  const timer = setInterval(() => {
    const pcs = fakes.map((f) => f());
    const settled = pcs.every(
      (pc) => pc.signalingState === 'stable' && pc.currentRemoteDescription && !pc.closed,
    );
    for (const pc of pcs) {
      if (settled && pc.iceConnectionState !== 'connected') pc.setIceState('connected', 'connected');
    }
  }, 10);
  return () => clearInterval(timer);
}

/** Agent and citizen in a call whose first negotiation completed and whose ICE connected. */
async function connectedCall() {
  const relay = new Relay();
  const agent = side(relay.sockets[AGENT]);
  const citizen = side(relay.sockets[CITIZEN]);
  relay.start();
  await expect
    .poll(() => [agent.fake().signalingState, citizen.fake().signalingState])
    .toEqual(['stable', 'stable']);
  agent.fake().setIceState('connected', 'connected');
  citizen.fake().setIceState('connected', 'connected');
  await expect.poll(() => [agent.session.state, citizen.session.state]).toEqual(['connected', 'connected']);
  return { relay, agent, citizen };
}

describe('call recovery after a long network drop', () => {
  it('does not deadlock in have-local-offer when the agent’s ICE-restart offer is lost while the citizen is away', async () => {
    const { relay, agent, citizen } = await connectedCall();

    // The citizen's phone loses its network: socket and media. Both sides see ICE fail.
    relay.drop(CITIZEN);
    agent.fake().setIceState('failed', 'failed');
    citizen.fake().setIceState('failed', 'failed');
    // The agent's restart offer goes out and is lost (the server buffers nothing).
    await expect.poll(() => agent.fake().signalingState).toBe('have-local-offer');
    await wait(30);

    // The network comes back: the citizen's socket says hello with the call it still holds.
    relay.reconnect(CITIZEN);
    const stop = iceFollowsNegotiation(agent.fake, citizen.fake);
    try {
      await expect
        .poll(() => [agent.session.state, citizen.session.state], { timeout: 3000 })
        .toEqual(['connected', 'connected']);
      // The restart really renegotiated: the agent got an answer to an ICE-restart offer.
      expect(agent.fake().currentRemoteDescription?.sdp).toMatch(/^answer-to-offer-\d+/);
      expect(citizen.fake().currentRemoteDescription?.sdp).toContain('ice-restart');
    } finally {
      stop();
      agent.session.dispose();
      citizen.session.dispose();
    }
  });

  it('re-offers when an offer is lost although both sockets stay up (a relay hiccup), without help from the server', async () => {
    const { relay, agent, citizen } = await connectedCall();
    // One offer vanishes on its way; nobody reconnects, so only the watchdog can notice.
    const deliver = relay.sockets[CITIZEN].deliver.bind(relay.sockets[CITIZEN]);
    let lost = 0;
    relay.sockets[CITIZEN].deliver = (message) => {
      if (lost === 0 && message.type === 'signal' && 'description' in message.data) {
        lost += 1;
        return;
      }
      deliver(message);
    };
    agent.session.restartIce();
    await expect.poll(() => lost).toBe(1);
    await expect
      .poll(() => [agent.fake().signalingState, citizen.fake().signalingState], { timeout: 3000 })
      .toEqual(['stable', 'stable']);
    expect(citizen.fake().currentRemoteDescription?.sdp).toContain('ice-restart');
    agent.session.dispose();
    citizen.session.dispose();
  });

  it('escalates to fresh peer connections on both sides when restarts do not bring the media back', async () => {
    const { agent, citizen } = await connectedCall();
    const firstAgentPc = agent.fake();
    const firstCitizenPc = citizen.fake();
    // ICE keeps failing on these connections, whatever is renegotiated (e.g. a broken TURN allocation).
    firstAgentPc.setIceState('failed', 'failed');
    firstCitizenPc.setIceState('failed', 'failed');
    await expect
      .poll(() => [firstAgentPc.closed, firstCitizenPc.closed], { timeout: 5000 })
      .toEqual([true, true]);
    // Both sides built new connections and negotiated them with each other.
    const stop = iceFollowsNegotiation(agent.fake, citizen.fake);
    try {
      await expect
        .poll(() => [agent.session.state, citizen.session.state], { timeout: 3000 })
        .toEqual(['connected', 'connected']);
      expect(agent.fake()).not.toBe(firstAgentPc);
      expect(citizen.fake()).not.toBe(firstCitizenPc);
    } finally {
      stop();
      agent.session.dispose();
      citizen.session.dispose();
    }
  });
});
