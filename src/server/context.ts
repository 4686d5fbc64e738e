import type { Temporal } from 'temporal-polyfill';
import type { Config } from './config';
import type { Db } from './db/client';
import type { JobWorker } from './jobs/queue';
import type { ProviderDirectory } from './modules/auth/oidc/provider-config';
import type { SessionStore } from './modules/auth/sessions';
import type { BookingStore } from './modules/booking/booking-store';
import type { SlotCache } from './modules/booking/slot-cache';
import type { DialIn } from './modules/dial-in/dial-in';
import type { Events } from './modules/events/events';
import type { Mailer } from './modules/notifications/mailer';
import type { ProofOfWork } from './modules/proof-of-work/proof-of-work';
import type { CitizenConnections } from './modules/visits/citizen-connections';
import type { PublicOffices } from './modules/visits/public-offices';
import type { VisitEvents } from './modules/visits/visit-events';
import type { VisitStore } from './modules/visits/visit-store';
import type { EventBus } from './realtime/bus';
import type { OfficeFanout } from './realtime/office-fanout';
import type { LinkTokens } from './security/link-tokens';
import type { SealedText } from './security/sealed-text';

/** What route modules need from the running server; built once in app.ts. */
export interface AppContext {
  config: Config;
  db: Db;
  bus: EventBus;
  sessions: SessionStore;
  visits: VisitStore;
  visitEvents: VisitEvents;
  /**
   * The queue read model of this process: one snapshot per watched office and change, shared by every
   * socket and request that shows the office (positions computed once per snapshot).
   */
  queues: OfficeFanout;
  /** The public office lists (authority page, embed widget): one load per authority and change. */
  publicOffices: PublicOffices;
  /** This process's citizen sockets per visit, so every process can tell who is still connected. */
  citizenConnections: CitizenConnections;
  bookings: BookingStore;
  /** The slot search's read model (bookings check their slot against it too: it is current as of the call). */
  slotCache: SlotCache;
  /** Derives link tokens (appointments' manage and join links, guests' one-time links). */
  links: LinkTokens;
  /** SMTP, or the embedded outbox when no SMTP server is configured. */
  mailer: Mailer;
  /** Works reminders and other timed jobs; main.ts starts it, tests call runDue(). */
  jobs: JobWorker;
  /** Challenges and checks of the proof of work citizens' browsers do before entering or booking. */
  proofOfWork: ProofOfWork;
  /** Seals the short secrets the database holds (TOTP seeds, client secrets) with FILE_MASTER_KEY. */
  sealed: SealedText;
  /** The authorities' identity providers (OpenID Connect metadata, fetched once per configuration). */
  identityProviders: ProviderDirectory;
  /** Public events: records, audience seats and the Janus side (when JANUS_URL is set). */
  events: Events;
  /** Phone dial-in: PINs and the SIP line on Janus; undefined without SIP_MODE. */
  dialIn: DialIn | undefined;
  /** The time opening hours are judged by; tests fix it to a weekday morning. */
  clock: () => Temporal.Instant;
}

/** The app clock as a Date, for code and queries that take Dates (queue order, snapshots). */
export const clockDate = (ctx: Pick<AppContext, 'clock'>) => new Date(ctx.clock().epochMilliseconds);
