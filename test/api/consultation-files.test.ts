import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { scheduleRetention } from '../../src/server/modules/retention/retention-job';
import type { ConsultationFile } from '../../src/shared/realtime';
import { describeEachDb } from '../support/each-db';
import { connectSocket } from '../support/realtime';
import { samplePdf } from '../support/sample-files';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { callScene, consultationRequest, fileRequests } from './consultation-fixtures';
import { enter } from './visits-fixtures';

const MAX_BYTES = 200_000;

/** Every file below dir, as paths relative to it. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)));
}

describeEachDb('consultation files', (kind) => {
  let server: TestServer;
  let request: ReturnType<typeof consultationRequest>;
  let upload: ReturnType<typeof fileRequests>['upload'];
  let download: ReturnType<typeof fileRequests>['download'];

  beforeAll(async () => {
    server = await startTestServer(kind, { listen: true, env: { FILE_MAX_BYTES: String(MAX_BYTES) } });
    request = consultationRequest(server);
    ({ upload, download } = fileRequests(server));
  });
  afterAll(() => server.close());

  it('carries a PDF from the citizen to the agent, encrypted at rest, announced live', async () => {
    const scene = await callScene(server);
    const agent = { cookie: scene.agent.cookie };
    const citizen = { token: scene.citizen.token };
    const staffSocket = await connectSocket(server.baseUrl, { cookie: scene.agent.cookie });
    staffSocket.send({ type: 'hello', as: 'staff' });
    await staffSocket.next('ready');

    const pdf = await samplePdf();
    const sent = await upload(citizen, scene.consultationId, 'Bescheid März.pdf', pdf);
    expect(sent.statusCode, sent.body).toBe(201);
    const file = sent.json() as ConsultationFile;
    expect(file).toMatchObject({
      name: 'Bescheid März.pdf',
      size: pdf.length,
      mime: 'application/pdf',
      uploader: `citizen:${scene.citizen.visitId}`,
      uploaderRole: 'citizen',
    });
    const shared = await staffSocket.next('file.shared');
    expect(shared).toEqual({ type: 'file.shared', consultationId: scene.consultationId, file });

    const list = await request(agent, 'GET', scene.consultationId, '/files');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json()).toEqual({ files: [file], maxBytes: MAX_BYTES });

    const got = await download(agent, scene.consultationId, file.id);
    expect(got.statusCode, got.body).toBe(200);
    expect(got.rawPayload.equals(pdf)).toBe(true);
    expect(got.headers['content-type']).toMatch(/^application\/pdf/);
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['cache-control']).toBe('no-store');
    expect(got.headers['content-disposition']).toBe(
      `attachment; filename="Bescheid M_rz.pdf"; filename*=UTF-8''Bescheid%20M%C3%A4rz.pdf`,
    );

    // On disk: only ids in the path, and not the plaintext.
    const dataDir = server.ctx.config.dataDir;
    const stored = await readFile(join(dataDir, 'files', scene.tenant.tenantId, `${file.id}.bin`));
    expect(stored.length).toBe(pdf.length);
    expect(stored.equals(pdf)).toBe(false);
    expect(stored.includes(Buffer.from('%PDF'))).toBe(false);

    const [row] = await server.ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE tenant_id = $1 AND action IN ('file.uploaded', 'file.downloaded')`,
      [scene.tenant.tenantId],
    );
    expect(row!.n).toBe(2);
    staffSocket.close();
  });

  it('refuses oversize, empty and renamed executable files with clear problems', async () => {
    const scene = await callScene(server);
    const citizen = { token: scene.citizen.token };
    const pdf = await samplePdf();

    const big = Buffer.concat([pdf, Buffer.alloc(MAX_BYTES)]);
    const tooBig = await upload(citizen, scene.consultationId, 'gross.pdf', big);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.headers['content-type']).toMatch(/problem\+json/);

    const empty = await upload(citizen, scene.consultationId, 'leer.pdf', Buffer.alloc(0));
    expect(empty.statusCode, empty.body).toBe(400);
    expect(empty.headers['content-type']).toMatch(/problem\+json/);

    const elf = Buffer.alloc(256);
    elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
    const mz = Buffer.alloc(256);
    mz.write('MZ');
    for (const [bytes, type] of [
      [elf, 'application/x-elf'],
      [mz, 'application/x-msdownload'],
      [Buffer.from('just some text, no known type'), 'unknown'],
    ] as const) {
      const refused = await upload(citizen, scene.consultationId, 'letter.pdf', bytes);
      expect(refused.statusCode, refused.body).toBe(415);
      expect(refused.headers['content-type']).toMatch(/problem\+json/);
      expect(refused.json().detail).toContain(type);
    }
    expect((await request(citizen, 'GET', scene.consultationId, '/files')).json()).toEqual({
      files: [],
      maxBytes: MAX_BYTES,
    });
  });

  it('keeps a path-traversal name out of every path', async () => {
    const scene = await callScene(server);
    const sent = await upload(
      { token: scene.citizen.token },
      scene.consultationId,
      '../../etc/passwd.pdf',
      await samplePdf(),
    );
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json().name).toBe('passwd.pdf');
    const dataDir = server.ctx.config.dataDir;
    for (const path of await tree(dataDir)) {
      expect(path).toMatch(/^(files\/[0-9a-f-]{36}\/[0-9a-f-]{36}\.bin|outbox\/.+)$/);
    }
    expect(await tree(join(dataDir, 'files', scene.tenant.tenantId))).toEqual([`${sent.json().id}.bin`]);
    const got = await download({ cookie: scene.agent.cookie }, scene.consultationId, sent.json().id);
    expect(got.headers['content-disposition']).toContain(`filename="passwd.pdf"`);
  });

  it('answers 404 to strangers and 401 without credentials', async () => {
    const scene = await callScene(server);
    const sent = await upload(
      { token: scene.citizen.token },
      scene.consultationId,
      'a.pdf',
      await samplePdf(),
    );
    expect(sent.statusCode).toBe(201);
    const fileId = sent.json().id;
    const otherCitizen = await enter(server, scene.tenant.slug, scene.office.slug, 'Max Muster');
    const otherTenant = await callScene(server, {}, await createTestTenant(server, 'Andere Stadt'));
    for (const who of [{ token: otherCitizen.visitToken }, { cookie: otherTenant.agent.cookie }]) {
      expect((await request(who, 'GET', scene.consultationId, '/files')).statusCode).toBe(404);
      expect((await download(who, scene.consultationId, fileId)).statusCode).toBe(404);
      expect((await upload(who, scene.consultationId, 'b.pdf', await samplePdf())).statusCode).toBe(404);
    }
    // A file of one consultation is not reachable through another.
    expect(
      (await download({ cookie: otherTenant.agent.cookie }, otherTenant.consultationId, fileId)).statusCode,
    ).toBe(404);
    expect((await request(null, 'GET', scene.consultationId, '/files')).statusCode).toBe(401);
    expect(
      (await request({ token: scene.citizen.token }, 'GET', scene.consultationId, '/files')).json().files,
    ).toHaveLength(1);
  });

  it('deletes files, rows and bytes, once the retention days have passed', async () => {
    const scene = await callScene(server);
    const sent = await upload(
      { token: scene.citizen.token },
      scene.consultationId,
      'a.pdf',
      await samplePdf(),
    );
    expect(sent.statusCode).toBe(201);
    const path = join(server.ctx.config.dataDir, 'files', scene.tenant.tenantId, `${sent.json().id}.bin`);
    await readFile(path);
    await server.ctx.db.query(
      `UPDATE consultations SET started_at = now() - interval '401 days', ended_at = now() - interval '400 days', end_reason = 'completed' WHERE id = $1`,
      [scene.consultationId],
    );
    await scheduleRetention(server.ctx.db);
    expect(await server.ctx.jobs.runDue()).toBeGreaterThanOrEqual(1);
    expect(
      await server.ctx.db.query('SELECT 1 FROM consultation_files WHERE id = $1', [sent.json().id]),
    ).toEqual([]);
    await expect(readFile(path)).rejects.toThrow(/ENOENT/);
  });
});
