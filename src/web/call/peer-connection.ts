import type { IceServer, SignalData } from '../../shared/realtime';
import { Emitter } from './emitter';

/**
 * Wraps exactly one RTCPeerConnection (like LiveKit's PCTransport): W3C "perfect negotiation" so
 * either side may (re)negotiate at any time without glare, track switching without renegotiation,
 * a shared screen on a video line of its own beside the camera, and ICE restarts when the network
 * changes under a running consultation.
 * https://w3c.github.io/webrtc-pc/#perfect-negotiation-example
 */

export type PeerConnectionState = 'new' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

/** Limits on the camera's encoding (RTCRtpEncodingParameters); absent: the browser's own choice. */
export type VideoLimits = Partial<
  Pick<RTCRtpEncodingParameters, 'maxBitrate' | 'maxFramerate' | 'scaleResolutionDownBy'>
>;
const VIDEO_LIMIT_KEYS = ['maxBitrate', 'maxFramerate', 'scaleResolutionDownBy'] as const;

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
  /** A connection that has not connected this long after it was made is recovered like a broken one. */
  connectTimeoutMs?: number;
  /**
   * While recovering, ICE is restarted again after each of these delays (the last repeats): no limit, a
   * phone may be in a tunnel for minutes, and the next restart after the network is back brings the media.
   */
  recoveryDelaysMs?: readonly number[];
  /** After this many restarts in a row without connecting, 'stuck' asks for a fresh connection (and again after as many more). */
  escalateAfterRestarts?: number;
  /** An offer unanswered this long was lost: the impolite side sends it again, the polite side rolls back. */
  negotiationTimeoutMs?: number;
}

type Events = {
  state: PeerConnectionState;
  remotetrack: MediaStreamTrack;
  /** The other side started sharing a screen (its own stream) or stopped (null). */
  remotescreen: MediaStream | null;
  /** Negotiation errors; the connection usually recovers, so these are for logs, not for users. */
  error: unknown;
  /** Restarts did not help (see escalateAfterRestarts): the call should build this connection afresh. */
  stuck: undefined;
};

export class PeerConnection {
  readonly pc: RTCPeerConnection;
  /** The other side's camera and microphone. */
  readonly remoteStream: MediaStream;
  /** The other side's shared screen while it arrives; null while it shares none. */
  remoteScreen: MediaStream | null = null;
  /** ICE restarts so far, automatic and requested. */
  iceRestarts = 0;
  private readonly events = new Emitter<Events>();
  private readonly polite: boolean;
  private readonly sendSignal: (data: SignalData) => void;
  private readonly graceMs: number;
  private readonly recoveryDelaysMs: readonly number[];
  private readonly escalateAfterRestarts: number;
  private readonly negotiationTimeoutMs: number;
  private readonly senders = new Map<string, RTCRtpSender>();
  private readonly createMediaStream: () => MediaStream;
  /**
   * The camera's video line: the impolite side makes it first, so it is the first video line of every
   * session and the first video to arrive on either side. Any other video line carries a screen.
   */
  private cameraTransceiver: RTCRtpTransceiver | null = null;
  /** The line this side shares its screen on: made for the first share, reused by later ones. */
  private screenTransceiver: RTCRtpTransceiver | null = null;
  private makingOffer = false;
  private ignoreOffer = false;
  private isSettingRemoteAnswerPending = false;
  private wasConnected = false;
  /** Restarts since the connection broke; null while it is not being recovered. */
  private recoveryStep: number | null = null;
  /** Whether the other side offered since the last recovery step (then the polite side need not restart). */
  private offeredByPeer = false;
  private disconnectedTimer: ReturnType<typeof setTimeout> | undefined;
  private connectTimer: ReturnType<typeof setTimeout> | undefined;
  private recoveryTimer: ReturnType<typeof setTimeout> | undefined;
  private offerTimer: ReturnType<typeof setTimeout> | undefined;
  private current: PeerConnectionState = 'new';

