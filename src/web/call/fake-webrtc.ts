/**
 * Just enough of RTCPeerConnection and MediaStream for unit tests in node: a signaling state machine
 * (stable / have-local-offer / have-remote-offer with implicit rollback) and asynchronous operations,
 * which is what perfect negotiation depends on. Not a test file itself (no .test.ts suffix).
 */
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
  parameters: { encodings: { maxBitrate?: number }[] } = { encodings: [{}] };
  getParameters = () => structuredClone(this.parameters);
  setParameters = async (parameters: { encodings: { maxBitrate?: number }[] }) => {
    this.parameters = structuredClone(parameters);
  };
}

let offers = 0;

/** The media lines of a fake description ("m=audio:<track id or ->"), which is all the fake's SDP says. */
const mediaLines = (sdp: string | undefined) =>
  (sdp ?? '').split(' ').filter((part) => part.startsWith('m='));
const kindsOf = (sdp: string | undefined) => mediaLines(sdp).map((line) => line.slice(2).split(':')[0] ?? '');
const ufragsOf = (sdp: string | undefined) =>
  (sdp ?? '').split(' ').flatMap((part) => (part.startsWith('ufrag=') ? [part.slice(6)] : []));

/**
 * Fake SDP: an offer is "offer-<n>", one "m=<kind>:<track id or ->" per sender, then "ice-restart" if it
 * restarts ICE; an answer is "answer-to-<first word of the offer>" with a line for each line the offer
 * had, carrying this side's track of that kind (like a browser reusing its addTrack transceivers).
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
  rollbacks = 0;
  restartIceCalls = 0;
  /** How often the browser fired negotiationneeded. */
  negotiationNeededEvents = 0;
  addedCandidates: unknown[] = [];
  closed = false;
  onnegotiationneeded: (() => void) | null = null;
  onicecandidate: ((event: { candidate: unknown }) => void) | null = null;
  ontrack: ((event: { track: FakeTrack }) => void) | null = null;
  oniceconnectionstatechange: (() => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;
  /** The browser's [[NegotiationNeeded]] flag: changes not yet carried by a local description. */
  private negotiationNeeded = false;
  private iceRestartPending = false;
  /** setLocalDescription/setRemoteDescription calls in flight (the browser's operations chain). */
  private busy = 0;

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
      this.signalingState = 'stable';
      this.afterOperation();
      return;
    }
    if (this.signalingState === 'have-remote-offer') {
      const offer = this.remoteDescription?.sdp ?? '';
      const lines = kindsOf(offer).map((kind) =>
        this.mediaLine(
          this.senders.find((s) => s.kind === kind),
          kind,
        ),
      );
      this.localDescription = {
        type: 'answer',
        sdp: [`answer-to-${offer.split(' ')[0]}`, ...lines].join(' '),
      };
      this.currentRemoteDescription = this.remoteDescription;
      // The answer carries our tracks only on the lines the offer had; an ICE restart needs our own offer.
      const carried = kindsOf(offer);
      if (!this.iceRestartPending && this.senders.every((s) => carried.includes(s.kind))) {
        this.negotiationNeeded = false;
      }
      this.signalingState = 'stable';
    } else {
      offers += 1;
      const lines = this.senders.map((sender) => this.mediaLine(sender, sender.kind));
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
      if (this.signalingState === 'have-local-offer') this.rollbacks += 1; // implicit rollback
      this.signalingState = 'have-remote-offer';
    } else if (description.type === 'answer') {
      if (this.signalingState !== 'have-local-offer') {
        this.afterOperation();
        throw new DOMException('no offer', 'InvalidStateError');
      }
      this.signalingState = 'stable';
      this.currentRemoteDescription = description;
    }
    this.remoteDescription = description;
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

  addTrack(track: FakeTrack): FakeSender {
    const sender = new FakeSender(track);
    this.senders.push(sender);
    this.needNegotiation();
    return sender;
  }

  addTransceiver(
    kind: 'audio' | 'video',
    init?: { direction?: RTCRtpTransceiverDirection },
  ): { sender: FakeSender; direction: RTCRtpTransceiverDirection } {
    const sender = new FakeSender(null, kind, init?.direction);
    this.senders.push(sender);
    this.needNegotiation();
    return { sender, direction: sender.direction };
  }

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

  private mediaLine(sender: FakeSender | undefined, kind: string): string {
    return `m=${kind}:${sender?.track?.id ?? '-'}`;
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
