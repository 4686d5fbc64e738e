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
  constructor(public track: FakeTrack | null) {}
  replaceTrack = async (track: FakeTrack | null) => {
    this.track = track;
  };
}

let offers = 0;

export class FakeRTCPeerConnection {
  static last: FakeRTCPeerConnection | undefined;
  signalingState: RTCSignalingState = 'stable';
  iceConnectionState: RTCIceConnectionState = 'new';
  connectionState: RTCPeerConnectionState = 'new';
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  senders: FakeSender[] = [];
  rollbacks = 0;
  restartIceCalls = 0;
  addedCandidates: unknown[] = [];
  closed = false;
  onnegotiationneeded: (() => void) | null = null;
  onicecandidate: ((event: { candidate: unknown }) => void) | null = null;
  ontrack: ((event: { track: FakeTrack }) => void) | null = null;
  oniceconnectionstatechange: (() => void) | null = null;
  onconnectionstatechange: (() => void) | null = null;

  constructor(readonly config: RTCConfiguration) {
    FakeRTCPeerConnection.last = this;
  }

  async setLocalDescription(): Promise<void> {
    await tick();
    if (this.signalingState === 'have-remote-offer') {
      this.localDescription = { type: 'answer', sdp: `answer-to-${this.remoteDescription?.sdp}` };
      this.signalingState = 'stable';
    } else {
      offers += 1;
      const restart = this.restartIceCalls > 0 ? ' ice-restart' : '';
      this.localDescription = { type: 'offer', sdp: `offer-${offers}${restart}` };
      this.signalingState = 'have-local-offer';
    }
  }

  async setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    await tick();
    if (description.type === 'offer') {
      if (this.signalingState === 'have-local-offer') this.rollbacks += 1; // implicit rollback
      this.signalingState = 'have-remote-offer';
    } else if (description.type === 'answer') {
      if (this.signalingState !== 'have-local-offer') throw new DOMException('no offer', 'InvalidStateError');
      this.signalingState = 'stable';
    }
    this.remoteDescription = description;
  }

  async addIceCandidate(candidate: unknown): Promise<void> {
    await tick();
    if (!this.remoteDescription) throw new DOMException('no remote description', 'InvalidStateError');
    this.addedCandidates.push(candidate);
  }

  addTrack(track: FakeTrack): FakeSender {
    const sender = new FakeSender(track);
    this.senders.push(sender);
    this.negotiationNeeded();
    return sender;
  }

  restartIce(): void {
    this.restartIceCalls += 1;
    this.negotiationNeeded();
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

  private negotiationNeeded(): void {
    // Like the browser: fired asynchronously, and only once stable.
    queueMicrotask(() => {
      if (this.signalingState === 'stable' && !this.closed) this.onnegotiationneeded?.();
    });
  }
}
