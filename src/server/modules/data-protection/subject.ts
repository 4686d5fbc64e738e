import type { SubjectSearch, SubjectSelection } from '../../../shared/data-protection';
import type { Queryable } from '../../db/client';
import { notFound } from '../../http/problem';

/**
 * The records one request is about: what the officer chose (or a search found) plus what belongs to it
 * (an appointment's visit and the other way round, the visits' calls, invitations from case systems, and
 * the outbox messages sent to the appointments' addresses and numbers).
 */
export interface Subject {
  tenantId: string;
  appointmentIds: string[];
  visitIds: string[];
  consultationIds: string[];
  invitationIds: string[];
  outboxMessageIds: string[];
  /**
   * The citizen's names, e-mail addresses and numbers as the records hold them: what an erasure's note
   * must not contain and what pseudonymised protocols must no longer show.
   */
  identifiers: string[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Names removed already (retention, erasure) and too short to look for in a text. */
const isIdentifier = (value: string | null): value is string => !!value && value.trim().length >= 3;

type Ids = { appointmentIds: string[]; visitIds: string[]; outboxMessageIds: string[] };
const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

/**
 * How an address or a number is compared: appointments' contact columns, and outbox recipients (bare
 * addresses, notifications/mailer.ts), trimmed and in lower case like the booking's per-address limit.
 */
const CONTACT_MATCH = {
  email: {
    appointment: 'lower(btrim(citizen_email)) = $2',
    outbox: `channel = 'email' AND lower(btrim(recipient)) = $2`,
  },
  phone: { appointment: 'citizen_phone = $2', outbox: `channel = 'sms' AND recipient = $2` },
} as const;

/** What the criterion itself finds, before linked records are added. */
async function seeds(db: Queryable, tenantId: string, search: SubjectSearch): Promise<Ids> {
  if (search.by !== 'reference') {
    const match = CONTACT_MATCH[search.by];
    const found = (sql: string) => db.query<{ id: string }>(sql, [tenantId, search.value]).then(ids);
    return {
      appointmentIds: await found(
        `SELECT id FROM appointments WHERE tenant_id = $1 AND ${match.appointment}`,
      ),
      visitIds: [],
      outboxMessageIds: await found(
        `SELECT id FROM outbox_messages WHERE tenant_id = $1 AND ${match.outbox}`,
      ),
    };
  }
  // A reference: one of our ids (as the protocol, a mail or the case system names it), or a case reference.
  const id = UUID.test(search.value) ? search.value.toLowerCase() : null;
  const appointments = await db.query<{ id: string }>(
    `SELECT id FROM appointments
      WHERE tenant_id = $1 AND (id = $2::uuid OR case_reference = $3)`,
    [tenantId, id, search.value],
  );
  const visits = await db.query<{ id: string }>(
    `SELECT id FROM visits WHERE tenant_id = $1 AND id = $2::uuid
     UNION SELECT visit_id FROM consultations WHERE tenant_id = $1 AND id = $2::uuid
     UNION SELECT visit_id FROM visit_invitations
      WHERE tenant_id = $1 AND visit_id IS NOT NULL AND (id = $2::uuid OR case_reference = $3)`,
    [tenantId, id, search.value],
  );
  return { appointmentIds: ids(appointments), visitIds: ids(visits), outboxMessageIds: [] };
}

/** Adds what belongs to the records: one round is enough (an appointment has at most one visit). */
async function expand(db: Queryable, tenantId: string, start: Ids): Promise<Subject> {
  const linkedVisits = await db.query<{ id: string }>(
    `SELECT visit_id AS id FROM appointments
      WHERE tenant_id = $1 AND id = ANY($2::uuid[]) AND visit_id IS NOT NULL`,
    [tenantId, start.appointmentIds],
  );
  const visitIds = unique([...start.visitIds, ...ids(linkedVisits)]);
  const appointments = await db.query<{ id: string; name: string; email: string; phone: string | null }>(
    `SELECT id, citizen_name AS name, citizen_email AS email, citizen_phone AS phone FROM appointments
      WHERE tenant_id = $1 AND (id = ANY($2::uuid[]) OR visit_id = ANY($3::uuid[])) ORDER BY starts_at, id`,
    [tenantId, start.appointmentIds, visitIds],
  );
  const emails = appointments.map((a) => a.email.trim().toLowerCase()).filter(isIdentifier);
  const phones = appointments.map((a) => a.phone).filter(isIdentifier);
  const messages = await db.query<{ id: string; recipient: string }>(
    `SELECT id, recipient FROM outbox_messages
      WHERE tenant_id = $1 AND (id = ANY($2::uuid[])
        OR (channel = 'email' AND lower(btrim(recipient)) = ANY($3::text[]))
        OR (channel = 'sms' AND recipient = ANY($4::text[])))
      ORDER BY created_at, id`,
    [tenantId, start.outboxMessageIds, emails, phones],
  );
  const visits = await db.query<{ id: string; name: string }>(
    'SELECT id, display_name AS name FROM visits WHERE tenant_id = $1 AND id = ANY($2::uuid[]) ORDER BY arrived_at, id',
    [tenantId, visitIds],
  );
  const consultations = await db.query<{ id: string }>(
    'SELECT id FROM consultations WHERE tenant_id = $1 AND visit_id = ANY($2::uuid[]) ORDER BY started_at, id',
    [tenantId, visitIds],
  );
  const invitations = await db.query<{ id: string; name: string }>(
    `SELECT id, citizen_name AS name FROM visit_invitations
      WHERE tenant_id = $1 AND visit_id = ANY($2::uuid[]) ORDER BY created_at, id`,
    [tenantId, visitIds],
  );
  const identifiers = [
    ...appointments.map((a) => a.name),
    ...visits.map((v) => v.name),
    ...invitations.map((i) => i.name),
    ...emails,
    ...phones,
    ...messages.map((m) => m.recipient.trim()),
  ].filter(isIdentifier);
  return {
    tenantId,
    appointmentIds: ids(appointments),
    visitIds: ids(visits),
    consultationIds: ids(consultations),
    invitationIds: ids(invitations),
    outboxMessageIds: ids(messages),
    identifiers: unique(identifiers),
  };
}

const unique = <T>(values: T[]) => [...new Set(values)];

/** The records a search criterion finds, with what belongs to them. */
export async function searchSubject(db: Queryable, tenantId: string, search: SubjectSearch) {
  return expand(db, tenantId, await seeds(db, tenantId, search));
}

/**
 * The records the officer chose, with what belongs to them; 404 when one of the ids is not a record of
 * this authority (another authority's ids are as unknown as made-up ones).
 */
export async function resolveSubject(
  db: Queryable,
  tenantId: string,
  selection: SubjectSelection,
): Promise<Subject> {
  const tables = [
    ['appointments', selection.appointmentIds, 'Appointment'],
    ['visits', selection.visitIds, 'Visit'],
    ['outbox_messages', selection.outboxMessageIds, 'Outbox message'],
  ] as const;
  for (const [table, wanted, noun] of tables) {
    const [row] = await db.query<{ found: number }>(
      `SELECT count(*)::int AS found FROM ${table} WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
      [tenantId, wanted],
    );
    if ((row?.found ?? 0) < new Set(wanted).size) throw notFound(noun);
  }
  return expand(db, tenantId, selection);
}
