import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance, type FastifySchema } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { Temporal } from 'temporal-polyfill';
import type { Config } from './config';
import { type AppContext, clockDate } from './context';
import type { Db } from './db/client';
import { registerCsrfGuard } from './http/csrf';
import { registerMetrics } from './http/metrics';
import { registerProblemHandlers, sendProblem } from './http/problem';
import { createRateLimiter } from './http/rate-limits/limiter';
import { limitRoutes } from './http/rate-limits/route-limits';
import { securityHeaders } from './http/security-headers';
import { registerTextGuard } from './http/text-guard';
import { serveWebApp } from './http/web-app';
import { createJobWorker } from './jobs/queue';
import { identityProviderRoutes } from './modules/admin/identity-provider';
import { officeRoutes } from './modules/admin/offices';
import { serviceRoutes } from './modules/admin/services';
import { staffAccessRoutes, staffCrudRoutes } from './modules/admin/staff';
import { tenantRoutes } from './modules/admin/tenant';
import { unitRoutes } from './modules/admin/units';
import { AUDIT_ANCHOR_JOB, createAuditAnchorJob } from './modules/audit/audit-anchors';
import { auditRoutes } from './modules/audit/routes';
import { createProviderDirectory } from './modules/auth/oidc/provider-config';
import { oidcRoutes } from './modules/auth/oidc/routes';
import { passkeyRoutes } from './modules/auth/passkey-routes';
import { authRoutes } from './modules/auth/routes';
import { secondFactorRoutes } from './modules/auth/second-factor-routes';
import { createSessionStore } from './modules/auth/sessions';
import { ACTIVATION_MAIL_JOB, createActivationMailJob } from './modules/booking/activation-mail-job';
import { availabilityRoutes } from './modules/booking/availability-routes';
import { createBookingStore, NOTIFY_JOB } from './modules/booking/booking-store';
import { createNotifyJob } from './modules/booking/notify-job';
import { publicBookingRoutes } from './modules/booking/public-routes';
import { bookingRulesRoutes } from './modules/booking/rules-routes';
import { createSlotCache } from './modules/booking/slot-cache';
import {
  createHoldExpiryJob,
  createSlotReleaseJob,
  HOLD_EXPIRY_JOB,
  SLOT_RELEASE_JOB,
} from './modules/booking/slot-jobs';
import { staffBookingRoutes } from './modules/booking/staff-routes';
import { calendarExceptionRoutes } from './modules/calendar/exception-routes';
import { localHolidayRoutes } from './modules/calendar/holiday-routes';
import { withClerkStates } from './modules/clerk-states/clerk-state-events';
import { createFollowUpOverJob, FOLLOW_UP_OVER_JOB } from './modules/clerk-states/follow-up';
import { followUpSettingsRoutes } from './modules/clerk-states/follow-up-settings';
import { clerkStateRoutes } from './modules/clerk-states/routes';
import { consultationFileRoutes } from './modules/consultations/file-routes';
import { finishRoutes } from './modules/consultations/finish-routes';
import { guestRoutes, publicGuestRoutes } from './modules/consultations/guests-routes';
import { consultationRoutes } from './modules/consultations/routes';
import { consultationSummaryRoutes } from './modules/consultations/summary-routes';
import { dataProtectionRoutes } from './modules/data-protection/routes';
import { createDialIn } from './modules/dial-in/dial-in';
import { dialInRoutes, publicDialInRoutes } from './modules/dial-in/routes';
import { embedAdminRoutes } from './modules/embed/admin-routes';
import { embedPublicRoutes } from './modules/embed/public-routes';
import { audienceRoutes } from './modules/events/audience-routes';
import { RECORDING_CONVERT_JOB, RECORDING_END_JOB } from './modules/events/event-recordings';
import { createEvents } from './modules/events/events';
import { moderationRoutes } from './modules/events/moderation-routes';
import { publicEventRoutes } from './modules/events/public-routes';
import { recordingRoutes } from './modules/events/recording-routes';
import { adminEventRoutes, staffEventRoutes } from './modules/events/routes';
import { helpCallRoutes } from './modules/help-calls/routes';
import { apiKeyRoutes } from './modules/integrations/api-keys';
import { apiV1Routes } from './modules/integrations/api-v1';
import { publicInvitationRoutes } from './modules/integrations/invitations';
import { createMailer } from './modules/notifications/mailer';
import { outboxRoutes } from './modules/notifications/outbox-routes';
import { createSmsTransport } from './modules/notifications/sms';
import { operatorRoutes } from './modules/operator/routes';
import { createProofOfWork } from './modules/proof-of-work/proof-of-work';
import { proofOfWorkRoutes } from './modules/proof-of-work/routes';
import { createRetentionJob, RETENTION_JOB } from './modules/retention/retention-job';
import { createStatisticsMonthsJob, STATISTICS_MONTHS_JOB } from './modules/statistics/month-tallies-job';
import { statisticsRoutes } from './modules/statistics/routes';
import { registerDisabledAuthorityGate } from './modules/tenants/gate';
import { CALLED_NOTICE_JOB, createCalledNoticeJob } from './modules/visits/called-notice';
import { createCitizenConnections } from './modules/visits/citizen-connections';
import { createDisconnectSweepJob, DISCONNECT_SWEEP_JOB } from './modules/visits/disconnect-sweep';
import { createPublicOffices } from './modules/visits/public-offices';
import { publicVisitRoutes } from './modules/visits/public-routes';
import { staffVisitRoutes } from './modules/visits/staff-routes';
import { createVisitEvents } from './modules/visits/visit-events';
import { createVisitStore } from './modules/visits/visit-store';
import { createWebhookDeliveryJob } from './modules/webhooks/delivery-job';
import { WEBHOOK_JOB } from './modules/webhooks/events';
import { webhookRoutes } from './modules/webhooks/routes';
import { xdomeaRoutes } from './modules/xdomea/routes';
import type { EventBus } from './realtime/bus';
import { createMemoryBus } from './realtime/bus-memory';
import { registerGateway } from './realtime/gateway';
import { createOfficeFanout } from './realtime/office-fanout';
import { createClientKeys } from './security/client-keys';
import { logSecrets, prepareSecrets } from './security/instance-secrets';
import { createLinkTokens } from './security/link-tokens';
import { createSealedText } from './security/sealed-text';

