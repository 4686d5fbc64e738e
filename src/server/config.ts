import { isIP } from 'node:net';
import { z } from 'zod';
import { readSip, type SipSettings } from './config-sip';
import {
  readExternalSecret,
  resolveAnchorFile,
  resolveSecretSettings,
  type SecretSettings,
} from './security/secret-sources';

const Port = z.coerce.number().int().min(0).max(65535);

const commaSeparated = (s: string) =>
  s
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);

const UrlList = (scheme: 'stun' | 'turn' | 'ws') =>
  z
    .string()
    .transform(commaSeparated)
    .refine(
      (urls) => urls.every((u) => new RegExp(`^${scheme}s?:[^\\s]+$`).test(u)),
      `each URL must start with ${scheme}: or ${scheme}s:`,
    );

/** proxy-addr's names for whole ranges: 127.0.0.0/8 and ::1, link-local, unique-local (private) addresses. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** An address, a CIDR range such as 10.0.0.0/8 or fd00::/8, or one of PROXY_RANGE_NAMES. */
function isProxyEntry(entry: string) {
  if (PROXY_RANGE_NAMES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  // proxy-addr refuses /0: trusting the whole internet would let every client name its own address.
  return /^\d{1,3}$/.test(prefix) && Number(prefix) >= 1 && Number(prefix) <= (family === 4 ? 32 : 128);
}

const ProxyList = z
  .string()
  .transform(commaSeparated)
  .refine(
    (entries) => entries.every(isProxyEntry),
    `each entry must be an IP address, a CIDR range or one of ${PROXY_RANGE_NAMES.join(', ')}`,
  );

/** Requests (or sockets) one client or office may make per window; see README "Rate limits". */
const Limit = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);

/** Every limit times the factor, rounded, at least 1. */
function scaleLimits<T extends Record<string, number>>(factor: number, limits: T): T {
  const entries = Object.entries(limits).map(([name, n]) => [name, Math.max(1, Math.round(n * factor))]);
  return Object.fromEntries(entries) as T;
}

