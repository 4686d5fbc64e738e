import type { CallPeer, CallStart, ParticipantId } from '../../shared/realtime';
import { Emitter } from './emitter';
import {
  PeerConnection,
  type PeerConnectionOptions,
  type PeerConnectionState,
  type VideoLimits,
} from './peer-connection';
import type { RealtimeClient } from './realtime-client';

/**
 * Ties the realtime client to the peer connections of one consultation: one per other participant
 * (a mesh; small rooms of up to four stay peer to peer). call.start opens them, call.peer-joined and
 * call.peer-left add or drop one without touching the others, signal messages feed the one they come
 * from, call.ended closes all. Deliberately small (LiveKit's Room.ts became a god object): chat, files
 * and forms are separate modules that listen to a CallSession.
 */

export type CallState = 'idle' | PeerConnectionState | 'ended';

/** What CallSession needs of the RealtimeClient; tests pass a stand-in. */
export type SignalingClient = Pick<RealtimeClient, 'on' | 'onStateChange' | 'send' | 'setHelloExtension'>;

export interface CallSessionOptions {
  client: SignalingClient;
  /** Camera/microphone to send; may also be set later with setLocalStream. */
  localStream?: MediaStream | null;
  /** Overrides the policy for every call; browser tests use 'relay' to prove TURN works. */
  iceTransportPolicy?: 'all' | 'relay';
  /** Injectable for unit tests. */
  createPeerConnection?: (options: PeerConnectionOptions) => PeerConnection;
}

type Events = {
  /** The whole call's state: the most troubled of its connections (see combinedState). */
  state: CallState;
  /** The consultation began (or this side starts it afresh); the UI can show who is in it. */
  start: CallStart;
  /** Someone joined, came back or left: the peers as they are now. */
  peers: CallPeer[];
  /** A remote track arrived from `peer` (its stream object stays the same while its connection lasts). */
  remotestream: { peer: ParticipantId; stream: MediaStream };
  /** `peer` started sharing a screen (its stream) or stopped (null). */
  remotescreen: { peer: ParticipantId; stream: MediaStream | null };
  ended: { consultationId: string };
  /** The citizen's page of the call closed (since when) or is open again (null); never on the citizen's side. */
  citizenaway: string | null;
  /** Another tab or device of the same person took this call over; this tab stopped its media. */
  takenover: { consultationId: string };
  error: unknown;
};

/**
 * What each side sends per peer on camera video, by how many others are in the call. A mesh encodes and
 * uploads one stream per peer: with two, each is capped so both fit a phone's uplink; with three or
 * more, the pictures are quarter-screen tiles, so half the size at 15 frames a second is plenty, and a
 * phone (or a laptop) is not kept busy encoding three full streams.
 */
export function meshVideoLimits(peers: number): VideoLimits | null {
  if (peers <= 1) return null;
  if (peers === 2) return { maxBitrate: 500_000 };
  return { maxBitrate: 300_000, scaleResolutionDownBy: 2, maxFramerate: 15 };
}

/** One other participant and this side's connection to them. */
interface Link {
  peer: CallPeer;
  connection: PeerConnection;
}

/**
 * The call as one state: a reconnecting connection shows (someone cannot be seen), otherwise
 * connected as soon as one connection is, so a newcomer's connection does not turn the call back into
 * "connecting" for everybody.
 */
export function combinedState(states: PeerConnectionState[]): CallState {
  for (const state of ['reconnecting', 'connected', 'connecting'] as const) {
    if (states.includes(state)) return state;
  }
  return 'new';
}

/**
 * Browser-test hook: if a page's init script created `globalThis.__amtsraumCalls = new Set()`, every
 * CallSession adds itself there so tests can read `pc.getStats()` and force `restartIce()`. Production
 * pages never create the set, so nothing is exposed there.
 */
type DebugGlobal = { __amtsraumCalls?: Set<CallSession> };

export class CallSession {
  consultationId: string | null = null;
  self: ParticipantId | null = null;
  private readonly links = new Map<ParticipantId, Link>();
  private readonly events = new Emitter<Events>();
  private readonly unsubscribe: (() => void)[];
  private localStream: MediaStream | null;
  /** What this side sends, per kind: the local stream's tracks, or what replaced one (another device). */
  private readonly sending = new Map<string, MediaStreamTrack>();
  /** The screen this side shares beside its camera, on every connection and on those that come later. */
  private screen: MediaStream | null = null;
  /** ICE servers and policy of the current call (from call.start), shared by all its connections. */
  private iceOptions: Pick<PeerConnectionOptions, 'iceServers' | 'iceTransportPolicy'> = { iceServers: [] };
  private inCall = false;
  /** The current call was connected once (so connecting again means it is interrupted). */
  private wasConnected = false;
  /** This tab gave its call to another tab of the same person, until takeOver(). */
  private standby = false;
  private current: CallState = 'idle';
  /** Since when the call is interrupted (epoch ms), for "unterbrochen seit …"; null while it is not. */
  troubleSince: number | null = null;
  /** Since when the citizen's page is closed (ISO instant, the server's word); null while it is open. */
  citizenAwaySince: string | null = null;

