import fc from 'fast-check';
import * as Y from 'yjs';
import { FREE_TEXT_KEY, formText } from '../../src/shared/form-doc';
import type { ClientMessage } from '../../src/shared/realtime';
import type { FuzzWorld } from './fuzz-world';

/**
 * One valid WebSocket message of each client message type, as the fuzz test mutates them. The test
 * fails for a type of ClientMessage (src/shared/realtime.ts) without an example here.
 */

const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** A small real Yjs update (the free-text field typed), as a form tab sends it. */
export function formUpdateBytes(): Uint8Array {
  const doc = new Y.Doc();
  formText(doc, FREE_TEXT_KEY).insert(0, 'Umzug');
  return Y.encodeStateAsUpdate(doc);
}

export const HELLO_EXAMPLES = (w: FuzzWorld) => ({
  citizen: { type: 'hello', as: 'citizen', visitToken: w.live.citizenToken } satisfies ClientMessage,
  staff: { type: 'hello', as: 'staff' } satisfies ClientMessage,
  guest: { type: 'hello', as: 'guest', guestToken: w.guest.token } satisfies ClientMessage,
  audience: { type: 'hello', as: 'audience', audienceToken: w.event.audienceToken } satisfies ClientMessage,
});

/** Messages after hello, sent by the admin's tab, which holds the world's live call. */
export const MESSAGE_EXAMPLES = (w: FuzzWorld): ClientMessage[] => [
  {
    type: 'signal',
    consultationId: w.live.consultationId,
    to: `citizen:${w.live.visitId}`,
    data: {
      candidate: {
        candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host',
        sdpMid: '0',
        sdpMLineIndex: 0,
        usernameFragment: 'abcd',
      },
    },
  },
  { type: 'call.rejoin', consultationId: w.live.consultationId },
  { type: 'call.take-over' },
  { type: 'ping' },
  {
    type: 'form.sync',
    consultationId: w.live.consultationId,
    stateVector: base64(Y.encodeStateVector(new Y.Doc())),
  },
  { type: 'form.update', consultationId: w.live.consultationId, update: base64(formUpdateBytes()) },
  { type: 'form.checklist', consultationId: w.live.consultationId, index: 0, ticked: true },
  // The world's event is years ahead: its doors are closed, so none of these reaches a media server.
  { type: 'event.publish', eventId: w.event.id, sdp: 'v=0\r\n' },
  { type: 'event.watch', eventId: w.event.id },
  { type: 'event.answer', eventId: w.event.id, sdp: 'v=0\r\n' },
  {
    type: 'event.candidate',
    eventId: w.event.id,
    media: 'publish',
    candidate: {
      candidate: 'candidate:1 1 udp 2122260223 192.0.2.1 54400 typ host',
      sdpMid: '0',
      sdpMLineIndex: 0,
    },
  },
  { type: 'event.leave', eventId: w.event.id, media: 'watch' },
  { type: 'event.follow', eventId: w.event.id },
];

/**
 * Base64 that decodes to bytes no Yjs encoder wrote: random bytes, and a real update with bytes
 * overwritten (lengths and counts that claim far more than the message holds).
 */
export const junkBase64: fc.Arbitrary<string> = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map(base64),
  fc
    .record({
      at: fc.nat(),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 6 }),
    })
    .map(({ at, bytes }) => {
      const update = formUpdateBytes();
      const from = at % update.length;
      update.set(bytes.subarray(0, update.length - from), from);
      return base64(update);
    }),
);

/** Frames no client should send: binary, broken or non-object JSON, deep nesting, and one too large. */
export const JUNK_FRAMES: (string | Buffer)[] = [
  '',
  'null',
  '[]',
  '"hello"',
  '42',
  '{"type":',
  '{"type":"hello"',
  '{"__proto__":{"type":"ping"}}',
  '{"type":"ping","type":"hello"}',
  `${'['.repeat(30_000)}${']'.repeat(30_000)}`,
  `{"type":"signal","data":"${'x'.repeat(60_000)}"}`,
  Buffer.from([0xff, 0xfe, 0x00, 0x01]),
  Buffer.from('{"type":"ping"}'),
  Buffer.from([0xed, 0xa0, 0x80]),
];

/** The largest frame the socket accepts; a larger one closes it with 1009 (message too big). */
export const SOCKET_MAX_BYTES = 64 * 1024;

/** Whether a message fits into one frame (larger ones are fuzzed once, as OVERSIZE_FRAME). */
export const fitsOneFrame = (message: unknown) =>
  Buffer.byteLength(JSON.stringify(message) ?? '') < SOCKET_MAX_BYTES;

export const OVERSIZE_FRAME = `{"type":"ping","pad":"${'x'.repeat(70_000)}"}`;
