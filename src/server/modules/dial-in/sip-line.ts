import Janode, { type JanodeConnection } from 'janode';
import SipPlugin, { type SipDtmf, type SipHandle, type SipIncoming, type SipInfo } from 'janode/plugins/sip';
import type { SipSettings } from '../../config-sip';
import type { DialInPins } from './dial-in-pins';
import { PIN_DIGITS } from './dial-in-pins';
import { dtmfRelayKey } from './dtmf';
import { createPhoneCall, type PhoneCall } from './phone-call';
import { createPinPeer } from './pin-peer';

export interface SipLineDeps {
  sip: SipSettings;
  pins: DialInPins;
  /** Janus's api_secret (JANUS_API_SECRET), when it requires one. */
  apiSecret: string | undefined;
  log: (message: string, details?: Record<string, unknown>) => void;
}

/** A joined caller of a consultation that ended is hung up within this. */
const LIVE_CHECK_MS = 3_000;
/** The PIN peer gathers host candidates only: anything slower than this is broken. */
const ANSWER_TIMEOUT_MS = 5_000;

const withTimeout = <T>(promise: Promise<T>, ms: number, why: string) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(why)), ms);
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });

/** The user part of a SIP URI: the caller's number as the PBX presents it ("+4930123456"). */
const sipUser = (uri: string) => /^sips?:([^@;>]+)@/.exec(uri)?.[1] ?? '';
const sipHost = (uri: string) => /@([^:;>]+)/.exec(uri)?.[1] ?? '';

/**
 * The authority's phone line on Janus's SIP plugin: one SIP handle, registered at the PBX (registrar)
 * or taking INVITEs directly (peer, a "guest" registration). It answers each call through a PIN peer,
 * collects the PIN and hangs up on callers without a valid one. One call at a time per handle: Janus
 * answers a second caller "486 Busy" meanwhile.
 */
export function createSipLine(deps: SipLineDeps) {
  const { sip, log } = deps;
  let connection: JanodeConnection | undefined;
  let handle: SipHandle | undefined;
  let call: PhoneCall | undefined;
  let starting: Promise<void> | undefined;

  const hangUp = () => {
    handle?.sip_hangup().catch((error: unknown) => log('SIP hangup failed', { error: String(error) }));
  };

  async function incoming(event: SipIncoming) {
    const line = handle;
    if (!line) return;
    const caller = sipUser(event.username);
    // Peer mode: only the PBX's calls. A From host can be forged: the firewall is the real boundary.
    const stranger = sip.mode === 'peer' && sipHost(event.username) !== sip.peerHost;
    if (stranger || call || !event.jsep) {
      log('dial-in call declined', { reason: stranger ? 'not from the SIP peer' : 'busy or no offer' });
      await line.decline().catch(() => undefined);
      return;
    }
    const current = createPhoneCall(caller, {
      pins: deps.pins,
      pinDigits: PIN_DIGITS,
      pinSeconds: sip.pinSeconds,
      liveCheckMs: LIVE_CHECK_MS,
      hangUp,
      log,
    });
    call = current;
    const peer = createPinPeer(event.jsep.sdp, (key) => current.key('rtp', key));
    current.attach(peer);
    try {
      const sdp = await withTimeout(peer.answer, ANSWER_TIMEOUT_MS, 'ICE gathering took too long');
      await line.accept({ jsep: { type: 'answer', sdp } });
    } catch (error) {
      // Never answered: Janus reports no hang-up for it, so the line frees itself.
      log('dial-in call could not be answered', { error: String(error) });
      await line.decline().catch(() => undefined);
      if (call === current) await ended();
    }
  }

  async function ended() {
    const over = call;
    call = undefined;
    await over?.ended();
  }

  function listen(line: SipHandle) {
    line.on(SipPlugin.EVENT.SIP_INCOMING, (event: SipIncoming) => {
      incoming(event).catch((error: unknown) => log('dial-in call failed', { error: String(error) }));
    });
    line.on(Janode.EVENT.HANDLE_TRICKLE, (event: { candidate?: string; sdpMid?: string }) => {
      if (event.candidate && event.sdpMid !== undefined) call?.peerCandidate(event.candidate, event.sdpMid);
    });
    line.on(SipPlugin.EVENT.SIP_INFO, (event: SipInfo) => {
      const key = dtmfRelayKey(event.type, event.content);
      if (key) call?.key('info', key);
    });
    line.on(SipPlugin.EVENT.SIP_DTMF, (event: SipDtmf) => call?.key('janus', event.signal));
    line.on(SipPlugin.EVENT.SIP_HANGUP, () => {
      ended().catch((error: unknown) => log('dial-in leave failed', { error: String(error) }));
    });
  }

  return {
    /** Connects to Janus, attaches the SIP handle and registers the line; once (later calls wait for it). */
    start() {
      starting ??= register();
      return starting;
    },

    /** Hangs up on a joined caller if this process's line carries the call; says whether it did. */
    remove(callId: string) {
      if (!call || call.callId !== callId) return false;
      call.remove();
      return true;
    },

    async close() {
      await ended();
      handle = undefined;
      await connection?.close().catch(() => undefined);
      connection = undefined;
    },
  };

  async function register() {
    connection = await Janode.connect({
      address: { url: sip.janusUrl, ...(deps.apiSecret ? { apisecret: deps.apiSecret } : {}) },
      retry_time_secs: 1,
      max_retries: 1,
    });
    const session = await connection.create();
    const line = await session.attach(SipPlugin);
    listen(line);
    handle = line;
    const registrar = sip.registrar;
    // A guest registration sends no REGISTER: Janus just listens for INVITEs from the peer.
    await line.message(
      registrar
        ? {
            request: 'register',
            username: registrar.identity,
            secret: registrar.secret,
            proxy: registrar.proxy,
            ...(registrar.authUser ? { authuser: registrar.authUser } : {}),
          }
        : { request: 'register', type: 'guest', username: `sip:amtsraum@${sip.peerHost}` },
    );
  }
}
export type SipLine = ReturnType<typeof createSipLine>;
