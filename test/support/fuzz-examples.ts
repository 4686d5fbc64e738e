import { officeBody, serviceBody } from '../api/fixtures';
import { eventExample, type FuzzWorld } from './fuzz-world';

/**
 * One valid request per route that takes a body or a query, keyed "METHOD /address": the fuzz test
 * mutates these field by field. A route with a body or query schema and no entry here fails the test
 * until it gets one, so new routes are fuzzed too.
 */
type Example = (world: FuzzWorld) => unknown;

const WORKING_HOURS = { mon: [{ from: '08:00', to: '12:00' }], wed: [{ from: '08:00', to: '18:00' }] };

/** The shape of a browser's WebAuthn answer (no authenticator signed it: the server refuses it after the schema). */
const PASSKEY_ANSWER = {
  id: 'AAAA',
  rawId: 'AAAA',
  type: 'public-key',
  response: { clientDataJSON: 'e30', attestationObject: 'AAAA' },
  clientExtensionResults: {},
};

export const BODY_EXAMPLES: Record<string, Example> = {
  'POST /api/auth/login': () => ({ email: 'niemand@fuzz.example', password: 'falsches-passwort' }),
  'POST /api/auth/login/second-factor': () => ({ code: '123456' }),
  'POST /api/auth/login/passkey': () => ({ response: PASSKEY_ANSWER }),
  'POST /api/auth/second-factor/passkey': () => ({ response: PASSKEY_ANSWER }),
  'POST /api/auth/oidc/:tenantSlug/backchannel-logout': (w) => ({
    logout_token: w.identityProvider.signedLogout,
  }),
  'PUT /api/admin/tenant/identity-provider': (w) => ({
    displayName: 'Dienstkonto Fuzzstadt',
    issuer: w.identityProvider.issuer,
    clientId: w.identityProvider.clientId,
    clientSecret: w.identityProvider.clientSecret,
    groupsClaim: 'groups',
    groupMappings: [{ group: 'buergeramt', role: 'agent', unitId: w.unitId, officeIds: [w.office.id] }],
    passwordSignIn: true,
  }),
  'POST /api/auth/second-factor/totp/confirm': () => ({ code: '123456' }),
  'PUT /api/admin/tenant': () => ({
    name: 'Fuzzstadt',
    logoUrl: '/logo.svg',
    timeZone: 'Europe/Berlin',
    holidayState: 'BY',
    retentionDays: 30,
    protocolRetentionDays: 3650,
  }),
  'PUT /api/admin/tenant/embed': () => ({
    embedTheme: { accentColor: '#004b87', font: 'system' },
    embedAllowedOrigins: ['https://www.fuzzstadt.example'],
  }),
  'PUT /api/admin/tenant/booking-rules': () => ({ holdMinutes: 30, openPerEmail: 50, releaseMinutes: 0 }),
  'PUT /api/admin/tenant/follow-up': (w) => ({
    minutes: 2,
    offices: [{ officeId: w.office.id, minutes: 5 }],
  }),
  'POST /api/admin/units': (w) => ({ name: 'Ordnungsamt', parentId: w.unitId }),
  'PUT /api/admin/units/:id': (w) => ({ name: 'Ordnungsamt', parentId: w.unitId }),
  'POST /api/admin/services': (w) => serviceBody(w.unitId),
  'PUT /api/admin/services/:id': (w) => serviceBody(w.unitId),
  'POST /api/admin/offices': (w) => officeBody(w.unitId, 'neu'),
  'POST /api/admin/events': (w) => eventExample(w.admin.id),
  'PUT /api/admin/events/:id': (w) => ({ ...eventExample(w.admin.id), maxAudience: 80 }),
  'POST /api/public/tenants/:tenantSlug/events/:eventId/questions': () => ({ text: 'Wann beginnt der Bau?' }),
  'PUT /api/public/tenants/:tenantSlug/events/:eventId/hand': () => ({ raised: true, name: 'Anna' }),
  'POST /api/staff/events/:id/questions/:questionId': () => ({ status: 'approved' }),
  'PUT /api/staff/events/:id/floor': (w) => ({ seatId: w.event.seatId }),
  // Open: a locked room would refuse the seats other routes' requests take.
  'PUT /api/staff/events/:id/lock': () => ({ locked: false }),
  'PUT /api/admin/offices/:id': (w) => officeBody(w.unitId, 'ersatz'),
  // Two weeks after the fuzz world's fixed clock; a repeat overlaps the first (409, not 400).
  'POST /api/admin/offices/:id/calendar-exceptions': () => ({
    firstDay: '2026-12-10',
    lastDay: '2026-12-10',
    hours: [{ from: '17:00', to: '20:00' }],
    reason: 'Lange Nacht der Verwaltung',
  }),
  'POST /api/admin/local-holidays': () => ({ monthDay: '08-15', name: 'Mariä Himmelfahrt', officeId: null }),
  'POST /api/admin/staff': (w) => ({
    email: 'neu@fuzz.example',
    displayName: 'Neue Kollegin',
    role: 'agent',
    unitId: w.unitId,
    officeIds: [w.office.id],
    active: true,
    password: 'ein-langes-passwort',
  }),
  'PUT /api/admin/staff/:id': (w) => ({
    email: 'ersatz@fuzz.example',
    displayName: 'Ersatz',
    role: 'agent',
    unitId: w.unitId,
    officeIds: [w.office.id],
    active: true,
  }),
  'POST /api/admin/api-keys': () => ({ name: 'Fachverfahren', scopes: ['appointments:read'] }),
  'POST /api/admin/webhooks': () => ({ url: 'http://127.0.0.1:9/hook', events: ['appointment.booked'] }),
  'PUT /api/staff/presence': (w) => ({ officeIds: [w.office.id] }),
  // Half an hour after the fuzz world's fixed clock (visits-fixtures.ts WEDNESDAY_MORNING).
  'PUT /api/staff/state': () => ({ state: 'break', reason: 'Mittagspause', until: '2026-11-25T09:30:00Z' }),
  // An id of no waiting citizen: a mutation never removes the world's waiting visit.
  'POST /api/staff/offices/:id/remove-visits': () => ({ visitIds: ['00000000-0000-4000-8000-000000000000'] }),
  'POST /api/staff/visits/:id/transfer': (w) => ({ officeId: w.spare.officeId, note: 'Bitte übernehmen' }),
  'POST /api/staff/consultations/:id/send-back': () => ({ note: 'Ich frage kurz nach.' }),
  'POST /api/staff/consultations/:id/park': () => ({ note: 'Unterlagen kommen per Post' }),
  'POST /api/staff/visits/:id/put-back': () => ({ at: 'place' }),
  // Normal, not raised: the world's waiting visit keeps its place for the other routes.
  'PUT /api/staff/visits/:id/priority': () => ({ priority: 'normal', reason: '' }),
  'POST /api/staff/consultations/:id/end': (w) => ({
    services: [{ serviceId: w.service.id, count: 2 }],
    outcome: 'resolved',
  }),
  'PUT /api/staff/consultations/:id/finish': (w) => ({
    services: [{ serviceId: w.service.id, count: 1 }],
    outcome: 'documents_missing',
  }),
  'POST /api/staff/appointments': (w) => ({
    serviceId: w.service.id,
    start: '2026-12-03T09:00:00Z',
    name: 'Max',
    email: 'max@example.org',
    phone: '+49 171 1234567',
    intake: { anliegen: 'Umzug' },
    language: 'de',
    // The world's service is offered by video: a mutation to "on_site" must answer 422, not book.
    kind: 'video',
  }),
  'POST /api/staff/appointments/:id/cancel': () => ({ message: 'Die Kollegin ist erkrankt.' }),
  'POST /api/staff/appointments/:id/move': () => ({ start: '2026-12-03T10:00:00Z', message: 'Verlegt' }),
  'PUT /api/staff/staff/:id/working-hours': () => ({ workingHours: WORKING_HOURS }),
  'POST /api/staff/staff/:id/exceptions': () => ({
    kind: 'absent',
    from: '2026-12-07T08:00:00Z',
    to: '2026-12-07T12:00:00Z',
  }),
  'POST /api/consultations/:id/chat': () => ({ text: 'Haben Sie den Ausweis dabei?' }),
  'POST /api/consultations/:id/chat/read': (w) => ({ upTo: w.live.chatMessageId }),
  'PUT /api/consultations/:id/record': () => ({
    notes: 'Ausweis geprüft.\nRückruf vereinbart.',
    outcome: null,
  }),
  'POST /api/consultations/:id/guests': () => ({ label: 'Dolmetscherin' }),
  'POST /api/staff/help-calls/:id/answer': () => ({ silent: true }),
  'POST /api/consultations/:id/protocol': () => ({ includeChat: true }),
  'POST /api/consultations/:id/summary': () => ({
    email: 'erika@example.org',
    message: 'Bitte senden Sie die Meldebescheinigung.',
    language: 'de',
  }),
  'POST /api/consultations/:id/rating': () => ({ stars: 5, comment: 'Danke!' }),
  'POST /api/public/tenants/:tenantSlug/offices/:officeSlug/visits': () => ({
    displayName: 'Erika',
    concern: 'Wohnsitz anmelden',
    audioOnly: false,
  }),
  'POST /api/public/tenants/:tenantSlug/services/:serviceId/appointments': () => ({
    start: '2026-12-03T11:00:00Z',
    name: 'Erika Mustermann',
    email: 'erika@example.org',
    phone: '+49 171 1234567',
    intake: { anliegen: 'Umzug' },
    consent: true,
    language: 'en',
    kind: 'video',
  }),
  'PUT /api/public/appointment': () => ({ start: '2026-12-03T12:00:00Z' }),
  'POST /api/v1/appointments': (w) => ({
    serviceId: w.service.id,
    start: '2026-12-03T13:00:00Z',
    citizen: { name: 'Erika Mustermann', email: 'erika@example.org', phone: '+49301234567' },
    caseReference: 'AZ 4711/26',
    language: 'de',
    intake: { anliegen: 'Umzug' },
  }),
  'POST /api/admin/data-protection/search': () => ({ by: 'email', value: 'erika@example.org' }),
  'PUT /api/admin/data-protection/appointments/:id/contact': () => ({
    name: 'Erika Mustermann',
    email: 'erika@example.org',
    phone: '0171 1234567',
  }),
  'PUT /api/admin/data-protection/visits/:id/name': () => ({ name: 'Erika Mustermann' }),
  // The waiting citizen is still in the queue: the erasure is refused (409) and erases nothing.
  'POST /api/admin/data-protection/erasure': (w) => ({
    visitIds: [w.waitingVisitId],
    reason: 'consent-withdrawn',
    note: 'Antrag vom 1. Dezember, Az. DS-17',
  }),
  'POST /api/v1/consultations': (w) => ({
    officeId: w.office.id,
    citizen: { name: 'Erika' },
    caseReference: 'AZ 4711/26',
    validMinutes: 60,
  }),
};

