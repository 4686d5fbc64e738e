import type { RouteSummary } from '../../src/server/app';
import { officeRepository } from '../../src/server/modules/admin/offices';
import { serviceRepository } from '../../src/server/modules/admin/services';
import { unitRepository } from '../../src/server/modules/admin/units';
import { createApiKeyStore } from '../../src/server/modules/integrations/api-keys';
import { ApiScope } from '../../src/shared/api-v1';
import { officeBody, serviceBody } from '../api/fixtures';
import { enter, openOffice } from '../api/visits-fixtures';
import { startIdentityProvider, type TestIdentityProvider } from './oidc-provider';
import { proofOfWork } from './proof-of-work';
import { samplePdf } from './sample-files';
import { createTestTenant, type TestServer } from './server';

/** Wednesday 2 December 2026, 10:00 and 11:00 in Berlin: free slots a week after the fixed test clock. */
const SLOTS = ['2026-12-02T09:00:00Z', '2026-12-02T10:00:00Z'];

/**
 * One authority with a row of every kind a request can name, so fuzzed requests get past
 * authentication and lookups to the validators and stores. Rows a successful request may change or
 * end (an office's address, a staff member's account, a call) are spares: the admin's own session,
 * the office citizens enter and the live call stay usable whatever the fuzz does to the spares.
 */
export interface FuzzWorld {
  tenantSlug: string;
  unitId: string;
  admin: { id: string; cookie: string };
  office: { id: string; slug: string };
  service: { id: string };
  spare: { unitId: string; officeId: string; serviceId: string; staffId: string };
  /** A citizen waiting in the office, for transfers. */
  waitingVisitId: string;
  /** The admin's call in progress, and its citizen's visit. */
  live: { consultationId: string; visitId: string; citizenToken: string; chatMessageId: string };
  /** An earlier call of the admin, ended, with its protocol issued. */
  ended: { consultationId: string; visitId: string; citizenToken: string };
  /** A citizen's booking, managed by its link token. */
  booking: { manageToken: string };
  /** An appointment booked by staff, for staff cancelling and moving. */
  staffAppointmentId: string;
  guest: { id: string; token: string };
  /** The admin's call for help from the live call (answering one's own is refused after the schema). */
  helpCallId: string;
  /** An API key with every scope. */
  apiKey: { id: string; key: string };
  /** Rows only named by routes that read no body (the fuzz sends them junk credentials only). */
  webhookId: string;
  exceptionId: string;
  /** An authority-wide local holiday (8 August). */
  localHolidayId: string;
  fileId: string;
  invitationId: string;
  /**
   * A public event the admin hosts (years ahead: never open, so nothing reaches a media server), a seat
   * (its token and id), an approved question and a recording.
   */
  event: {
    id: string;
    audienceToken: string;
    seatId: string;
    questionId: string;
    /** A converted recording of the event and one of its files (the file is not on disk). */
    recordingId: string;
    recordingFileId: string;
  };
  /** A real OpenID provider for the authority's sign-in settings, and a logout token it signed. */
  identityProvider: TestIdentityProvider & { signedLogout: string };
}

/** Events need a media server configured; nothing listens here, and the fuzz never opens an event's doors. */
export const FUZZ_ENV = { JANUS_URL: 'ws://127.0.0.1:9/janus' };

/** A valid event the given staff member hosts, two years ahead. */
export const eventExample = (hostId: string) => ({
  title: 'Infoabend',
  startsAt: '2030-03-01T17:00:00Z',
  endsAt: '2030-03-01T19:00:00Z',
  hostIds: [hostId],
  maxAudience: 50,
  public: true,
});

