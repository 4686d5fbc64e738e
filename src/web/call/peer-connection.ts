import type { IceServer, SignalData } from '../../shared/realtime';
import { Emitter } from './emitter';

/**
 * Wraps exactly one RTCPeerConnection (like LiveKit's PCTransport): W3C "perfect negotiation" so
 * either side may (re)negotiate at any time without glare, track switching without renegotiation,
 * and ICE restarts when the network changes under a running consultation.
 * https://w3c.github.io/webrtc-pc/#perfect-negotiation-example
 */

export type PeerConnectionState = 'new' | 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed';

export interface PeerConnectionOptions {
  iceServers: IceServer[];
  /** 'relay' forces media through TURN (browser tests prove TURN with it). */
  iceTransportPolicy?: 'all' | 'relay';
  /** The polite side yields when both sides offer at once. */
  polite: boolean;
  sendSignal: (data: SignalData) => void;
  /** Injectable for unit tests; defaults to the browser's, looked up on construction. */
  RTCPeerConnection?: new (
    config: RTCConfiguration,
  ) => RTCPeerConnection;
  createMediaStream?: () => MediaStream;
  /** How long ICE may stay 'disconnected' before we restart it (it often recovers by itself). */
  disconnectedGraceMs?: number;
  /** Automatic restarts in a row without reaching 'connected' before we report 'failed'. */
  maxAutoRestarts?: number;
}

type Events = {
  state: PeerConnectionState;
  remotetrack: MediaStreamTrack;
  /** Negotiation errors; the connection usually recovers, so these are for logs, not for users. */
  error: unknown;
};

export class PeerConnection {
  readonly pc: RTCPeerConnection;
  readonly remoteStream: MediaStream;
  /** ICE restarts so far, automatic and requested. */
  iceRestarts = 0;
  private readonly events = new Emitter<Events>();
  private readonly polite: boolean;
  private readonly sendSignal: (data: SignalData) => void;
  private readonly graceMs: number;
  private readonly maxAutoRestarts: number;
  private readonly senders = new Map<string, RTCRtpSender>();
  private makingOffer = false;
  private ignoreOffer = false;
  private isSettingRemoteAnswerPending = false;
  private wasConnected = false;
  private autoRestarts = 0;
  private disconnectedTimer: ReturnType<typeof setTimeout> | undefined;
  private current: PeerConnectionState = 'new';

  constructor(options: PeerConnectionOptions) {
    const Ctor = options.RTCPeerConnection ?? globalThis.RTCPeerConnection;
    this.pc = new Ctor({
      iceServers: options.iceServers,
      iceTransportPolicy: options.iceTransportPolicy ?? 'all',
    });
    this.remoteStream = options.createMediaStream?.() ?? new MediaStream();
    this.polite = options.polite;
    this.sendSignal = options.sendSignal;
    this.graceMs = options.disconnectedGraceMs ?? 3000;
    this.maxAutoRestarts = options.maxAutoRestarts ?? 5;

    this.pc.onnegotiationneeded = () => void this.makeOffer();
    this.pc.onicecandidate = ({ candidate }) => {
      // No end-of-candidates (null): Chrome does not need it, and across ICE restarts it could end
      // the wrong generation.
      if (!candidate) return;
      const { sdpMid, sdpMLineIndex, usernameFragment } = candidate;
      this.sendSignal({
        candidate: { candidate: candidate.candidate, sdpMid, sdpMLineIndex, usernameFragment },
      });
    };
    this.pc.ontrack = ({ track }) => {
      if (this.remoteStream.getTrackById(track.id)) return;
      this.remoteStream.addTrack(track);
      this.events.emit('remotetrack', track);
    };
    this.pc.oniceconnectionstatechange = () => this.iceStateChanged();
    this.pc.onconnectionstatechange = () => this.updateState();
    if (!this.polite) {
      // The impolite side always makes the first offer, with an audio and a video line whether or not
      // it has a camera yet (tracks come later by replaceTrack). When both sides offered at once,
      // Chromium sometimes gathered no candidates at all after the polite side's rollback, and the
      // call hung (about 1 in 10 in bench/call-setup.ts).
      for (const kind of ['audio', 'video'] as const) {
        this.senders.set(kind, this.pc.addTransceiver(kind, { direction: 'sendrecv' }).sender);
      }
    }
  }

  get state(): PeerConnectionState {
    return this.current;
  }

  on<K extends keyof Events>(event: K, listener: (payload: Events[K]) => void): () => void {
    return this.events.on(event, listener);
  }