/** Query strings are text: every value is a string here, as a browser sends it. */
export const QUERY_EXAMPLES: Record<string, Example> = {
  'GET /api/admin/audit': () => ({ action: 'auth.signed_in', before: '1000', limit: '20' }),
  'GET /api/staff/appointments': () => ({ date: '2026-12-02' }),
  'GET /api/staff/offices/:id/waiting': () => ({ from: '50', count: '50' }),
  'GET /api/statistics': (w) => ({ from: '2026-11-01', to: '2026-11-30', officeId: w.office.id }),
  'GET /api/statistics/export.csv': (w) => ({
    from: '2026-11-01',
    to: '2026-11-30',
    serviceId: w.service.id,
    lang: 'en',
  }),
  'GET /api/admin/data-protection/export': (w) => ({ visitIds: w.ended.visitId }),
  'GET /api/statistics/export.xlsx': () => ({ from: '2026-11-01', to: '2026-11-30', lang: 'de' }),
  'GET /api/public/tenants/:tenantSlug/services/:serviceId/slots': () => ({ from: '2026-12-02', days: '7' }),
  'GET /api/v1/appointments': () => ({
    from: '2026-12-01T00:00:00Z',
    to: '2026-12-31T00:00:00Z',
    caseReference: 'AZ 4711/26',
    limit: '50',
  }),
};
