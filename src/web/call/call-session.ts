import type { CallStart, ParticipantId } from '../../shared/realtime';
import { Emitter } from './emitter';
import { PeerConnection, type PeerConnectionOptions, type PeerConnectionState } from './peer-connection';
import type { RealtimeClient } from './realtime-client';

/**
 * Ties the realtime client to one peer connection per consultation: call.start opens it, signal
 * messages feed it, call.ended closes it. Deliberately small (LiveKit's Room.ts became a god object):
 * chat, files and forms are separate modules that listen to a CallSession.
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
  state: CallState;
  /** The consultation began; the UI can show who the peer is. */
  start: CallStart;
  /** Fires whenever a remote track arrives (the stream object stays the same for the call). */
  remotestream: MediaStream;
  ended: { consultationId: string };
  error: unknown;
};

/**
 * Browser-test hook: if a page's init script created `globalThis.__amtsraumCalls = new Set()`, every
 * CallSession adds itself there so tests can read `pc.getStats()` and force `restartIce()`. Production
 * pages never create the set, so nothing is exposed there.
 */
type DebugGlobal = { __amtsraumCalls?: Set<CallSession> };

export class CallSession {
  consultationId: string | null = null;
  peer: ParticipantId | null = null;
  connection: PeerConnection | null = null;
  private readonly events = new Emitter<Events>();
  private readonly unsubscribe: (() => void)[];
  private localStream: MediaStream | null;
  private current: CallState = 'idle';

  constructor(private readonly options: CallSessionOptions) {
    this.localStream = options.localStream ?? null;
    const { client } = options;
    this.unsubscribe = [
      client.on('call.start', (message) => this.start(message)),
      client.on('signal', (message) => {
        if (message.consultationId !== this.consultationId || message.from !== this.peer) return;
        void this.connection?.handleSignal(message.data);
      }),
      client.on('call.ended', (message) => {
        if (message.consultationId === this.consultationId) this.end();
      }),
    ];
    // After a socket drop the server must know we still hold the call, or it renews both sides.
    // Before a first completed exchange, an offer may have been lost with the socket: then both sides renew.
    client.setHelloExtension(() =>
      this.connection?.pc.currentRemoteDescription && this.consultationId
        ? { activeConsultationId: this.consultationId }
        : {},
    );
    (globalThis as DebugGlobal).__amtsraumCalls?.add(this);
  }

  get state(): CallState {
    return this.current;
  }

  /** The live RTCPeerConnection, for stats. */
  get pc(): RTCPeerConnection | undefined {
    return this.connection?.pc;
  }

  on<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  /** Sets or swaps the local media; tracks of a kind already sent are replaced without renegotiation. */
  async setLocalStream(stream: MediaStream): Promise<void> {
    this.localStream = stream;
    await this.connection?.addLocalStream(stream);
  }

  /** Camera↔screen or device switch during a call. */
  async replaceTrack(track: MediaStreamTrack): Promise<void> {
    await this.connection?.replaceTrack(track, this.localStream ?? undefined);
  }

  restartIce(): void {
    this.connection?.restartIce();
  }

  /** Leaves this side (ending the consultation itself is the server's job); stops listening. */
  dispose(): void {
    for (const off of this.unsubscribe) off();
    this.connection?.close();
    this.connection = null;
    (globalThis as DebugGlobal).__amtsraumCalls?.delete(this);
    this.events.clear();
  }

  private start(message: CallStart): void {
    const live = this.connection && this.connection.state !== 'closed';
    const sameCall = live && message.consultationId === this.consultationId;
    if (sameCall && !message.renew) {
      // Our socket came back and the server kept the call: keep the media, mend the path if it broke.
      if (this.connection?.state !== 'connected') this.connection?.restartIce();
      return;
    }
    if (sameCall) {
      // The other side reloaded its page: its old peer connection is gone, so ours must go too.
      this.connection?.close();
      this.connection = null;
    } else if (live) {
      this.end();
    }
    const { consultationId, peer } = message;
    this.consultationId = consultationId;
    this.peer = peer;
    const create = this.options.createPeerConnection ?? ((options) => new PeerConnection(options));
    const connection = create({
      iceServers: message.iceServers,
      polite: message.polite,
      ...(this.options.iceTransportPolicy ? { iceTransportPolicy: this.options.iceTransportPolicy } : {}),
      // Dropped while the socket reconnects; the ICE restart after reconnecting makes up for it.
      sendSignal: (data) => this.options.client.send({ type: 'signal', consultationId, to: peer, data }),
    });
    this.connection = connection;
    connection.on('state', (state) => this.setState(state));
    connection.on('remotetrack', () => this.events.emit('remotestream', connection.remoteStream));
    connection.on('error', (error) => this.events.emit('error', error));
    this.setState(connection.state);
    this.events.emit('start', message);
    if (this.localStream) {
      connection.addLocalStream(this.localStream).catch((error: unknown) => this.events.emit('error', error));
    }
  }

  private end(): void {
    const consultationId = this.consultationId;
    this.connection?.close();
    this.connection = null;
    this.setState('ended');
    if (consultationId) this.events.emit('ended', { consultationId });
  }

  private setState(state: CallState): void {
    if (state === this.current) return;
    this.current = state;
    this.events.emit('state', state);
  }
}