export async function createFuzzWorld(server: TestServer): Promise<FuzzWorld> {
  const tenant = await createTestTenant(server, 'Fuzzstadt');
  const identityProvider = await startIdentityProvider({
    baseUrl: server.ctx.config.publicUrl.origin,
    slug: tenant.slug,
  });
  const office = await openOffice(server, tenant, 'fuzz', 10_000);
  const admin = await tenant.staff('admin', { officeIds: [office.id] });
  const spareUnit = await unitRepository(server.ctx).create(tenant.tenantId, {
    name: 'Ersatz',
    parentId: null,
  });
  const spareOffice = await officeRepository(server.ctx).create(tenant.tenantId, officeBody(tenant.unitId));
  const services = serviceRepository(server.ctx);
  const service = await services.create(tenant.tenantId, serviceBody(tenant.unitId));
  const spareService = await services.create(tenant.tenantId, serviceBody(tenant.unitId));
  const spareStaff = await tenant.staff('agent', { officeIds: [office.id] });
  /** A request that must succeed; its answer's JSON. */
  const post = async (url: string, headers: Record<string, string>, payload: object | Buffer = {}) => {
    const response = await server.app.inject({ method: 'POST', url, headers, payload });
    if (response.statusCode >= 300) throw new Error(`${url}: ${response.statusCode} ${response.body}`);
    return response.json();
  };
  const staffPost = (url: string, payload: object = {}) => post(url, { cookie: admin.cookie }, payload);
  const call = async (name: string) => {
    const visit = await enter(server, tenant.slug, office.slug, name);
    const { consultationId } = await staffPost(`/api/staff/visits/${visit.visitId}/call`);
    return {
      consultationId: consultationId as string,
      visitId: visit.visitId,
      citizenToken: visit.visitToken,
    };
  };

  const ended = await call('Erika');
  await staffPost(`/api/consultations/${ended.consultationId}/protocol`);
  const live = await call('Zoë');
  const chat = await staffPost(`/api/consultations/${live.consultationId}/chat`, { text: 'Guten Tag' });
  const invited = await staffPost(`/api/consultations/${live.consultationId}/guests`, { label: 'Dolmetsch' });
  const joined = await post('/api/public/guests/join', {
    authorization: `Bearer ${invited.url.split('#')[1]}`,
  });
  const helpCall = await staffPost(`/api/consultations/${live.consultationId}/help`);
  const waiting = await enter(server, tenant.slug, office.slug, 'Ada');

  // Staff bookings are firm at once (a citizen's waits for its activation): one the citizen manages by
  // its link token, one for staff to cancel and move.
  const book = (start: string, name: string) =>
    staffPost('/api/staff/appointments', { serviceId: service.id, start, name, email: 'erika@example.org' });
  const managed = await book(SLOTS[0]!, 'Erika');
  const staffBooked = await book(SLOTS[1]!, 'Max');
  const apiKey = await createApiKeyStore(server.ctx.db).create(tenant.tenantId, admin.id, {
    name: 'Fachverfahren',
    scopes: [...ApiScope.options],
  });
  const webhook = await staffPost('/api/admin/webhooks', {
    url: 'http://127.0.0.1:9/hook',
    events: ['appointment.booked'],
  });
  const exception = await staffPost(`/api/staff/staff/${spareStaff.id}/exceptions`, {
    kind: 'absent',
    from: '2026-12-08T08:00:00Z',
    to: '2026-12-08T12:00:00Z',
  });
  const localHoliday = await staffPost('/api/admin/local-holidays', {
    monthDay: '08-08',
    name: 'Friedensfest',
    officeId: null,
  });
  const file = await post(
    `/api/consultations/${live.consultationId}/files`,
    { cookie: admin.cookie, 'content-type': 'application/octet-stream', 'x-file-name': 'Bescheid.pdf' },
    await samplePdf(),
  );
  const event = await staffPost('/api/admin/events', eventExample(admin.id));
  const audienceToken = await server.ctx.events.seats.admit(event.id, 10, new Date());
  // Written directly: a question is asked only while the doors are open, which the fuzz never lets happen.
  const [question] = await server.ctx.db.query<{ id: string; seatId: string }>(
    `INSERT INTO event_questions (id, tenant_id, event_id, seat_id, text, status, asked_at)
     SELECT gen_random_uuid(), $1, event_id, id, 'Frage', 'approved', now() FROM event_audience WHERE event_id = $2
     RETURNING id, seat_id AS "seatId"`,
    [tenant.tenantId, event.id],
  );
  // Written directly too: a recording runs only while the doors are open. Its file is not on disk.
  const [recording] = await server.ctx.db.query<{ id: string; fileId: string }>(
    `WITH recording AS (
       INSERT INTO event_recordings (id, tenant_id, event_id, started_at, stopped_at, status)
       VALUES (gen_random_uuid(), $1, $2, now() - interval '1 hour', now(), 'ready') RETURNING id
     )
     INSERT INTO event_recording_files (id, recording_id, media, place, bytes, duration_ms)
     SELECT gen_random_uuid(), id, 'video', 'stage', 1000, 60000 FROM recording
     RETURNING recording_id AS id, id AS "fileId"`,
    [tenant.tenantId, event.id],
  );
  const invitation = await post(
    '/api/v1/consultations',
    { authorization: `Bearer ${apiKey.key}` },
    { officeId: office.id, citizen: { name: 'Erika' } },
  );

  return {
    tenantSlug: tenant.slug,
    unitId: tenant.unitId,
    admin,
    office,
    service,
    spare: {
      unitId: spareUnit.id,
      officeId: spareOffice.id,
      serviceId: spareService.id,
      staffId: spareStaff.id,
    },
    waitingVisitId: waiting.visitId,
    live: { ...live, chatMessageId: chat.id },
    ended,
    booking: { manageToken: managed.manageUrl.split('#')[1] },
    staffAppointmentId: staffBooked.appointmentId,
    guest: { id: invited.id, token: joined.guestToken },
    helpCallId: helpCall.id,
    apiKey: { id: apiKey.id, key: apiKey.key },
    webhookId: webhook.id,
    exceptionId: exception.id,
    localHolidayId: localHoliday.id,
    fileId: file.id,
    invitationId: invitation.id,
    event: {
      id: event.id,
      audienceToken,
      seatId: question?.seatId as string,
      questionId: question?.id as string,
      recordingId: recording?.id as string,
      recordingFileId: recording?.fileId as string,
    },
    identityProvider: Object.assign(identityProvider, {
      signedLogout: await identityProvider.logoutToken({ sub: 'nobody-signed-in' }),
    }),
  };
}

