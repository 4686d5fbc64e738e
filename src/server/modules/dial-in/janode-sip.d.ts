/**
 * The part of janode 1.8's SIP plugin Amtsraum uses (janode ships no types; the core is declared in
 * modules/events/janode.d.ts). Events carry the fields janode copies from Janus's "result".
 */
declare module 'janode/plugins/sip' {
  import type { JanodeHandle, Jsep } from 'janode';

  export interface SipIncoming {
    call_id?: string;
    /** The caller's URI, e.g. sip:+4930123456@pbx.example.org. */
    username: string;
    callee?: string;
    jsep?: Jsep;
  }

  export interface SipInfo {
    call_id?: string;
    sender: string;
    type: string;
    content: string;
  }

  /** Janus ≥ 1.2.1 only: an RFC 2833 event it read from the caller's RTP. */
  export interface SipDtmf {
    call_id?: string;
    signal: string;
    duration?: number;
  }

  export interface SipHandle extends JanodeHandle {
    /** A plugin request with Janus's field names; resolves with the event that closes it. */
    message(body: Record<string, unknown>, jsep?: Jsep): Promise<unknown>;
    accept(params: { jsep: Jsep }): Promise<unknown>;
    decline(): Promise<unknown>;
    sip_hangup(): Promise<unknown>;
  }

  const SipPlugin: {
    id: string;
    Handle: new (...args: never[]) => SipHandle;
    EVENT: {
      SIP_INCOMING: string;
      SIP_HANGUP: string;
      SIP_INFO: string;
      SIP_DTMF: string;
    };
  };
  export default SipPlugin;
}