  constructor(options: PeerConnectionOptions) {
    const Ctor = options.RTCPeerConnection ?? globalThis.RTCPeerConnection;
    this.pc = new Ctor({
      iceServers: options.iceServers,
      iceTransportPolicy: options.iceTransportPolicy ?? 'all',
    });
    this.createMediaStream = options.createMediaStream ?? (() => new MediaStream());
    this.remoteStream = this.createMediaStream();
    this.polite = options.polite;
    this.sendSignal = options.sendSignal;
    this.graceMs = options.disconnectedGraceMs ?? 3000;
    this.recoveryDelaysMs = options.recoveryDelaysMs ?? [1000, 1500, 2000];
    this.escalateAfterRestarts = options.escalateAfterRestarts ?? 8;
    this.negotiationTimeoutMs = options.negotiationTimeoutMs ?? 4000;
    this.connectTimer = setTimeout(() => {
      if (this.current !== 'connected') this.startRecovery();
    }, options.connectTimeoutMs ?? 4000);

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
    this.pc.ontrack = ({ track, transceiver }) => {
      if (track.kind === 'video') this.cameraTransceiver ??= transceiver;
      // A screen arrives with the negotiation that starts it (see updateRemoteScreen).
      if (track.kind === 'video' && transceiver !== this.cameraTransceiver) return;
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
        const transceiver = this.pc.addTransceiver(kind, { direction: 'sendrecv' });
        this.senders.set(kind, transceiver.sender);
        if (kind === 'video') this.cameraTransceiver = transceiver;
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
        // A second answer to an offer we sent twice (see negotiationTimeoutMs): the first one settled it.
        if (description.type === 'answer' && this.pc.signalingState === 'stable') return;
        if (description.type === 'offer') this.offeredByPeer = true;
        this.isSettingRemoteAnswerPending = description.type === 'answer';
        // On a collision the polite side's setRemoteDescription rolls its own offer back implicitly.
        await this.pc.setRemoteDescription(description);
        this.isSettingRemoteAnswerPending = false;
        if (description.type === 'offer') {
          await this.pc.setLocalDescription();
          this.sendLocalDescription();
        }
        this.updateRemoteScreen();
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
   * Device switch: replaceTrack on the existing sender of that kind (no renegotiation, the other side
   * keeps its track); the first track of a kind is added instead, which triggers negotiationneeded.
   */
  async replaceTrack(track: MediaStreamTrack, stream?: MediaStream): Promise<void> {
    const sender = this.senders.get(track.kind);
    if (sender) {
      await sender.replaceTrack(track);
      return;
    }
    this.senders.set(track.kind, stream ? this.pc.addTrack(track, stream) : this.pc.addTrack(track));
  }

  /**
   * Shares a screen beside the camera, on a video line of its own (the first share adds it, which
   * renegotiates); null stops it. The line then goes inactive rather than away, so the other side learns
   * of the stop from the negotiation, and the next share reuses the line.
   */
  async shareScreen(track: MediaStreamTrack | null, stream?: MediaStream): Promise<void> {
    if (this.current === 'closed') return;
    const transceiver = this.screenTransceiver;
    if (!transceiver) {
      if (track) {
        this.screenTransceiver = this.pc.addTransceiver(track, {
          direction: 'sendonly',
          streams: stream ? [stream] : [],
        });
      }
      return;
    }
    await transceiver.sender.replaceTrack(track);
    transceiver.direction = track ? 'sendonly' : 'inactive';
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

  /**
   * The other side's socket came back, or ours did: what was sent meanwhile may be lost. A pending offer
   * goes out again (impolite) or is rolled back so the impolite side's offer is taken (polite); a broken
   * connection is restarted by the impolite side, so the two sides never restart at the same moment.
   */
  resync(): void {
    if (this.current === 'closed') return;
    if (this.pc.signalingState === 'have-local-offer') {
      if (this.polite) void this.rollback();
      else if (!this.makingOffer) this.sendLocalDescription();
    } else if (this.current !== 'connected' && !this.polite) {
      this.restartIce();
    }
  }

  /** New TURN credentials (they expire): used by the next ICE restart. */
  setIceServers(iceServers: IceServer[]): void {
    if (this.current === 'closed') return;
    this.pc.setConfiguration({ ...this.pc.getConfiguration(), iceServers });
  }

  /**
   * Limits what this side sends on camera video to the peer (in a mesh everyone encodes and uploads one
   * stream per peer), or lifts every limit with null. The shared screen is not touched: text stays sharp.
   */
  async limitVideo(limits: VideoLimits | null): Promise<void> {
    const sender = this.senders.get('video');
    if (!sender) return;
    const parameters = sender.getParameters();
    if (!parameters.encodings?.length) return; // before the first negotiation there is nothing to limit
    for (const encoding of parameters.encodings) {
      for (const key of VIDEO_LIMIT_KEYS) {
        const value = limits?.[key];
        if (value === undefined) delete encoding[key];
        else encoding[key] = value;
      }
    }
    await sender.setParameters(parameters);
  }

  close(): void {
    for (const timer of [this.disconnectedTimer, this.connectTimer, this.recoveryTimer, this.offerTimer]) {
      clearTimeout(timer);
    }
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
    if (!description) return;
    this.sendSignal({ description: { type: description.type, sdp: description.sdp } });
    if (description.type === 'offer') this.watchOffer(description.sdp);
  }

  /** An offer whose answer never comes was lost on the way (the server buffers nothing). */
  private watchOffer(sdp: string | undefined): void {
    clearTimeout(this.offerTimer);
    this.offerTimer = setTimeout(() => {
      if (this.pc.signalingState !== 'have-local-offer' || this.pc.localDescription?.sdp !== sdp) return;
      this.resync();
    }, this.negotiationTimeoutMs);
  }

  private async rollback(): Promise<void> {
    try {
      await this.pc.setLocalDescription({ type: 'rollback' });
    } catch {
      // The operations chain moved on meanwhile (an offer arrived and rolled back implicitly): nothing to do.
    }
  }

  /** After each negotiation: does the other side now send a screen (a video line besides the camera's)? */
  private updateRemoteScreen(): void {
    const screen = this.cameraTransceiver
      ? this.pc
          .getTransceivers()
          .find(
            (t) =>
              t !== this.cameraTransceiver &&
              t.receiver.track.kind === 'video' &&
              (t.currentDirection === 'recvonly' || t.currentDirection === 'sendrecv'),
          )
      : undefined;
    const track = screen?.receiver.track ?? null;
    if (track === (this.remoteScreen?.getVideoTracks()[0] ?? null)) return;
    this.remoteScreen = track ? this.createMediaStream() : null;
    if (track) this.remoteScreen?.addTrack(track);
    this.events.emit('remotescreen', this.remoteScreen);
  }

  private iceStateChanged(): void {
    const ice = this.pc.iceConnectionState;
    clearTimeout(this.disconnectedTimer);
    if (ice === 'connected' || ice === 'completed') this.stopRecovery();
    if (ice === 'failed') this.startRecovery();
    if (ice === 'disconnected') {
      this.disconnectedTimer = setTimeout(() => {
        if (this.pc.iceConnectionState === 'disconnected') this.startRecovery();
      }, this.graceMs);
    }
    this.updateState();
  }

  /**
   * Restarts ICE until the connection is back, without a limit: at once on the impolite side (the polite
   * side waits one step for its offer, so both do not restart at the same moment), then after each of
   * recoveryDelaysMs. Every escalateAfterRestarts restarts it says 'stuck' so the call can build a fresh
   * connection.
   */
  private startRecovery(): void {
    if (this.recoveryStep !== null || this.current === 'closed') return;
    this.recoveryStep = 0;
    this.offeredByPeer = false;
    if (!this.polite) this.restartIce();
    this.scheduleRecoveryStep();
  }

  private scheduleRecoveryStep(): void {
    const step = this.recoveryStep ?? 0;
    const delays = this.recoveryDelaysMs;
    this.recoveryTimer = setTimeout(
      () => {
        if (this.recoveryStep === null) return;
        this.recoveryStep += 1;
        if (!this.polite || !this.offeredByPeer) this.restartIce();
        this.offeredByPeer = false;
        if (this.recoveryStep % this.escalateAfterRestarts === 0) this.events.emit('stuck', undefined);
        this.scheduleRecoveryStep();
      },
      delays[Math.min(step, delays.length - 1)],
    );
  }

  private stopRecovery(): void {
    this.recoveryStep = null;
    clearTimeout(this.recoveryTimer);
  }

  /** Both states count: ICE changes are announced before the overall connection state catches up. */
  private updateState(): void {
    const { connectionState: connection, iceConnectionState: ice } = this.pc;
    if (connection === 'closed') {
      this.setState('closed');
    } else if (connection === 'connected' && (ice === 'connected' || ice === 'completed')) {
      this.wasConnected = true;
      clearTimeout(this.connectTimer);
      this.setState('connected');
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