/** Which row each `:id` names, by the address it appears in (the spares where a request may change it). */
function idFor(url: string, world: FuzzWorld): string {
  const ids: [RegExp, string][] = [
    [/^\/api\/admin\/units\/:id/, world.spare.unitId],
    [/^\/api\/admin\/offices\/:id/, world.spare.officeId],
    [/^\/api\/admin\/services\/:id/, world.spare.serviceId],
    [/^\/api\/admin\/staff\/:id/, world.spare.staffId],
    [/^\/api\/admin\/api-keys\/:id/, world.apiKey.id],
    [/^\/api\/admin\/webhooks\/:id/, world.webhookId],
    [/^\/api\/admin\/local-holidays\/:id/, world.localHolidayId],
    [/^\/api\/(admin|staff)\/events\/:id/, world.event.id],
    [/^\/api\/staff\/offices\/:id/, world.office.id],
    [/^\/api\/staff\/help-calls\/:id/, world.helpCallId],
    // Ending (with the finish form) and finishing act on a call that is over: the live one stays live.
    [/^\/api\/staff\/consultations\/:id\/(end|finish)$/, world.ended.consultationId],
    [/^\/api\/staff\/consultations\/:id/, world.live.consultationId],
    [/^\/api\/v1\/appointments\/:id/, world.staffAppointmentId],
    [/^\/api\/v1\/consultations\/:id/, world.invitationId],
    [/^\/api\/staff\/staff\/:id/, world.spare.staffId],
    [/^\/api\/staff\/visits\/:id/, world.waitingVisitId],
    [/^\/api\/staff\/appointments\/:id/, world.staffAppointmentId],
    // Corrections of a citizen's records (data-protection requests) change nothing but the named row.
    [/^\/api\/admin\/data-protection\/appointments\/:id/, world.staffAppointmentId],
    [/^\/api\/admin\/data-protection\/visits\/:id/, world.waitingVisitId],
    // Issuing a protocol ends a live call; the rating and the summary mail follow a protocol.
    [/^\/api\/consultations\/:id\/(protocol|rating|summary)$/, world.ended.consultationId],
    [/^\/api\/consultations\/:id/, world.live.consultationId],
  ];
  const found = ids.find(([pattern]) => pattern.test(url));
  if (!found) throw new Error(`fuzz-world.ts: say which row :id of ${url} names`);
  return found[1];
}

/** The address of a route with every parameter naming a real row of the world. */
export function validUrl(route: RouteSummary, world: FuzzWorld): string {
  const values: Record<string, (url: string) => string> = {
    id: (url) => idFor(url, world),
    tenantSlug: () => world.tenantSlug,
    officeSlug: () => world.office.slug,
    serviceId: () => world.service.id,
    fileId: (url) => (url.includes('/recordings/') ? world.event.recordingFileId : world.fileId),
    recordingId: () => world.event.recordingId,
    guestId: () => world.guest.id,
    exceptionId: () => world.exceptionId,
    eventId: () => world.event.id,
    questionId: () => world.event.questionId,
    seatId: () => world.event.seatId,
    // Dial-in is off in the fuzz world (no SIP_MODE): its routes answer 404 before reading a call.
    callId: () => '00000000-0000-4000-8000-000000000018',
  };
  return route.url.replace(/:(\w+)/g, (_, name: string) => {
    const value = values[name];
    if (!value) throw new Error(`fuzz-world.ts: say which row :${name} of ${route.url} names`);
    return value(route.url);
  });
}

/**
 * The headers a real client of the route sends: the admin's session, a citizen's or guest's token,
 * the API key, and a solved proof of work where one is required.
 */
export async function requestHeadersFor(
  server: TestServer,
  route: RouteSummary,
  url: string,
  world: FuzzWorld,
): Promise<Record<string, string>> {
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  // A challenge exists for real offices and services only; elsewhere the route answers for itself.
  if (/^\/api\/public\/tenants\/.*\/(visits|appointments)$/.test(route.url))
    return url === validUrl(route, world) ? proofOfWork(server.app, url) : {};
  if (/\/events\/:eventId\/(questions|hand)/.test(route.url)) return bearer(world.event.audienceToken);
  if (route.url.startsWith('/api/public/appointment')) return bearer(world.booking.manageToken);
  if (route.url.startsWith('/api/public/visit')) return bearer(world.live.citizenToken);
  if (route.url.startsWith('/api/public/guests/')) return bearer(world.guest.token);
  if (route.url.startsWith('/api/v1/')) return bearer(world.apiKey.key);
  if (route.url.endsWith('/rating')) return bearer(world.ended.citizenToken);
  if (route.url.startsWith('/api/public/') || route.url.startsWith('/api/auth/')) return {};
  return { cookie: world.admin.cookie };
}
