/**
 * Just enough of RTCPeerConnection and MediaStream for unit tests in node: a signaling state machine
 * (stable / have-local-offer / have-remote-offer with implicit rollback) and asynchronous operations,
 * which is what perfect negotiation depends on. Not a test file itself (no .test.ts suffix).
 */
import type { VideoLimits } from './peer-connection';

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export class FakeTrack {
  enabled = true;
  constructor(
    readonly kind: 'audio' | 'video',
    readonly id = `${kind}-${Math.random().toString(36).slice(2)}`,
  ) {}
}

export class FakeMediaStream {
  private readonly tracks: FakeTrack[] = [];
  constructor(tracks: FakeTrack[] = []) {
    this.tracks.push(...tracks);
  }
  getTracks = () => [...this.tracks];
  getAudioTracks = () => this.tracks.filter((t) => t.kind === 'audio');
  getVideoTracks = () => this.tracks.filter((t) => t.kind === 'video');
  getTrackById = (id: string) => this.tracks.find((t) => t.id === id) ?? null;
  addTrack = (track: FakeTrack) => void this.tracks.push(track);
}

export class FakeSender {
  constructor(
    public track: FakeTrack | null,
    /** An added transceiver has a kind but no track yet. */
    readonly kind: 'audio' | 'video' = track?.kind ?? 'audio',
    readonly direction: RTCRtpTransceiverDirection = 'sendrecv',
  ) {}
  replaceTrack = async (track: FakeTrack | null) => {
    this.track = track;
  };
  /** Like the browser: one encoding once the sender has been negotiated (here: from the start). */
  parameters: { encodings: VideoLimits[] } = { encodings: [{}] };
  getParameters = () => structuredClone(this.parameters);
  setParameters = async (parameters: { encodings: VideoLimits[] }) => {
    this.parameters = structuredClone(parameters);
  };
}

const sends = (direction: RTCRtpTransceiverDirection) => direction === 'sendrecv' || direction === 'sendonly';
const receives = (direction: RTCRtpTransceiverDirection) =>
  direction === 'sendrecv' || direction === 'recvonly';
const directionOf = (send: boolean, receive: boolean): RTCRtpTransceiverDirection =>
  send ? (receive ? 'sendrecv' : 'sendonly') : receive ? 'recvonly' : 'inactive';

/**
 * A transceiver: its sender, a receiver whose track stands for what the other side sends on this media
 * line, the line's mid once negotiated, and its direction (a change needs a new offer, like the browser).
 */
export class FakeTransceiver {
  mid: string | null = null;
  currentDirection: RTCRtpTransceiverDirection | null = null;
  readonly receiver: { track: FakeTrack };
  /** The other side sends on this line (track events fire when this turns true). */
  receiving = false;
  /** The direction changed since this side's last offer. */
  changed = false;
  constructor(
    readonly sender: FakeSender,
    private wanted: RTCRtpTransceiverDirection,
    /** addTrack's transceivers may take over a line the other side offers; addTransceiver's never do. */
    readonly fromAddTrack: boolean,
    private readonly onChange: () => void = () => {},
  ) {
    this.receiver = { track: new FakeTrack(sender.kind) };
  }
  get direction(): RTCRtpTransceiverDirection {
    return this.wanted;
  }
  set direction(direction: RTCRtpTransceiverDirection) {
    if (direction === this.wanted) return;
    this.wanted = direction;
    this.changed = true;
    this.onChange();
  }
}

let offers = 0;

/** The media lines of a fake description ("m=audio:<track id or ->"), which is all the fake's SDP says. */
const mediaLines = (sdp: string | undefined) =>
  (sdp ?? '').split(' ').filter((part) => part.startsWith('m='));
const kindsOf = (sdp: string | undefined) => mediaLines(sdp).map((line) => line.slice(2).split(':')[0] ?? '');
/** A line's direction as the side that wrote it sees it ("m=video:<id>:sendonly"; sendrecv unless said). */
const directionsOf = (sdp: string | undefined) =>
  mediaLines(sdp).map((line) => (line.split(':')[2] ?? 'sendrecv') as RTCRtpTransceiverDirection);
const ufragsOf = (sdp: string | undefined) =>
  (sdp ?? '').split(' ').flatMap((part) => (part.startsWith('ufrag=') ? [part.slice(6)] : []));

/**
 * Fake SDP: an offer is "offer-<n>", one "m=<kind>:<track id or ->" per transceiver, then "ice-restart" if it
 * restarts ICE; an answer is "answer-to-<first word of the offer>" with a line for each line the offer
 * had, carrying this side's track of that kind (like a browser reusing its addTrack transceivers).
 * A line's mid is its index; a direction other than sendrecv is appended (":sendonly"), and the answer's
 * direction is what both sides allow. Track events fire when the other side starts sending on a line.
 * Remote descriptions may name "ufrag=<x>"; candidates with another usernameFragment are refused.
 */
