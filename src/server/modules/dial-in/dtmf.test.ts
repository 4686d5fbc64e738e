import { describe, expect, it } from 'vitest';
import { createTelephoneEventReader, dtmfRelayKey, telephoneEventType } from './dtmf';
import { createPinEntry } from './pin-entry';

/** An RTP packet of payload type 101 carrying one RFC 4733 event. */
const eventPacket = (event: number, end: boolean, timestamp = 1234) => {
  const packet = new Uint8Array(16);
  packet[0] = 0x80;
  packet[1] = 101;
  new DataView(packet.buffer).setUint32(4, timestamp);
  packet[12] = event;
  packet[13] = end ? 0x80 | 10 : 10;
  packet[14] = 0x03;
  packet[15] = 0x20;
  return packet;
};

describe('DTMF from a phone', () => {
  it('reads one key per RFC 4733 event: repeated ends once, a new event at the same timestamp again', () => {
    const keys: string[] = [];
    const read = createTelephoneEventReader(101, (key) => keys.push(key));
    // "5": start, end three times; then "5" and "#" again from timestamp 0, as a replayed pcap does.
    for (const packet of [eventPacket(5, false, 0), eventPacket(5, true, 0), eventPacket(5, true, 0)])
      read(packet);
    read(eventPacket(5, true, 0));
    read(eventPacket(5, false, 0));
    read(eventPacket(5, true, 0));
    read(eventPacket(11, false, 160));
    read(eventPacket(11, true, 160));
    // Another payload type, an unknown event and a runt are ignored.
    read(eventPacket(7, true, 999).map((b, i) => (i === 1 ? 100 : b)));
    read(eventPacket(40, false, 480));
    read(eventPacket(40, true, 480));
    read(new Uint8Array(8));
    expect(keys).toEqual(['5', '5', '#']);
  });

  it('finds the telephone-event payload type in an SDP', () => {
    const sdp =
      'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 8 0 101\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:101 telephone-event/8000\r\n';
    expect(telephoneEventType(sdp)).toBe(101);
    expect(telephoneEventType('v=0\r\nm=audio 9 RTP/AVP 8\r\n')).toBeUndefined();
  });

  it('reads SIP INFO dtmf-relay bodies', () => {
    expect(dtmfRelayKey('application/dtmf-relay', 'Signal=7\r\nDuration=160\r\n')).toBe('7');
    expect(dtmfRelayKey('Application/DTMF-Relay', 'signal= #\nduration=100')).toBe('#');
    expect(dtmfRelayKey('text/plain', 'Signal=7')).toBeUndefined();
    expect(dtmfRelayKey('application/dtmf-relay', 'Signal=x')).toBeUndefined();
  });

  it('turns keys into PIN attempts: complete at the length, # ends early, * starts over', () => {
    const attempts: string[] = [];
    const entry = createPinEntry(4, (pin) => attempts.push(pin));
    for (const key of '12*9876') entry.key(key);
    for (const key of '55#') entry.key(key);
    entry.key('#');
    expect(attempts).toEqual(['9876', '55']);
  });
});
