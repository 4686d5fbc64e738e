import type { SipSettings } from '../../config-sip';
import type { Db } from '../../db/client';
import type { LinkTokens } from '../../security/link-tokens';
import { createDialInPins } from './dial-in-pins';
import { createSipLine, type SipLineDeps } from './sip-line';

/** Phone dial-in of this process: the PIN store and the SIP line on Janus (SIP_MODE set). */
export function createDialIn(deps: {
  db: Db;
  links: LinkTokens;
  sip: SipSettings;
  apiSecret: string | undefined;
  now: () => Date;
  log: SipLineDeps['log'];
}) {
  const pins = createDialInPins({ db: deps.db, links: deps.links, sip: deps.sip, now: deps.now });
  const line = createSipLine({ sip: deps.sip, pins, apiSecret: deps.apiSecret, log: deps.log });
  return { pins, line };
}
export type DialIn = ReturnType<typeof createDialIn>;
