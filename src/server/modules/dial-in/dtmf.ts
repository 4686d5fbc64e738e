/**
 * Keypad digits as they reach Amtsraum from a phone call through Janus's SIP plugin. Debian's Janus
 * 1.1.2 reports SIP INFO (application/dtmf-relay) as an "info" event, but RFC 4733 (2833) telephone
 * events in RTP only from 1.2.1 on (a "dtmf" event, janus-gateway #3280); before that it merely relays
 * them to the WebRTC side of the call, where the PIN peer (pin-peer.ts) reads them from the RTP itself.
 */

const KEYS = '0123456789*#ABCD';

/** The key of an RFC 4733 event code (0–15), undefined for tones and flash. */
export const keyOfEvent = (event: number) => KEYS[event];

/** Reads one RTP packet: the telephone event it carries when its payload type is `pt`. */
export function telephoneEvent(
  packet: Uint8Array,
  pt: number,
): { key: string | undefined; end: boolean; timestamp: number } | undefined {
  if (packet.length < 12 || packet[0]! >> 6 !== 2) return undefined;
  // RTCP shares the port (rtcp-mux): its packet types 200–204 read as payload types 72–76.
  if ((packet[1]! & 0x7f) !== pt) return undefined;
  let offset = 12 + 4 * (packet[0]! & 0x0f);
  if (packet[0]! & 0x10) {
    if (packet.length < offset + 4) return undefined;
    offset += 4 + 4 * ((packet[offset + 2]! << 8) | packet[offset + 3]!);
  }
  if (packet.length < offset + 4) return undefined;
  const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
  return {
    key: keyOfEvent(packet[offset]!),
    end: (packet[offset + 1]! & 0x80) !== 0,
    timestamp: view.getUint32(4),
  };
}

/**
 * Turns a call's RTP into keys, one per event. An event's end is sent three times (RFC 4733
 * §2.5.1.4) with the event's timestamp; a repeat is an end packet with the last end's timestamp and
 * no packet of a new event in between. The timestamp alone does not tell events apart: a phone (SIPp
 * replaying one pcap per key) may start two events at the same timestamp.
 */
export function createTelephoneEventReader(pt: number, onKey: (key: string) => void) {
  let lastEnd: number | undefined;
  let fresh = true;
  return (packet: Uint8Array) => {
    const event = telephoneEvent(packet, pt);
    if (!event) return;
    if (!event.end) {
      fresh = true;
      return;
    }
    if (!fresh && event.timestamp === lastEnd) return;
    fresh = false;
    lastEnd = event.timestamp;
    if (event.key !== undefined) onKey(event.key);
  };
}

/** The payload type the SDP gives telephone-event/8000, if any. */
export function telephoneEventType(sdp: string): number | undefined {
  const match = /^a=rtpmap:(\d+) telephone-event\/8000/im.exec(sdp);
  return match ? Number(match[1]) : undefined;
}

/** The key of a SIP INFO body of type application/dtmf-relay ("Signal=5\r\nDuration=160"). */
export function dtmfRelayKey(contentType: string, body: string): string | undefined {
  if (contentType.toLowerCase() !== 'application/dtmf-relay') return undefined;
  const signal = /^\s*signal\s*=\s*(\S)/im.exec(body)?.[1]?.toUpperCase();
  return signal && KEYS.includes(signal) ? signal : undefined;
}