  constructor(private readonly options: CallSessionOptions) {
    this.localStream = options.localStream ?? null;
    this.resetSending();
    const { client } = options;
    this.unsubscribe = [
      client.on('call.start', (message) => this.start(message)),
      client.on('call.peer-joined', (message) => {
        if (this.isCurrent(message.consultationId)) this.connect(message.peer);
      }),
      client.on('call.peer-left', (message) => {
        if (this.isCurrent(message.consultationId)) this.disconnect(message.peer);
      }),
      client.on('signal', (message) => {
        if (message.consultationId !== this.consultationId) return;
        void this.links.get(message.from)?.connection.handleSignal(message.data);
      }),
      client.on('call.peer-presence', (message) => {
        if (this.isCurrent(message.consultationId)) this.setCitizenAway(message.awaySince);
      }),
      client.on('call.peer-reconnected', (message) => {
        if (this.isCurrent(message.consultationId)) this.links.get(message.peer)?.connection.resync();
      }),
      client.on('call.ended', (message) => {
        if (message.consultationId === this.consultationId) this.end();
      }),
      client.on('call.taken-over', (message) => {
        if (!this.isCurrent(message.consultationId)) return;
        this.standby = true;
        this.end();
        this.events.emit('takenover', { consultationId: message.consultationId });
      }),
    ];
    // After a socket drop the server must know we still hold the call, or it renews our connections.
    // Before every connection completed a first exchange, an offer may have been lost with the socket:
    // then this side starts afresh and the others reconnect to it.
    client.setHelloExtension(() =>
      this.standby
        ? { standby: true }
        : this.inCall &&
            this.consultationId &&
            this.links.size > 0 &&
            [...this.links.values()].every((link) => link.connection.pc.currentRemoteDescription)
          ? { activeConsultationId: this.consultationId }
          : {},
    );
    (globalThis as DebugGlobal).__amtsraumCalls?.add(this);
  }

  get state(): CallState {
    return this.current;
  }

  /** The others in the call, in the order the server named them. */
  get peers(): CallPeer[] {
    return [...this.links.values()].map((link) => link.peer);
  }

  /** The connection to each other participant (tests read their stats through __amtsraumCalls). */
  get connections(): ReadonlyMap<ParticipantId, PeerConnection> {
    return new Map([...this.links].map(([id, link]) => [id, link.connection]));
  }

  /** The first peer's connection: in a one-to-one call the only one. */
  get connection(): PeerConnection | null {
    return this.links.values().next().value?.connection ?? null;
  }

  /** The first peer's RTCPeerConnection, for stats of a one-to-one call. */
  get pc(): RTCPeerConnection | undefined {
    return this.connection?.pc;
  }

  on<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  /** Sets or swaps the local media; tracks of a kind already sent are replaced without renegotiation. */
  async setLocalStream(stream: MediaStream): Promise<void> {
    this.localStream = stream;
    this.resetSending();
    await Promise.all([...this.links.values()].map(({ connection }) => this.sendTo(connection)));
  }

  /** Device switch during a call: on every connection, and on those that come later. */
  async replaceTrack(track: MediaStreamTrack): Promise<void> {
    this.sending.set(track.kind, track);
    await Promise.all(
      [...this.links.values()].map(({ connection }) =>
        connection.replaceTrack(track, this.localStream ?? undefined),
      ),
    );
  }

  /**
   * Shares a screen beside the camera (which keeps going), or stops with null: on every connection and on
   * those made later — a connection built afresh after a drop brings the share back by itself.
   */
  async shareScreen(screen: MediaStream | null): Promise<void> {
    this.screen = screen;
    await Promise.all([...this.links.values()].map(({ connection }) => this.sendScreenTo(connection)));
  }

  /** This tab takes the call back from the person's other tab (the server moves it here and renews it). */
  takeOver(): boolean {
    if (!this.options.client.send({ type: 'call.take-over' })) return false;
    this.standby = false;
    return true;
  }

  restartIce(): void {
    for (const { connection } of this.links.values()) connection.restartIce();
  }

  /** Leaves this side (ending the consultation itself is the server's job); stops listening. */
  dispose(): void {
    for (const off of this.unsubscribe) off();
    this.closeAll();
    (globalThis as DebugGlobal).__amtsraumCalls?.delete(this);
    this.events.clear();
  }

  private isCurrent(consultationId: string): boolean {
    return this.inCall && consultationId === this.consultationId;
  }

