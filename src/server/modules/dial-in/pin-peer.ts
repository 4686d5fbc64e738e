import { PeerConnection } from 'node-datachannel';
import { createTelephoneEventReader, telephoneEventType } from './dtmf';

/**
 * The WebRTC side of a phone call while the caller types the PIN. Janus's SIP plugin answers a SIP
 * INVITE only with a WebRTC answer in hand, and before the PIN no browser may hear the caller, so the
 * server answers itself (libdatachannel through node-datachannel): it receives the call's RTP and
 * reads RFC 4733 telephone events from it (Janus 1.1.2 does not report them), and sends nothing.
 */
export interface PinPeer {
  /** The SDP answer to Janus's offer, once ICE gathering completed (no trickling needed). */
  answer: Promise<string>;
  /** Janus's trickled candidates. */
  addCandidate(candidate: string, mid: string): void;
  close(): void;
}

export function createPinPeer(offer: string, onKey: (key: string) => void, bindAddress?: string): PinPeer {
  const pc = new PeerConnection('amtsraum-dial-in', {
    iceServers: [],
    ...(bindAddress ? { bindAddress } : {}),
  });
  const pt = telephoneEventType(offer);
  // Without telephone-event in Janus's offer the phone sends no RFC 4733 events: keys come by SIP INFO.
  if (pt !== undefined) {
    const read = createTelephoneEventReader(pt, onKey);
    pc.onTrack((track) => track.onMessage(read));
  }
  const answer = new Promise<string>((resolve, reject) => {
    pc.onGatheringStateChange((state) => {
      if (state !== 'complete') return;
      const local = pc.localDescription();
      if (local?.sdp) resolve(local.sdp);
      else reject(new Error('no local description after gathering'));
    });
  });
  pc.setRemoteDescription(offer, 'offer');
  return {
    answer,
    addCandidate: (candidate, mid) => pc.addRemoteCandidate(candidate, mid),
    close: () => pc.close(),
  };
}
