import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { expect } from 'vitest';
import * as Y from 'yjs';
import { serviceRepository } from '../../src/server/modules/admin/services';
import { createSharedFormStore, formEditor } from '../../src/server/modules/consultations/shared-form-store';
import type { FirmBooking } from '../../src/shared/booking';
import { FREE_TEXT_KEY, formText } from '../../src/shared/form-doc';
import type { ParticipantId } from '../../src/shared/realtime';
import { citizenPost } from '../support/proof-of-work';
import { samplePdf } from '../support/sample-files';
import type { TestServer, TestTenant } from '../support/server';
import { fileRequests } from './consultation-fixtures';
import { serviceBody } from './fixtures';
import { agentFor, openOffice } from './visits-fixtures';

/** What one citizen tells and shares: every value is unique to them, so a leak is found by text. */
export interface Citizen {
  name: string;
  email: string;
  /** As typed at booking; stored as E.164. */
  phone: string;
  e164: string;
  /** The booked slot (a Wednesday, the office's day). */
  start: string;
  intake: string;
  chat: string;
  form: string;
  fileText: string;
}

export interface SeededCitizen extends Citizen {
  appointmentId: string;
  visitId: string;
  consultationId: string;
  fileId: string;
  fileBytes: Buffer;
}

/** An office with one agent and a service with a question, for citizens to book. */
export async function consultingOffice(server: TestServer, tenant: TestTenant) {
  const office = await openOffice(server, tenant, 'datenschutz');
  const agent = await agentFor(server, tenant, [office.id]);
  const service = await serviceRepository(server.ctx).create(tenant.tenantId, {
    ...serviceBody(tenant.unitId),
    durationMinutes: 30,
  });
  return { office, agent, service };
}

const at = (iso: string, minutes: number) => Temporal.Instant.from(iso).add({ minutes: minutes });

/**
 * The citizens book online (all first: the clock moves on), then each checks in by the join link a few
 * minutes before their slot, is called, writes in the chat, shares a file, fills the shared form and
 * gets a protocol with the chat; the booking's mails and SMS go to the outbox. Afterwards the app clock
 * stands two hours after the last slot.
 */
export async function seedCitizens(
  server: TestServer,
  tenant: TestTenant,
  place: Awaited<ReturnType<typeof consultingOffice>>,
  citizens: Citizen[],
): Promise<SeededCitizen[]> {
  const bookings: FirmBooking[] = [];
  for (const citizen of citizens) {
    const booked = await citizenPost(
      server.app,
      `/api/public/tenants/${tenant.slug}/services/${place.service.id}/appointments`,
      {
        start: citizen.start,
        name: citizen.name,
        email: citizen.email,
        phone: citizen.phone,
        intake: { anliegen: citizen.intake },
        consent: true,
      },
    );
    expect(booked.statusCode, booked.body).toBe(201);
    bookings.push(booked.json() as FirmBooking);
  }
  const seeded: SeededCitizen[] = [];
  for (const [index, citizen] of citizens.entries()) {
    seeded.push(await consult(server, place.agent.cookie, citizen, bookings[index]!));
  }
  // Confirmation mails and SMS (and whatever else is due) into the outbox.
  await server.ctx.jobs.runDue();
  server.ctx.clock = () => at(citizens.at(-1)!.start, 120);
  return seeded;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function consult(server: TestServer, agentCookie: string, citizen: Citizen, booking: FirmBooking) {
  server.ctx.clock = () => at(citizen.start, -4);
  const joined = await server.app.inject({
    method: 'POST',
    url: '/api/public/appointment/join',
    headers: bearer(booking.joinUrl!.split('#')[1]!),
  });
  expect(joined.statusCode, joined.body).toBe(200);
  const visitToken = joined.json().visitToken as string;
  const visit = await server.app.inject({ url: '/api/public/visit', headers: bearer(visitToken) });
  const visitId = visit.json().visitId as string;
  const called = await server.app.inject({
    method: 'POST',
    url: `/api/staff/visits/${visitId}/call`,
    headers: { cookie: agentCookie },
  });
  expect(called.statusCode, called.body).toBe(200);
  const consultationId = called.json().consultationId as string;

  const chat = await server.app.inject({
    method: 'POST',
    url: `/api/consultations/${consultationId}/chat`,
    headers: bearer(visitToken),
    payload: { text: citizen.chat },
  });
  expect(chat.statusCode, chat.body).toBe(201);
  const fileBytes = await samplePdf(citizen.fileText);
  const uploaded = await fileRequests(server).upload(
    { token: visitToken },
    consultationId,
    'Nachweis.pdf',
    fileBytes,
  );
  expect(uploaded.statusCode, uploaded.body).toBe(201);

  const store = createSharedFormStore(server.ctx.db);
  const editor = formEditor(`citizen:${visitId}` as ParticipantId, false);
  await store.open(consultationId, editor);
  const doc = new Y.Doc();
  formText(doc, FREE_TEXT_KEY).insert(0, citizen.form);
  expect(await store.append(consultationId, editor, Y.encodeStateAsUpdate(doc))).toBe('stored');

  const protocol = await server.app.inject({
    method: 'POST',
    url: `/api/consultations/${consultationId}/protocol`,
    headers: { cookie: agentCookie },
    payload: { includeChat: true },
  });
  expect(protocol.statusCode, protocol.body).toBe(201);
  return {
    ...citizen,
    appointmentId: booking.appointmentId,
    visitId,
    consultationId,
    fileId: uploaded.json().id as string,
    fileBytes,
  };
}

/** What identifies a citizen: in their export, and nowhere at all once they are erased. */
export const identifiersOf = (c: Citizen) => [c.name, c.email, c.e164];
/**
 * What a citizen said and answered: in their export; once erased only in the protocol the authority
 * keeps (pseudonymised), nowhere else.
 */
export const contentOf = (c: Citizen) => [c.intake, c.chat, c.form];

const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');

/**
 * Every row of every table as text (bytea as hex): where each secret occurs, as "table" names. Finds
 * a name in a Yjs update or a JSON record as well as in a plain column.
 */
export async function tablesHolding(server: TestServer, secrets: string[]) {
  const tables = await server.ctx.db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const found = new Map<string, string[]>();
  for (const { name } of tables) {
    const rows = await server.ctx.db.query<{ row: string }>(`SELECT t::text AS row FROM "${name}" t`);
    const text = rows.map((r) => r.row.toLowerCase()).join('\n');
    for (const secret of secrets) {
      if (text.includes(secret.toLowerCase()) || text.includes(hex(secret))) {
        found.set(secret, [...(found.get(secret) ?? []), name]);
      }
    }
  }
  return found;
}

/** Every file under DATA_DIR that holds one of the secrets in plain text (outbox messages, not encrypted files). */
export async function filesHolding(dataDir: string, secrets: string[]) {
  const entries = await readdir(dataDir, { recursive: true, withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const text = (await readFile(path)).toString('utf8');
    if (secrets.some((s) => text.includes(s))) found.push(path);
  }
  return found;
}
