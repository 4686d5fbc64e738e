import { z } from 'zod';
import { readExternalSecret } from './security/secret-sources';

/**
 * Phone dial-in (issue 18): Janus's SIP plugin holds the authority's line, Amtsraum drives it.
 * - registrar: Janus registers SIP_IDENTITY at SIP_REGISTRAR (the PBX or SIP trunk) with
 *   SIP_AUTH_USER / SIP_PASSWORD, and the PBX routes the dial-in number to that registration.
 * - peer: Janus registers nowhere ("guest") and takes INVITEs from the PBX at SIP_PEER_HOST directly.
 *   Calls whose From host is another are declined; the real boundary is the firewall in front of
 *   Janus's SIP ports, since a From header can be forged.
 * Off (the default): nothing shows a phone number, the dial-in routes answer 404.
 */
export interface SipSettings {
  mode: 'registrar' | 'peer';
  /** Shown to citizens as the number to call, E.164 (+4930123456). */
  dialInNumber: string;
  /** The Janus server whose SIP plugin holds the line. */
  janusUrl: string;
  /** A caller who has not typed a valid PIN this long after the answer is hung up. */
  pinSeconds: number;
  /** Wrong PINs from one caller number before it is locked out for lockMinutes. */
  maxWrongPins: number;
  lockMinutes: number;
  /** How long an issued PIN works (it also ends with the consultation). */
  pinValidHours: number;
  registrar?: { proxy: string; identity: string; authUser: string | undefined; secret: string };
  peerHost?: string;
}

export interface SipIssue {
  variable: string;
  message: string;
}

const SipUri = z.string().regex(/^sips?:[^\s@]+(@[^\s@]+)?$/, 'must be a sip: or sips: URI');
const Host = z.string().regex(/^[A-Za-z0-9.:-]+$/, 'must be a host name or an IP address');

const SipSchema = z.object({
  SIP_MODE: z.enum(['off', 'peer', 'registrar']).default('off'),
  SIP_DIAL_IN_NUMBER: z
    .string()
    .regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +4930123456 (a plus, 7 to 15 digits)')
    .optional(),
  SIP_JANUS_URL: z
    .string()
    .regex(/^wss?:[^\s]+$/, 'must start with ws: or wss:')
    .optional(),
  SIP_REGISTRAR: SipUri.optional(),
  SIP_IDENTITY: SipUri.optional(),
  SIP_AUTH_USER: z.string().min(1).optional(),
  SIP_PEER_HOST: Host.optional(),
  SIP_PIN_SECONDS: z.coerce.number().int().min(10).max(300).default(60),
  SIP_PIN_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  SIP_LOCK_MINUTES: z.coerce.number().int().min(1).max(1_440).default(15),
  SIP_PIN_VALID_HOURS: z.coerce.number().int().min(1).max(72).default(4),
});

/** Reads and cross-checks the SIP_* variables; a wrong one comes back as an issue naming it. */
export function readSip(
  env: Record<string, string | undefined>,
  janusUrls: string[],
  dataDir: string,
): { sip: SipSettings | undefined; issues: SipIssue[] } {
  const parsed = SipSchema.safeParse(env);
  if (!parsed.success) {
    return {
      sip: undefined,
      issues: parsed.error.issues.map((i) => ({ variable: i.path.join('.'), message: i.message })),
    };
  }
  const v = parsed.data;
  if (v.SIP_MODE === 'off') return { sip: undefined, issues: [] };
  const issues: SipIssue[] = [];
  const need = (variable: keyof typeof v, why: string) => {
    if (v[variable] === undefined)
      issues.push({ variable, message: `required with SIP_MODE=${v.SIP_MODE}${why}` });
  };
  need('SIP_DIAL_IN_NUMBER', ' (the number citizens call)');
  const janusUrl = v.SIP_JANUS_URL ?? janusUrls[0];
  if (!janusUrl) {
    issues.push({ variable: 'SIP_JANUS_URL', message: 'required with SIP_MODE when JANUS_URL is empty' });
  }
  let registrar: SipSettings['registrar'];
  if (v.SIP_MODE === 'registrar') {
    need('SIP_REGISTRAR', ' (the PBX or trunk Janus registers at)');
    need('SIP_IDENTITY', ' (the line, e.g. sip:4930123456@pbx.example.org)');
    const password = readExternalSecret(env, 'SIP_PASSWORD', dataDir);
    issues.push(...password.issues);
    if (!password.value && password.issues.length === 0) {
      issues.push({ variable: 'SIP_PASSWORD', message: 'required with SIP_MODE=registrar' });
    }
    if (v.SIP_REGISTRAR && v.SIP_IDENTITY && password.value) {
      registrar = {
        proxy: v.SIP_REGISTRAR,
        identity: v.SIP_IDENTITY,
        authUser: v.SIP_AUTH_USER,
        secret: password.value,
      };
    }
  } else {
    need('SIP_PEER_HOST', ' (the PBX or SBC that sends the calls)');
  }
  if (issues.length > 0 || !janusUrl || !v.SIP_DIAL_IN_NUMBER) return { sip: undefined, issues };
  return {
    sip: {
      mode: v.SIP_MODE,
      dialInNumber: v.SIP_DIAL_IN_NUMBER,
      janusUrl,
      pinSeconds: v.SIP_PIN_SECONDS,
      maxWrongPins: v.SIP_PIN_ATTEMPTS,
      lockMinutes: v.SIP_LOCK_MINUTES,
      pinValidHours: v.SIP_PIN_VALID_HOURS,
      ...(registrar ? { registrar } : {}),
      ...(v.SIP_PEER_HOST ? { peerHost: v.SIP_PEER_HOST } : {}),
    },
    issues: [],
  };
}