/** Every setting comes from one environment variable; see README "Configuration". */
const ConfigSchema = z
  .object({
    PORT: Port.default(8080),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
      .optional(),
    PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
      .optional(),
    /** Idle minutes after which a staff session ends. */
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(60),
    /** Hours after which a staff session ends however active it is. */
    SESSION_MAX_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 7)
      .default(12),
    /** Comma-separated STUN URLs, e.g. "stun:turn.example.org:3478"; empty: none (same-network calls only). */
    STUN_URLS: UrlList('stun').default([]),
    /** Comma-separated TURN URLs, e.g. "turn:turn.example.org:3478?transport=udp,turns:turn.example.org:443". */
    TURN_URLS: UrlList('turn').default([]),
    /** coturn's static-auth-secret (use-auth-secret): credentials are minted per participant and expire. */
    TURN_SECRET: z.string().min(16, 'at least 16 characters').optional(),
    TURN_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(7_200),
    /** SMTP server for mails, e.g. smtp://user:pass@mail.example.org:587; unset: mails go to the outbox. */
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^\s/]+/, 'must be an smtp:// or smtps:// URL')
      .optional(),
    MAIL_FROM: z
      .string()
      .trim()
      .regex(
        /^(?:[^<>\r\n]*<[^\s@<>]+@[^\s@<>]+>|[^\s@<>]+@[^\s@<>]+)$/,
        'expected "Name <address@host>" or "address@host"',
      )
      .default('Amtsraum <no-reply@localhost>'),
    /** HTTP gateway for SMS reminders (POST {to, text}); unset: SMS go to the outbox. */
    SMS_GATEWAY_URL: z.url({ protocol: /^https?$/ }).optional(),
    SMS_GATEWAY_TOKEN: z.string().min(1).optional(),
    /** Bearer token Prometheus sends to /metrics (compared in constant time); unset: see METRICS_OPEN. */
    METRICS_TOKEN: z.string().min(16, 'at least 16 characters').optional(),
    /** Bearer token of the operator API (/api/operator, ≥ 32 characters); unset: that API is not mounted. */
    OPERATOR_TOKEN: z
      .string()
      .min(32, 'at least 32 characters')
      .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces')
      .optional(),
    /**
     * "true": /metrics answers without a token. Only when /metrics is not reachable through the reverse
     * proxy (nor from any other host); with neither this nor METRICS_TOKEN, /metrics answers 404.
     */
    METRICS_OPEN: z.enum(['true', 'false']).default('false'),
    /**
     * Secret for appointment links (≥ 32 characters). Never in the database or DATA_DIR: from here,
     * LINK_SECRET_FILE or the systemd credential LINK_SECRET; required with an https PUBLIC_URL, else
     * generated once into SECRETS_DIR (security/secret-sources.ts).
     */
    LINK_SECRET: z.string().min(32, 'at least 32 characters').optional(),
    /** Earliest booking: this many minutes from now. */
    BOOKING_MIN_NOTICE_MINUTES: z.coerce.number().int().min(0).max(10_080).default(120),
    /** Latest booking: this many days ahead. */
    BOOKING_HORIZON_DAYS: z.coerce.number().int().min(1).max(366).default(60),
    /** A waiting citizen none of whose tabs has been connected for this long leaves the queue. */
    QUEUE_DISCONNECT_GRACE_MINUTES: z.coerce.number().int().min(1).max(120).default(15),
    /** A walk-in whose page has not connected its live socket this long after entering holds no place. */
    QUEUE_CONNECT_GRACE_SECONDS: z.coerce.number().int().min(10).max(3_600).default(60),
    /** Walk-ins waiting at once in one office from one client address (IPv6: one /64); more are refused. */
    QUEUE_ENTRIES_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(3),
    /** A called citizen who did not answer is called again this often, then listed as missed. */
    QUEUE_RECALLS: z.coerce.number().int().min(0).max(10).default(3),
    /** Minutes before such a citizen may be called again. */
    QUEUE_RECALL_PAUSE_MINUTES: z.coerce.number().int().min(0).max(60).default(5),
    /** When the reminder goes out before an appointment. */
    REMINDER_HOURS_BEFORE: z.coerce.number().int().min(1).max(168).default(24),
    /** Largest file a consultation participant may upload, in bytes (default 10 MiB). */
    FILE_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(1024 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    /** Master key that wraps each file's own key (≥ 32 characters); sources and rules as LINK_SECRET. */
    FILE_MASTER_KEY: z.string().min(32, 'at least 32 characters').optional(),
    /** Key of the audit trail's HMAC chain and anchors (≥ 32 characters); sources and rules as LINK_SECRET. */
    AUDIT_KEY: z.string().min(32, 'at least 32 characters').optional(),
    /** Files holding those secrets instead (outside DATA_DIR), e.g. /etc/amtsraum/link-secret. */
    LINK_SECRET_FILE: z.string().min(1).optional(),
    FILE_MASTER_KEY_FILE: z.string().min(1).optional(),
    AUDIT_KEY_FILE: z.string().min(1).optional(),
    /** Trial only (http PUBLIC_URL): where missing secrets are generated; default <DATA_DIR>/../amtsraum-secrets. */
    SECRETS_DIR: z.string().min(1).optional(),
    /** Append-only file of signed audit checkpoints, outside DATA_DIR; required with an https PUBLIC_URL. */
    AUDIT_ANCHOR_FILE: z.string().min(1).optional(),
    /** ClamAV clamd to scan uploaded files with (INSTREAM over TCP); unset: no virus scan. */
    CLAMAV_HOST: z.string().min(1).optional(),
    CLAMAV_PORT: Port.default(3310),
    /** PBKDF2 iterations per proof-of-work attempt (entering a waiting room, booking). */
    POW_COST: z.coerce.number().int().min(1).max(100_000).default(1_000),
    /** Attempts a client needs on average at normal difficulty (bench/proof-of-work.ts: ≈ 0.5 s of a script's CPU). */
    POW_ATTEMPTS: z.coerce.number().int().min(1).max(1_000_000).default(1_500),
    /** Solved challenges per 5 minutes in one waiting room or calendar above which the difficulty rises (×4, then ×16 above four times this). */
    POW_PRESSURE_PER_5_MINUTES: z.coerce.number().int().min(1).max(100_000).default(30),
    /**
     * The reverse proxies in front of this server, comma-separated; only their X-Forwarded-For is believed.
     * Empty: the connection's own address is the client's (a forged header changes nothing).
     */
    TRUSTED_PROXIES: ProxyList.default([]),
    /** Multiplies every rate limit below, e.g. 2 where many citizens share carrier-grade NAT addresses. */
    RATE_LIMIT_FACTOR: z.coerce.number().min(0.1).max(10_000).default(1),
    /** Requests per minute from one client address to the public routes together. */
    RATE_LIMIT_PUBLIC_PER_MINUTE: Limit(300),
    /** Walk-in entries per minute from one client address. */
    RATE_LIMIT_ENTRIES_PER_MINUTE: Limit(5),
    /** Walk-in entries per minute into one office, from all addresses together. */
    RATE_LIMIT_OFFICE_ENTRIES_PER_MINUTE: Limit(60),
    /** Online bookings per hour from one client address. */
    RATE_LIMIT_BOOKINGS_PER_HOUR: Limit(5),
    /** Join and invitation links redeemed per minute from one client address. */
    RATE_LIMIT_JOINS_PER_MINUTE: Limit(20),
    /** Staff sign-in attempts per minute from one client address (besides each account's lockout). */
    RATE_LIMIT_SIGN_INS_PER_MINUTE: Limit(30),
    /** Open citizen and guest WebSockets of one client address at once (staff sockets are not counted). */
    RATE_LIMIT_SOCKETS_PER_ADDRESS: Limit(20),
    /** Citizen and guest socket hellos per minute from one client address. */
    RATE_LIMIT_HELLOS_PER_MINUTE: Limit(60),
    /**
     * Janus media servers' WebSocket API for public events, comma-separated, e.g. "ws://127.0.0.1:8188";
     * each event's room lives on one of them. Empty: events are unavailable. Their secrets
     * (JANUS_API_SECRET, JANUS_ADMIN_SECRET) come like LINK_SECRET's: variable, *_FILE or systemd credential.
     */
    JANUS_URL: UrlList('ws').default([]),
    /**
     * Where Janus writes event recordings (.mjr) and Amtsraum reads them: the same absolute path for
     * both (Janus on the same host, or one shared directory mounted at that path on every host; writable
     * by Janus, readable and writable by Amtsraum, outside Janus's protected_folders such as /var).
     * Unset: events cannot be recorded.
     */
    JANUS_RECORDING_DIR: z.string().regex(/^\//, 'must be an absolute path').optional(),
    /** Janus's post-processor (Debian package janus-tools) that turns .mjr recordings into webm and opus. */
    JANUS_PP_REC_PATH: z.string().min(1).default('/usr/bin/janus-pp-rec'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Create the demo authority "Stadt Musterstadt" when the database has no authority yet. */
    DEMO_DATA: z.enum(['true', 'false']).default('true'),
  })
  .refine((env) => env.TURN_URLS.length === 0 || env.TURN_SECRET, {
    message: 'TURN_SECRET is required when TURN_URLS is set',
    path: ['TURN_SECRET'],
  })
  .transform((env) => ({
    port: env.PORT,
    host: env.HOST,
    dataDir: env.DATA_DIR,
    databaseUrl: env.DATABASE_URL,
    publicUrl: new URL(env.PUBLIC_URL ?? `http://localhost:${env.PORT}`),
    redisUrl: env.REDIS_URL,
    sessionIdleMs: env.SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: env.SESSION_MAX_HOURS * 3_600_000,
    ice: {
      stunUrls: env.STUN_URLS,
      turnUrls: env.TURN_URLS,
      turnSecret: env.TURN_SECRET,
      turnTtlSeconds: env.TURN_TTL_SECONDS,
    },
    linkSecret: env.LINK_SECRET,
    metricsToken: env.METRICS_TOKEN,
    operatorToken: env.OPERATOR_TOKEN,
    metricsOpen: env.METRICS_OPEN === 'true',
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM,
    smsGatewayUrl: env.SMS_GATEWAY_URL,
    smsGatewayToken: env.SMS_GATEWAY_TOKEN,
    disconnectGraceMinutes: env.QUEUE_DISCONNECT_GRACE_MINUTES,
    queue: {
      connectGraceSeconds: env.QUEUE_CONNECT_GRACE_SECONDS,
      entriesPerAddress: env.QUEUE_ENTRIES_PER_ADDRESS,
      recalls: env.QUEUE_RECALLS,
      recallPauseMinutes: env.QUEUE_RECALL_PAUSE_MINUTES,
    },
    booking: {
      minNoticeMinutes: env.BOOKING_MIN_NOTICE_MINUTES,
      horizonDays: env.BOOKING_HORIZON_DAYS,
      reminderHoursBefore: env.REMINDER_HOURS_BEFORE,
    },
    files: {
      maxBytes: env.FILE_MAX_BYTES,
      masterKey: env.FILE_MASTER_KEY,
      clamav: env.CLAMAV_HOST ? { host: env.CLAMAV_HOST, port: env.CLAMAV_PORT } : undefined,
    },
    proofOfWork: {
      cost: env.POW_COST,
      attempts: env.POW_ATTEMPTS,
      pressurePer5Minutes: env.POW_PRESSURE_PER_5_MINUTES,
    },
    trustedProxies: env.TRUSTED_PROXIES,
    rateLimits: scaleLimits(env.RATE_LIMIT_FACTOR, {
      publicPerMinute: env.RATE_LIMIT_PUBLIC_PER_MINUTE,
      entriesPerMinute: env.RATE_LIMIT_ENTRIES_PER_MINUTE,
      officeEntriesPerMinute: env.RATE_LIMIT_OFFICE_ENTRIES_PER_MINUTE,
      bookingsPerHour: env.RATE_LIMIT_BOOKINGS_PER_HOUR,
      joinsPerMinute: env.RATE_LIMIT_JOINS_PER_MINUTE,
      signInsPerMinute: env.RATE_LIMIT_SIGN_INS_PER_MINUTE,
      socketsPerAddress: env.RATE_LIMIT_SOCKETS_PER_ADDRESS,
      hellosPerMinute: env.RATE_LIMIT_HELLOS_PER_MINUTE,
    }),
    janusUrls: env.JANUS_URL,
    janusRecording: env.JANUS_RECORDING_DIR
      ? { dir: env.JANUS_RECORDING_DIR, postProcessor: env.JANUS_PP_REC_PATH }
      : undefined,
    logLevel: env.LOG_LEVEL,
    demoData: env.DEMO_DATA === 'true',
  }));

export type Config = z.output<typeof ConfigSchema> & {
  /** Where LINK_SECRET, FILE_MASTER_KEY and AUDIT_KEY come from (security/instance-secrets.ts loads them). */
  secrets: SecretSettings;
  /** The append-only file the audit chain heads are anchored in (modules/audit/audit-anchors.ts). */
  auditAnchorFile: string;
  /** The Janus servers of public events; undefined: events are unavailable (modules/events). */
  janus: JanusSettings | undefined;
  /** Phone dial-in through Janus's SIP plugin (config-sip.ts); undefined: SIP_MODE=off, no dial-in. */
  sip: SipSettings | undefined;
};

export interface JanusSettings {
  urls: string[];
  /** Janus's api_secret, sent with every request; undefined when the server requires none. */
  apiSecret: string | undefined;
  /** Janus's admin_key of the VideoRoom plugin (needed to create rooms when it is set there). */
  adminKey: string | undefined;
  /** Where recordings go (JANUS_RECORDING_DIR) and janus-pp-rec; undefined: events are not recorded. */
  recording: JanusRecordingSettings | undefined;
}

export interface JanusRecordingSettings {
  /** Janus's rec_dir of each event's room; Amtsraum reads (and then removes) the .mjr files there. */
  dir: string;
  postProcessor: string;
}

/** The Janus settings: the URLs from the schema, the secrets from the secret sources. */
function readJanus(
  env: Record<string, string | undefined>,
  urls: string[],
  dataDir: string,
  recording: JanusRecordingSettings | undefined,
) {
  const api = readExternalSecret(env, 'JANUS_API_SECRET', dataDir);
  const admin = readExternalSecret(env, 'JANUS_ADMIN_SECRET', dataDir);
  const janus: JanusSettings | undefined =
    urls.length > 0 ? { urls, apiSecret: api.value, adminKey: admin.value, recording } : undefined;
  return { janus, issues: [...api.issues, ...admin.issues] };
}

export class ConfigError extends Error {}

/** Reads the configuration; a wrong value throws a message naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  // Secrets are judged once the rest holds: production (https) must bring its own, from outside DATA_DIR.
  const where = { dataDir: parsed.data.dataDir, production: parsed.data.publicUrl.protocol === 'https:' };
  const { settings: secrets, issues } = resolveSecretSettings(env, where);
  const anchors = resolveAnchorFile(env, where);
  const janus = readJanus(env, parsed.data.janusUrls, parsed.data.dataDir, parsed.data.janusRecording);
  const sip = readSip(env, parsed.data.janusUrls, parsed.data.dataDir);
  const problems = [...issues, ...anchors.issues, ...janus.issues, ...sip.issues];
  if (problems.length > 0) {
    const lines = problems.map((i) => `${i.variable}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return {
    ...parsed.data,
    linkSecret: secrets.configured.link,
    files: { ...parsed.data.files, masterKey: secrets.configured.files },
    secrets,
    auditAnchorFile: anchors.anchorFile,
    janus: janus.janus,
    sip: sip.sip,
  };
}