export class FakeRTCPeerConnection {
  static last: FakeRTCPeerConnection | undefined;
  signalingState: RTCSignalingState = 'stable';
  iceConnectionState: RTCIceConnectionState = 'new';
  connectionState: RTCPeerConnectionState = 'new';
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  /** Like the browser's: the remote description of the last completed negotiation (kept while renegotiating). */
  currentRemoteDescription: RTCSessionDescriptionInit | null = null;
  senders: FakeSender[] = [];
  /** Every transceiver, also those a remote offer created (they have no sender in `senders`). */
  transceivers: FakeTransceiver[] = [];
  rollbacks = 0;
  restartIceCalls = 0;
  /** How often the browser fired negotiationneeded. */
  negotiationNeededEvents = 0;
  addedCandidates: unknown[] = [];
  closed = false;
  onnegotiationneeded: (() => void) | null = null;
  onicecandidate: ((event: { candidate: unknown }) => void) | null = null;
  ontrack: ((event: { track: FakeTrack; transceiver?: FakeTransceiver }) => void) | null = null;
  oniceconnectionstatechange: (() => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  /** The browser's [[NegotiationNeeded]] flag: changes not yet carried by a local description. */
  private negotiationNeeded = false;
  private iceRestartPending = false;
  /** setLocalDescription/setRemoteDescription calls in flight (the browser's operations chain). */
  private busy = 0;
  /** Transceivers that got their mid from the local offer in flight (a rollback takes it back). */
  private provisional: FakeTransceiver[] = [];

  constructor(public config: RTCConfiguration) {
    FakeRTCPeerConnection.last = this;
  }

  getConfiguration = () => this.config;
  setConfiguration = (config: RTCConfiguration) => {
    this.config = config;
  };

  async setLocalDescription(description?: { type: 'rollback' }): Promise<void> {
    this.busy += 1;
    await tick();
    this.busy -= 1;
    if (description?.type === 'rollback') {
      if (this.signalingState !== 'have-local-offer') {
        this.afterOperation();
        throw new DOMException('nothing to roll back', 'InvalidStateError');
      }
      this.rollbacks += 1;
      this.undoProvisionalMids();
      this.signalingState = 'stable';
      this.afterOperation();
      return;
    }
    if (this.signalingState === 'have-remote-offer') {
      const offer = this.remoteDescription?.sdp ?? '';
      const offered = directionsOf(offer);
      const lines = kindsOf(offer).map((kind, index) => {
        const transceiver = this.transceivers.find((t) => t.mid === String(index));
        if (!transceiver) return this.mediaLine(undefined, kind);
        // What this side may send and receive on the line, given what the offer sends and receives.
        const answered = directionOf(
          sends(transceiver.direction) && receives(offered[index] ?? 'sendrecv'),
          receives(transceiver.direction) && sends(offered[index] ?? 'sendrecv'),
        );
        transceiver.currentDirection = answered;
        return this.mediaLine(transceiver.sender, kind, answered);
      });
      this.localDescription = {
        type: 'answer',
        sdp: [`answer-to-${offer.split(' ')[0]}`, ...lines].join(' '),
      };
      this.currentRemoteDescription = this.remoteDescription;
      // The answer carries our tracks only on the lines the offer had; an ICE restart needs our own offer.
      if (!this.iceRestartPending && this.transceivers.every((t) => t.mid !== null && !t.changed)) {
        this.negotiationNeeded = false;
      }
      this.signalingState = 'stable';
    } else {
      offers += 1;
      const lines: string[] = [];
      for (const transceiver of this.transceivers) {
        if (transceiver.mid === null) {
          transceiver.mid = String(this.transceivers.filter((t) => t.mid !== null).length);
          this.provisional.push(transceiver);
        }
        transceiver.changed = false;
        lines[Number(transceiver.mid)] = this.mediaLine(
          transceiver.sender,
          transceiver.sender.kind,
          transceiver.direction,
        );
      }
      const restart = this.iceRestartPending ? ['ice-restart'] : [];
      this.localDescription = { type: 'offer', sdp: [`offer-${offers}`, ...lines, ...restart].join(' ') };
      this.negotiationNeeded = this.iceRestartPending = false;
      this.signalingState = 'have-local-offer';
    }
    this.afterOperation();
  }

  async setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.busy += 1;
    await tick();
    this.busy -= 1;
    if (description.type === 'offer') {
      if (this.signalingState === 'have-local-offer') {
        this.rollbacks += 1; // implicit rollback
        this.undoProvisionalMids();
      }
      this.signalingState = 'have-remote-offer';
      this.remoteDescription = description;
      this.takeRemoteLines(description.sdp);
    } else if (description.type === 'answer') {
      if (this.signalingState !== 'have-local-offer') {
        this.afterOperation();
        throw new DOMException('no offer', 'InvalidStateError');
      }
      this.signalingState = 'stable';
      this.currentRemoteDescription = description;
      this.remoteDescription = description;
      this.provisional = [];
      const answered = directionsOf(description.sdp);
      for (const transceiver of this.transceivers) {
        const line = transceiver.mid === null ? undefined : answered[Number(transceiver.mid)];
        if (!line) continue;
        // The answer's direction seen from here: what it sends we receive, and the other way round.
        transceiver.currentDirection = directionOf(receives(line), sends(line));
        this.receive(transceiver, sends(line));
      }
    }
    this.afterOperation();
  }