  /** Applies a signal from the other side. Never throws; failures go to the 'error' event. */
  async handleSignal(data: SignalData): Promise<void> {
    try {
      if ('description' in data) {
        const { description } = data;
        const readyForOffer =
          !this.makingOffer && (this.pc.signalingState === 'stable' || this.isSettingRemoteAnswerPending);
        const offerCollision = description.type === 'offer' && !readyForOffer;
        this.ignoreOffer = !this.polite && offerCollision;
        if (this.ignoreOffer) return;
        this.isSettingRemoteAnswerPending = description.type === 'answer';
        // On a collision the polite side's setRemoteDescription rolls its own offer back implicitly.
        await this.pc.setRemoteDescription(description);
        this.isSettingRemoteAnswerPending = false;
        if (description.type === 'offer') {
          await this.pc.setLocalDescription();
          this.sendLocalDescription();
        }
      } else if (data.candidate) {
        try {
          await this.pc.addIceCandidate(data.candidate);
        } catch (error) {
          // Candidates of an offer we ignored cannot be applied; that is expected, not an error.
          if (!this.ignoreOffer) throw error;
        }
      }
    } catch (error) {
      this.isSettingRemoteAnswerPending = false;
      this.events.emit('error', error);
    }
  }

  /** Sends every track of the stream, reusing senders so a device switch needs no renegotiation. */
  async addLocalStream(stream: MediaStream): Promise<void> {
    for (const track of stream.getTracks()) await this.replaceTrack(track, stream);
  }

  /**
   * Camera↔screen or device switch: replaceTrack on the existing sender of that kind (no
   * renegotiation, the other side keeps its track); the first track of a kind is added instead,
   * which triggers negotiationneeded.
   */
  async replaceTrack(track: MediaStreamTrack, stream?: MediaStream): Promise<void> {
    const sender = this.senders.get(track.kind);
    if (sender) {
      await sender.replaceTrack(track);
      return;
    }
    this.senders.set(track.kind, stream ? this.pc.addTrack(track, stream) : this.pc.addTrack(track));
  }

  /** Sends nothing of this kind any more; the sender stays, so sending again needs no renegotiation. */
  async stopSending(kind: 'audio' | 'video'): Promise<void> {
    await this.senders.get(kind)?.replaceTrack(null);
  }

  /** Restarts ICE (new candidates, new path); the resulting offer goes out via negotiationneeded. */
  restartIce(): void {
    if (this.current === 'closed') return;
    this.iceRestarts += 1;
    this.pc.restartIce();
    // An offer still unanswered was probably lost with the old path; negotiationneeded will not fire
    // until we are stable again, so offer anew (an ICE restart offer now).
    if (this.pc.signalingState === 'have-local-offer' && !this.makingOffer) void this.makeOffer();
    if (this.wasConnected) this.setState('reconnecting');
  }

  close(): void {
    clearTimeout(this.disconnectedTimer);
    this.pc.onnegotiationneeded = this.pc.onicecandidate = this.pc.ontrack = null;
    this.pc.oniceconnectionstatechange = this.pc.onconnectionstatechange = null;
    this.pc.close();
    this.setState('closed');
    this.events.clear();
  }

  private async makeOffer(): Promise<void> {
    // The polite side waits for the first offer; its tracks ride along in its answer.
    if (this.polite && !this.pc.currentRemoteDescription) return;
    try {
      this.makingOffer = true;
      await this.pc.setLocalDescription();
      this.sendLocalDescription();
    } catch (error) {
      this.events.emit('error', error);
    } finally {
      this.makingOffer = false;
    }
  }

  private sendLocalDescription(): void {
    const description = this.pc.localDescription;
    if (description) this.sendSignal({ description: { type: description.type, sdp: description.sdp } });
  }

  private iceStateChanged(): void {
    const ice = this.pc.iceConnectionState;
    clearTimeout(this.disconnectedTimer);
    if (ice === 'connected' || ice === 'completed') this.autoRestarts = 0;
    if (ice === 'failed') this.autoRestart();
    if (ice === 'disconnected') {
      this.disconnectedTimer = setTimeout(() => {
        if (this.pc.iceConnectionState === 'disconnected') this.autoRestart();
      }, this.graceMs);
    }
    this.updateState();
  }

  private autoRestart(): void {
    if (this.autoRestarts >= this.maxAutoRestarts) return;
    this.autoRestarts += 1;
    this.restartIce();
  }

  /** Both states count: ICE changes are announced before the overall connection state catches up. */
  private updateState(): void {
    const { connectionState: connection, iceConnectionState: ice } = this.pc;
    if (connection === 'closed') {
      this.setState('closed');
    } else if (connection === 'connected' && (ice === 'connected' || ice === 'completed')) {
      this.wasConnected = true;
      this.setState('connected');
    } else if ((connection === 'failed' || ice === 'failed') && this.autoRestarts >= this.maxAutoRestarts) {
      this.setState('failed');
    } else if (connection !== 'new' || ice !== 'new') {
      this.setState(this.wasConnected ? 'reconnecting' : 'connecting');
    }
  }

  private setState(state: PeerConnectionState): void {
    if (state === this.current || this.current === 'closed') return;
    this.current = state;
    this.events.emit('state', state);
  }
}
