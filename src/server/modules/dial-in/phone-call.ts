import type { DialInPins } from './dial-in-pins';
import { createPinEntry } from './pin-entry';
import type { PinPeer } from './pin-peer';

export type KeySource = 'rtp' | 'janus' | 'info';

export interface PhoneCallDeps {
  pins: DialInPins;
  pinDigits: number;
  pinSeconds: number;
  /** How often a joined call checks that its consultation still runs (it may end on any process). */
  liveCheckMs: number;
  /** Ends the call towards the phone (Janus sends the BYE). */
  hangUp: () => void;
  log: (message: string, details?: Record<string, unknown>) => void;
}

/**
 * One answered call: the caller has pinSeconds to type a valid PIN, may retry a wrong one until the
 * lockout, and is hung up on otherwise. Keys may come three ways (RTP telephone events read by the
 * PIN peer, Janus ≥ 1.2.1's own "dtmf" events, SIP INFO); the first way that delivers one is the
 * call's, so a key Janus reports and relays as well is not counted twice.
 */
export function createPhoneCall(caller: string, deps: PhoneCallDeps) {
  let source: KeySource | undefined;
  let callId: string | undefined;
  let ended = false;
  let hangingUp = false;
  let leaveReason: 'hung_up' | 'removed' | 'ended' = 'hung_up';
  let watch: NodeJS.Timeout | undefined;
  let checking = Promise.resolve();
  let peer: PinPeer | undefined;

  const end = (reason: string) => {
    if (ended || hangingUp) return;
    hangingUp = true;
    deps.log('dial-in call ended by Amtsraum', { reason });
    deps.hangUp();
  };
  const timer = setTimeout(() => {
    if (!callId) end('no valid PIN in time');
  }, deps.pinSeconds * 1000);

  const check = async (pin: string) => {
    if (ended || callId) return;
    const result = await deps.pins.redeem(caller, pin);
    if (result.outcome === 'joined') {
      clearTimeout(timer);
      const joined = result.callId;
      callId = joined;
      // Polling rather than a bus message: the consultation may end on any process, and a few
      // seconds of a caller on an ended call is no harm (they hear nobody).
      watch = setInterval(() => {
        deps.pins
          .isLive(joined)
          .then((live) => {
            if (live || hangingUp) return;
            leaveReason = 'ended';
            end('consultation ended');
          })
          .catch((error) => deps.log('dial-in live check failed', { error: String(error) }));
      }, deps.liveCheckMs);
      return;
    }
    if (result.outcome === 'locked' || result.locked) end('caller locked out after wrong PINs');
  };
  const entry = createPinEntry(deps.pinDigits, (pin) => {
    // One PIN at a time, in order: a lockout decided by the first ends the second.
    checking = checking.then(() => check(pin)).catch((error) => deps.log('PIN check failed', { error }));
  });

  return {
    /**
     * The PIN peer, once the call has one. It stays the call's WebRTC side after a valid PIN too:
     * closing it would make Janus hang up on the caller.
     */
    attach(pinPeer: PinPeer) {
      peer = pinPeer;
    },
    /** A candidate Janus trickled for the PIN peer. */
    peerCandidate(candidate: string, mid: string) {
      peer?.addCandidate(candidate, mid);
    },
    key(from: KeySource, key: string) {
      source ??= from;
      if (source === from && !ended && !callId) entry.key(key);
    },
    /** The agent removes the joined caller: Janus sends the BYE, `ended` records the removal. */
    remove() {
      leaveReason = 'removed';
      hangingUp = true;
      deps.hangUp();
    },
    /** The call is over, whoever hung up; a joined caller leaves the consultation. */
    async ended() {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      clearInterval(watch);
      peer?.close();
      await checking;
      if (callId) await deps.pins.leave(callId, leaveReason);
    },
    get callId() {
      return callId;
    },
  };
}
export type PhoneCall = ReturnType<typeof createPhoneCall>;