  async addIceCandidate(candidate: { usernameFragment?: string | null } | undefined): Promise<void> {
    await tick();
    if (!this.remoteDescription) throw new DOMException('no remote description', 'InvalidStateError');
    const ufrag = candidate?.usernameFragment;
    const known = [this.remoteDescription, this.currentRemoteDescription].flatMap((d) => ufragsOf(d?.sdp));
    if (ufrag && !known.includes(ufrag)) throw new DOMException('unknown ufrag', 'OperationError');
    this.addedCandidates.push(candidate);
  }

  /** Like the browser, takes over a line the other side offered for this kind if this side never sent on it. */
  addTrack(track: FakeTrack): FakeSender {
    const offered = this.transceivers.find(
      (t) => t.sender.kind === track.kind && !this.senders.includes(t.sender) && !t.fromAddTrack,
    );
    if (!offered) return this.addSender(new FakeSender(track), 'sendrecv', true).sender;
    offered.sender.track = track;
    this.senders.push(offered.sender);
    offered.direction = offered.direction === 'inactive' ? 'sendonly' : 'sendrecv';
    return offered.sender;
  }

  addTransceiver(
    trackOrKind: FakeTrack | 'audio' | 'video',
    init?: { direction?: RTCRtpTransceiverDirection },
  ): FakeTransceiver {
    const sender =
      typeof trackOrKind === 'string'
        ? new FakeSender(null, trackOrKind, init?.direction)
        : new FakeSender(trackOrKind, trackOrKind.kind, init?.direction);
    return this.addSender(sender, init?.direction ?? 'sendrecv', false);
  }

  getTransceivers = () => [...this.transceivers];

  restartIce(): void {
    this.restartIceCalls += 1;
    // Like the browser: before any local description there are no ICE credentials to replace.
    if (!this.localDescription) return;
    this.iceRestartPending = true;
    this.needNegotiation();
  }

  close(): void {
    this.closed = true;
    this.connectionState = 'closed';
  }

  // Test controls, playing the browser:
  setIceState(state: RTCIceConnectionState, connection?: RTCPeerConnectionState): void {
    this.iceConnectionState = state;
    this.oniceconnectionstatechange?.();
    if (connection) {
      this.connectionState = connection;
      this.onconnectionstatechange?.();
    }
  }

  private mediaLine(sender: FakeSender | undefined, kind: string, direction = 'sendrecv'): string {
    return `m=${kind}:${sender?.track?.id ?? '-'}${direction === 'sendrecv' ? '' : `:${direction}`}`;
  }

  private addSender(sender: FakeSender, direction: RTCRtpTransceiverDirection, fromAddTrack: boolean) {
    const transceiver = new FakeTransceiver(sender, direction, fromAddTrack, () => this.needNegotiation());
    this.senders.push(sender);
    this.transceivers.push(transceiver);
    this.needNegotiation();
    return transceiver;
  }

  /** Each line of a remote offer finds its transceiver: by mid, else an addTrack one of its kind, else a new one. */
  private takeRemoteLines(sdp: string | undefined): void {
    const offered = directionsOf(sdp);
    kindsOf(sdp).forEach((kind, index) => {
      const mid = String(index);
      let transceiver =
        this.transceivers.find((t) => t.mid === mid) ??
        this.transceivers.find((t) => t.mid === null && t.fromAddTrack && t.sender.kind === kind);
      if (!transceiver) {
        transceiver = new FakeTransceiver(
          new FakeSender(null, kind as 'audio' | 'video'),
          'recvonly',
          false,
          () => this.needNegotiation(),
        );
        this.transceivers.push(transceiver);
      }
      transceiver.mid = mid;
      this.receive(transceiver, sends(offered[index] ?? 'sendrecv'));
    });
  }

  /** Like the browser: a track event when the other side starts sending on a line. */
  private receive(transceiver: FakeTransceiver, sending: boolean): void {
    const started = sending && !transceiver.receiving;
    transceiver.receiving = sending;
    if (started) this.ontrack?.({ track: transceiver.receiver.track, transceiver });
  }

  private undoProvisionalMids(): void {
    for (const transceiver of this.provisional) transceiver.mid = null;
    this.provisional = [];
  }

  /** Like the browser: one event when the flag goes up, fired asynchronously and only once stable. */
  private needNegotiation(): void {
    if (this.negotiationNeeded) return;
    this.negotiationNeeded = true;
    this.fireNegotiationNeeded();
  }

  /** Back in stable with the flag still up (e.g. the event came while not stable): fire again. */
  private afterOperation(): void {
    if (this.signalingState === 'stable' && this.negotiationNeeded) this.fireNegotiationNeeded();
  }

  private fireNegotiationNeeded(): void {
    queueMicrotask(() => {
      if (!this.negotiationNeeded || this.closed || this.busy > 0 || this.signalingState !== 'stable') return;
      this.negotiationNeededEvents += 1;
      this.onnegotiationneeded?.();
    });
  }
}