export interface BuiltApp {
  app: FastifyInstance;
  ctx: AppContext;
  /** Every route as registered, e.g. for tests that probe each one with bad input. */
  routes: RouteSummary[];
}

export interface RouteSummary {
  method: string;
  url: string;
  /** The route's request schemas (zod), so tests know which routes take a body or a query. */
  schema?: FastifySchema;
}

/** Builds the whole server around an open, migrated database; tests call this directly. */
export async function buildApp(base: Config, raw: Db, bus: EventBus = createMemoryBus()): Promise<BuiltApp> {
  // Secrets from outside the database and DATA_DIR; `db` carries the audit key (security/instance-secrets.ts).
  const started = await prepareSecrets(base, raw);
  const { config, db, secrets } = started;
  const links = createLinkTokens(secrets.link);
  const slotCache = createSlotCache(db);
  const bookings = createBookingStore({ db, config, links, clock: () => ctx.clock(), slots: slotCache });
  const mailer = createMailer(config, db);
  const sms = createSmsTransport(config, db);
  const notify = createNotifyJob({ db, mailer, sms, bookings, config });
  // One key for an address wherever it is counted: the queue's per-address limit and the rate limits.
  const clientKeys = createClientKeys(secrets.clientKey);
  const sealed = createSealedText(secrets.files);
  const visits = createVisitStore(db, { queue: config.queue, clientKeyOf: clientKeys });
  // Calls end breaks and begin follow-up work, by the app's clock (read at each use, as tests set it).
  const visitEvents = withClerkStates(createVisitEvents(bus, config, db), {
    db,
    clock: () => clockDate(ctx),
  });
  const ctx: AppContext = {
    config,
    db,
    bus,
    sessions: createSessionStore(db, config, bus),
    visits,
    visitEvents,
    queues: createOfficeFanout(db, bus, (error) => app.log.warn({ err: error }, 'queue reload failed')),
    publicOffices: createPublicOffices({ db, bus, clock: () => ctx.clock() }),
    citizenConnections: createCitizenConnections({
      db,
      citizenFlipped: visitEvents.citizenFlipped,
      onError: (error) => app.log.warn({ err: error }, 'citizen connection bookkeeping failed'),
    }),
    links,
    // Reads ctx.clock at each use, so a test that fixes the clock fixes it for bookings too.
    bookings,
    slotCache,
    mailer,
    jobs: createJobWorker(
      db,
      {
        [NOTIFY_JOB]: notify,
        [ACTIVATION_MAIL_JOB]: createActivationMailJob({ db, mailer, links, config }),
        [CALLED_NOTICE_JOB]: createCalledNoticeJob({ db, mailer, sms, bookings }),
        [HOLD_EXPIRY_JOB]: createHoldExpiryJob(db),
        [SLOT_RELEASE_JOB]: createSlotReleaseJob(db),
        [RETENTION_JOB]: createRetentionJob({
          db,
          dataDir: config.dataDir,
          recordingDir: config.janus?.recording?.dir,
        }),
        [RECORDING_CONVERT_JOB]: (payload, job) => ctx.events.recordings.convertJob(payload, job),
        [RECORDING_END_JOB]: (payload) => ctx.events.recordings.endJob(payload),
        [WEBHOOK_JOB]: createWebhookDeliveryJob({ db, config }),
        [DISCONNECT_SWEEP_JOB]: createDisconnectSweepJob({
          db,
          visits,
          visitEvents,
          graceMinutes: config.disconnectGraceMinutes,
          onError: (error) => app.log.warn({ err: error }, 'disconnect sweep failed'),
        }),
        [FOLLOW_UP_OVER_JOB]: createFollowUpOverJob({
          db,
          clock: () => clockDate(ctx),
          officeChanged: visitEvents.officeChanged,
        }),
        [STATISTICS_MONTHS_JOB]: createStatisticsMonthsJob({ db, clock: () => ctx.clock() }),
        [AUDIT_ANCHOR_JOB]: createAuditAnchorJob({
          db,
          clock: () => clockDate(ctx),
          onError: (error) => app.log.error({ err: error }, 'audit anchoring failed'),
        }),
      },
      {
        // Slow webhook receivers fill their own lane only: mail, SMS and the sweeps go on beside them.
        lanes: [
          { name: 'webhooks', kinds: [WEBHOOK_JOB], concurrency: 4 },
          {
            name: 'notifications',
            kinds: [NOTIFY_JOB, ACTIVATION_MAIL_JOB, CALLED_NOTICE_JOB],
            concurrency: 4,
          },
          // Held and given-up slots come free on time even while the mail server is slow.
          { name: 'booking-slots', kinds: [HOLD_EXPIRY_JOB, SLOT_RELEASE_JOB], concurrency: 2 },
          { name: 'retention', kinds: [RETENTION_JOB], concurrency: 1 },
          // janus-pp-rec takes a while per hour of recording: conversions never hold up mail or sweeps.
          { name: 'recordings', kinds: [RECORDING_CONVERT_JOB, RECORDING_END_JOB], concurrency: 2 },
          { name: 'disconnect-sweep', kinds: [DISCONNECT_SWEEP_JOB], concurrency: 1 },
        ],
        onError: (kind) => app.log.warn({ kind }, 'job failed'),
      },
    ),
    proofOfWork: createProofOfWork({
      db,
      secret: secrets.proofOfWork,
      config: config.proofOfWork,
      clock: () => ctx.clock(),
    }),
    sealed,
    identityProviders: createProviderDirectory(config),
    events: createEvents({
      db,
      bus,
      janus: config.janus,
      sealed,
      dataDir: config.dataDir,
      onJanusLost: (url, error) => app.log.warn({ err: error, janus: url }, 'Janus connection lost'),
    }),
    dialIn: config.sip
      ? createDialIn({
          db,
          links,
          sip: config.sip,
          apiSecret: config.janus?.apiSecret,
          now: () => clockDate(ctx),
          log: (message, details) => app.log.info(details ?? {}, message),
        })
      : undefined,
    clock: () => Temporal.Now.instant(),
  };
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Request logs carry method and path only: query strings may hold tokens.
      serializers: { req: (req) => ({ method: req.method, path: req.url.split('?')[0] }) },
    },
    bodyLimit: 1024 * 1024,
    // Errors the router raises before any route runs (bad URL encoding, oversize path parameter).
    frameworkErrors: (error, _request, reply) => {
      const detail = 'The request address is malformed or too long';
      return sendProblem(reply, error.statusCode ?? 400, 'Bad Request', detail, {
        errors: [{ field: 'url', message: detail }],
      });
    },
    // Only the configured reverse proxies may name the client (X-Forwarded-For); anyone else could forge it.
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('staff', null);
  logSecrets(app.log, started);
  registerProblemHandlers(app);
  registerTextGuard(app);
  // Before every route and body parser: state-changing requests from other sites end here (403).
  registerCsrfGuard(app, ctx.config);
  const routes: RouteSummary[] = [];
  app.addHook('onClose', async () => ctx.jobs.stop());
  app.addHook('onClose', async () => ctx.events.close());
  // The line registers in the background: a PBX or Janus that is down must not keep the server from starting.
  app.addHook('onReady', async () => {
    ctx.dialIn?.line.start().catch((error) => app.log.warn({ err: error }, 'SIP line could not register'));
  });
  app.addHook('onClose', async () => ctx.dialIn?.line.close());
  app.addHook('onClose', async () => {
    ctx.queues.close();
    ctx.publicOffices.close();
  });
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url, schema: route.schema });
  });
  await app.register(cookie);
  await app.register(helmet, securityHeaders(config));
  // Before any route, so that each public one gets its limits.
  const limiter = await createRateLimiter(app, config, clientKeys);
  limitRoutes(app, limiter);
  // A disabled authority's pages, public API and API keys answer 410/403 (nothing of it is deleted).
  registerDisabledAuthorityGate(app, db, bus);

  registerMetrics(app, ctx);
  await registerGateway(app, ctx, limiter);
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await db.query('SELECT 1');
      return { status: 'ready' };
    } catch {
      return sendProblem(reply, 503, 'Service Unavailable', 'Database not reachable');
    }
  });

  await app.register(
    async (api) => {
      api.addHook('onSend', async (_request, reply) => {
        reply.header('cache-control', 'no-store');
      });
      await api.register(authRoutes, ctx);
      await api.register(secondFactorRoutes, ctx);
      await api.register(passkeyRoutes, ctx);
      await api.register(oidcRoutes, ctx);
      await api.register(helpCallRoutes, ctx);
      // Registered inside a prefixed scope: plugin options are copied, and ctx must stay the shared object.
      await api.register(async (scope) => scope.register(publicVisitRoutes, ctx), { prefix: '/public' });
      await api.register(async (scope) => scope.register(staffVisitRoutes, ctx), { prefix: '/staff' });
      await api.register(async (scope) => scope.register(consultationRoutes, ctx), {
        prefix: '/consultations',
      });
      await api.register(async (scope) => scope.register(consultationFileRoutes, ctx), {
        prefix: '/consultations',
      });
      await api.register(async (scope) => scope.register(xdomeaRoutes, ctx), { prefix: '/consultations' });
      await api.register(async (scope) => scope.register(consultationSummaryRoutes, ctx), {
        prefix: '/consultations',
      });
      await api.register(async (scope) => scope.register(publicBookingRoutes, ctx), { prefix: '/public' });
      await api.register(async (scope) => scope.register(publicInvitationRoutes, ctx), { prefix: '/public' });
      await api.register(async (scope) => scope.register(publicGuestRoutes, ctx), { prefix: '/public' });
      await api.register(async (scope) => scope.register(proofOfWorkRoutes, ctx), { prefix: '/public' });
      await api.register(async (scope) => scope.register(guestRoutes, ctx), { prefix: '/consultations' });
      await api.register(async (scope) => scope.register(dialInRoutes, ctx), { prefix: '/consultations' });
      await api.register(async (scope) => scope.register(publicDialInRoutes, ctx), { prefix: '/public' });
      await api.register(async (scope) => scope.register(embedPublicRoutes, ctx), { prefix: '/public' });
      await api.register(async (scope) => scope.register(publicEventRoutes, ctx), { prefix: '/public' });
      await api.register(async (scope) => scope.register(audienceRoutes, ctx), { prefix: '/public' });
      await api.register(async (scope) => scope.register(staffEventRoutes, ctx), { prefix: '/staff' });
      await api.register(async (scope) => scope.register(moderationRoutes, ctx), { prefix: '/staff' });
      await api.register(async (scope) => scope.register(recordingRoutes, ctx), { prefix: '/staff' });
      await api.register(async (scope) => scope.register(adminEventRoutes, ctx), { prefix: '/admin' });
      await api.register(async (scope) => scope.register(apiV1Routes, ctx), { prefix: '/v1' });
      await api.register(async (scope) => scope.register(statisticsRoutes, ctx), { prefix: '/statistics' });
      // Mounted only with OPERATOR_TOKEN set.
      await api.register(async (scope) => scope.register(operatorRoutes, ctx), { prefix: '/operator' });
      await api.register(
        async (scope) => {
          await scope.register(staffBookingRoutes, ctx);
          await scope.register(availabilityRoutes, ctx);
          await scope.register(finishRoutes, ctx);
          await scope.register(clerkStateRoutes, ctx);
        },
        { prefix: '/staff' },
      );
      await api.register(
        async (admin) => {
          for (const routes of [
            tenantRoutes,
            identityProviderRoutes,
            unitRoutes,
            serviceRoutes,
            officeRoutes,
            calendarExceptionRoutes,
            localHolidayRoutes,
            staffCrudRoutes,
            staffAccessRoutes,
            outboxRoutes,
            auditRoutes,
            apiKeyRoutes,
            webhookRoutes,
            embedAdminRoutes,
            bookingRulesRoutes,
            followUpSettingsRoutes,
            dataProtectionRoutes,
          ]) {
            await admin.register(routes, ctx);
          }
        },
        { prefix: '/admin' },
      );
    },
    { prefix: '/api' },
  );

  await serveWebApp(app, ctx);
  return { app, ctx, routes };
}