  private start(message: CallStart): void {
    const sameCall = this.isCurrent(message.consultationId);
    this.setCitizenAway(message.citizenAwaySince);
    // Fresh TURN credentials come with each call.start; connections made from now on use them.
    this.iceOptions = {
      iceServers: message.iceServers,
      ...(this.options.iceTransportPolicy ? { iceTransportPolicy: this.options.iceTransportPolicy } : {}),
    };
    if (sameCall && !message.renew) {
      // Our socket came back and the server kept the call: keep the media, mend paths that broke (with the
      // fresh TURN credentials; the others are told too and re-send what we may have missed), and catch up
      // with whoever joined or left while we were away.
      const listed = new Set(message.peers.map((peer) => peer.id));
      for (const id of this.links.keys()) if (!listed.has(id)) this.disconnect(id);
      for (const peer of message.peers) {
        const link = this.links.get(peer.id);
        if (!link) {
          this.connect(peer);
          continue;
        }
        link.connection.setIceServers(message.iceServers);
        link.connection.resync();
      }
      return;
    }
    this.standby = false;
    // This page starts afresh (a reload, or a new consultation): old connections must go.
    if (sameCall) this.closeAll();
    else if (this.inCall) this.end();
    this.consultationId = message.consultationId;
    this.self = message.self;
    this.inCall = true;
    if (!sameCall) this.wasConnected = false;
    for (const peer of message.peers) this.connect(peer, false);
    this.updateState();
    this.events.emit('start', message);
    this.events.emit('peers', this.peers);
  }

  /** A connection of its own to `peer`, replacing an old one (the peer's page started afresh). */
  private connect(peer: CallPeer, announce = true): void {
    this.links.get(peer.id)?.connection.close();
    const consultationId = this.consultationId!;
    const create = this.options.createPeerConnection ?? ((options) => new PeerConnection(options));
    const connection = create({
      ...this.iceOptions,
      polite: peer.polite,
      // Dropped while the socket reconnects; the ICE restart after reconnecting makes up for it.
      sendSignal: (data) => this.options.client.send({ type: 'signal', consultationId, to: peer.id, data }),
    });
    this.links.set(peer.id, { peer, connection });
    for (const link of this.links.values()) this.limitVideo(link.connection);
    // 'closed' comes only from our own close(), after which the caller updates the state itself.
    connection.on('state', (state) => {
      if (state === 'connected') this.limitVideo(connection);
      if (state !== 'closed') this.updateState();
    });
    // Restarts did not help: both sides build this connection afresh (the server tells the others).
    connection.on('stuck', () => this.options.client.send({ type: 'call.rejoin', consultationId }));
    connection.on('remotetrack', () =>
      this.events.emit('remotestream', { peer: peer.id, stream: connection.remoteStream }),
    );
    connection.on('remotescreen', (stream) => this.events.emit('remotescreen', { peer: peer.id, stream }));
    connection.on('error', (error) => this.events.emit('error', error));
    this.sendTo(connection).catch((error: unknown) => this.events.emit('error', error));
    if (announce) {
      this.updateState();
      this.events.emit('peers', this.peers);
    }
  }

  private disconnect(id: ParticipantId): void {
    const link = this.links.get(id);
    if (!link) return;
    link.connection.close();
    this.links.delete(id);
    for (const other of this.links.values()) this.limitVideo(other.connection);
    this.updateState();
    this.events.emit('peers', this.peers);
  }

  /** One-to-one calls send at the browser's own rate; a mesh limits each upload (meshVideoLimits). */
  private limitVideo(connection: PeerConnection): void {
    connection
      .limitVideo(meshVideoLimits(this.links.size))
      .catch((error: unknown) => this.events.emit('error', error));
  }

  private resetSending(): void {
    this.sending.clear();
    for (const track of this.localStream?.getTracks() ?? []) this.sending.set(track.kind, track);
  }

  /** Puts what this side sends on one connection, track by track; the screen last, beside the camera. */
  private async sendTo(connection: PeerConnection): Promise<void> {
    for (const track of [...this.sending.values()]) {
      await connection.replaceTrack(track, this.localStream ?? undefined);
    }
    if (this.screen) await this.sendScreenTo(connection);
  }

  private sendScreenTo(connection: PeerConnection): Promise<void> {
    const track = this.screen?.getVideoTracks()[0] ?? null;
    return connection.shareScreen(track, this.screen ?? undefined);
  }

  private closeAll(): void {
    for (const { connection } of this.links.values()) connection.close();
    this.links.clear();
  }

  private end(): void {
    const consultationId = this.consultationId;
    this.closeAll();
    this.inCall = false;
    // A screen shared in this call is not sent into the next one.
    this.screen = null;
    this.resetSending();
    this.setState('ended');
    if (consultationId) this.events.emit('ended', { consultationId });
  }

  private setCitizenAway(awaySince: string | null): void {
    if (awaySince === this.citizenAwaySince) return;
    this.citizenAwaySince = awaySince;
    this.events.emit('citizenaway', awaySince);
  }

  private updateState(): void {
    if (!this.inCall) return;
    const state = combinedState([...this.links.values()].map((link) => link.connection.state));
    if (state === 'connected') this.wasConnected = true;
    // A connection built afresh during the call (a peer reloaded, or recovery escalated) connects again:
    // for the people in the call it is still the same interruption.
    this.setState((state === 'connecting' || state === 'new') && this.wasConnected ? 'reconnecting' : state);
  }

  private setState(state: CallState): void {
    if (state === this.current) return;
    this.current = state;
    if (state !== 'reconnecting') this.troubleSince = null;
    else this.troubleSince ??= Date.now();
    this.events.emit('state', state);
  }
}
