import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import * as Y from 'yjs';
import { buildApp } from '../../src/server/app';
import type { Manifest } from '../../src/server/backup/manifest';
import { takeBackup } from '../../src/server/backup/take-backup';
import { loadConfig } from '../../src/server/config';
import type { Db, Queryable } from '../../src/server/db/client';
import { createSharedFormStore, formEditor } from '../../src/server/modules/consultations/shared-form-store';
import { FREE_TEXT_KEY, formText } from '../../src/shared/form-doc';
import type { ParticipantId } from '../../src/shared/realtime';
import { samplePdf } from '../support/sample-files';
import type { TestServer } from '../support/server';
import { bookOnline } from './booking-fixtures';
import { callScene, consultationRequest, fileRequests } from './consultation-fixtures';

export const FORM_TEXT = 'Umzug zum 1. Dezember, Nebenwohnung bleibt.';

/** A new directory for a backup (or a DATA_DIR), below the system's temp directory. */
export const scratchDir = (name: string) => mkdtemp(join(tmpdir(), `amtsraum-${name}-`));

/** The server's clock as a Date: backups are stamped with the app clock, never the real one. */
export const appNow = (server: Pick<TestServer, 'ctx'>) => new Date(server.ctx.clock().epochMilliseconds);

/**
 * An installation with one of everything a backup must carry: a consultation with chat in both
 * directions, a shared PDF, the shared form, notes and an issued protocol, and an appointment booked
 * online with its manage link.
 */
export async function seedInstallation(server: TestServer) {
  const scene = await callScene(server);
  const id = scene.consultationId;
  const request = consultationRequest(server);
  const citizen = { token: scene.citizen.token };
  const agent = { cookie: scene.agent.cookie };
  for (const [who, text] of [
    [citizen, 'Hier ist die Wohnungsgeberbestätigung.'],
    [agent, 'Danke, die liegt vor.'],
  ] as const) {
    const sent = await request(who, 'POST', id, '/chat', { text });
    expect(sent.statusCode, sent.body).toBeLessThan(300);
  }
  const pdf = await samplePdf();
  const uploaded = await fileRequests(server).upload(citizen, id, 'Bescheid März.pdf', pdf);
  expect(uploaded.statusCode, uploaded.body).toBe(201);

  const store = createSharedFormStore(server.ctx.db);
  const editor = formEditor(`citizen:${scene.citizen.visitId}` as ParticipantId, false);
  await store.open(id, editor);
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  formText(doc, FREE_TEXT_KEY).insert(0, FORM_TEXT);
  for (const update of updates) expect(await store.append(id, editor, update)).toBe('stored');

  await request(agent, 'PUT', id, '/record', { notes: 'Ummeldung besprochen.', outcome: 'resolved' });
  const protocol = await request(agent, 'POST', id, '/protocol');
  expect(protocol.statusCode, protocol.body).toBe(201);
  const { booked } = await bookOnline(server, scene.tenant, 'termine');
  return {
    scene,
    pdf,
    fileId: uploaded.json().id as string,
    protocolSha256: protocol.json().pdfSha256 as string,
    manageToken: booked.manageUrl.split('#')[1]!,
  };
}
export type Seeded = Awaited<ReturnType<typeof seedInstallation>>;

/** The free text of a consultation's shared form, merged from its stored updates. */
export async function storedFormText(db: Queryable, consultationId: string) {
  const rows = await db.query<{ data: Uint8Array }>(
    'SELECT data FROM consultation_form_updates WHERE consultation_id = $1 ORDER BY id',
    [consultationId],
  );
  const doc = new Y.Doc();
  for (const row of rows) Y.applyUpdate(doc, new Uint8Array(row.data));
  return formText(doc, FREE_TEXT_KEY).toString();
}

/** Every table's rows as a backup holds them, sorted: equal results mean equal databases. */
export async function rowsOf(dir: string, manifest: Manifest): Promise<Record<string, string[]>> {
  const tables: Record<string, string[]> = {};
  for (const table of manifest.tables) {
    tables[table.name] = (await readFile(join(dir, table.path), 'utf8')).split('\n').filter(Boolean).sort();
  }
  return tables;
}

/** The database's content now, by backing it up into a new directory. */
export async function snapshotRows(db: Db, dataDir: string, now: Date) {
  const dir = await scratchDir('compare');
  const manifest = await takeBackup({ db, dataDir, target: dir, now });
  return { manifest, rows: await rowsOf(dir, manifest) };
}

/**
 * The real app on a restored database, as the operator starts it: with the source's three keys (carried
 * separately), its audit anchors and its clock.
 */
export async function serveRestored(db: Db, dataDir: string, source: TestServer) {
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    DATA_DIR: dataDir,
    // The same address as before the move, so that the links it writes are the same.
    PUBLIC_URL: source.ctx.config.publicUrl.origin,
    RATE_LIMIT_FACTOR: '1000',
    LINK_SECRET: source.ctx.config.linkSecret!,
    FILE_MASTER_KEY: source.ctx.config.files.masterKey!,
    AUDIT_KEY: source.ctx.config.secrets.configured.audit!,
    AUDIT_ANCHOR_FILE: source.ctx.config.auditAnchorFile,
  });
  const { app, ctx } = await buildApp(config, db);
  await app.ready();
  ctx.clock = source.ctx.clock;
  return { app, ctx, routes: [], baseUrl: '' } as unknown as TestServer;
}
