import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDb } from '../support/each-db';
import { closedPort, EICAR, type FakeClamd, startFakeClamd } from '../support/fake-clamd';
import { samplePdf } from '../support/sample-files';
import { startTestServer, type TestServer } from '../support/server';
import {
  authHeaders,
  type CallScene,
  callScene,
  consultationRequest,
  fileRequests,
} from './consultation-fixtures';

describeEachDb('consultation files scanned by ClamAV', (kind) => {
  let server: TestServer;
  let clamd: FakeClamd;
  let scene: CallScene;

  beforeAll(async () => {
    clamd = await startFakeClamd();
    server = await startTestServer(kind, {
      env: { CLAMAV_HOST: '127.0.0.1', CLAMAV_PORT: String(clamd.port) },
    });
  });
  afterAll(async () => {
    await server.close();
    await clamd.close();
  });
  beforeEach(async () => {
    clamd.mode = 'scan';
    clamd.streams = [];
    server.ctx.config.files.clamav = { host: '127.0.0.1', port: clamd.port };
    scene = await callScene(server);
  });

  const upload = (bytes: Buffer) =>
    fileRequests(server).upload({ token: scene.citizen.token }, scene.consultationId, 'Bescheid.pdf', bytes);

  /** Nothing of the consultation's files anywhere: no row, no bytes on disk, an empty list. */
  async function expectNothingStored() {
    const rows = await server.ctx.db.query('SELECT 1 FROM consultation_files WHERE consultation_id = $1', [
      scene.consultationId,
    ]);
    expect(rows).toEqual([]);
    const dir = join(server.ctx.config.dataDir, 'files', scene.tenant.tenantId);
    expect(await readdir(dir).catch(() => [])).toEqual([]);
    const list = await consultationRequest(server)(
      { cookie: scene.agent.cookie },
      'GET',
      scene.consultationId,
      '/files',
    );
    expect(list.json().files).toEqual([]);
  }

  it('stores a clean file after clamd saw every byte of it, in INSTREAM chunks', async () => {
    // Larger than one 64 KiB chunk, so the stream takes several.
    const pdf = Buffer.concat([await samplePdf(), randomBytes(150_000)]);
    const sent = await upload(pdf);
    expect(sent.statusCode, sent.body).toBe(201);
    expect(clamd.streams).toHaveLength(1);
    expect(clamd.streams[0]!.bytes.equals(pdf)).toBe(true);
    expect(clamd.streams[0]!.chunks).toBe(3);
    const got = await server.app.inject({
      method: 'GET',
      url: `/api/consultations/${scene.consultationId}/files/${sent.json().id}`,
      headers: authHeaders({ cookie: scene.agent.cookie }),
    });
    expect(got.rawPayload.equals(pdf)).toBe(true);
  });

  it('refuses an infected file with 422, stores nothing and records the refusal', async () => {
    const infected = Buffer.concat([await samplePdf(), Buffer.from(`\n${EICAR}\n`)]);
    const sent = await upload(infected);
    expect(sent.statusCode, sent.body).toBe(422);
    expect(sent.headers['content-type']).toMatch(/problem\+json/);
    expect(sent.json()).toMatchObject({
      status: 422,
      detail: 'The file contains malware and was not shared',
      signature: 'Eicar-Test-Signature',
    });
    expect(clamd.streams[0]!.bytes.equals(infected)).toBe(true);
    await expectNothingStored();
    const audit = await server.ctx.db.query<{ actor: string; details: Record<string, unknown> }>(
      `SELECT actor, details FROM audit_events WHERE tenant_id = $1 AND action = 'file.refused'`,
      [scene.tenant.tenantId],
    );
    expect(audit).toEqual([
      {
        actor: `citizen:${scene.citizen.visitId}`,
        details: {
          consultationId: scene.consultationId,
          reason: 'malware',
          signature: 'Eicar-Test-Signature',
        },
      },
    ]);
  });

  it('fails closed with 503 when clamd cannot be reached or gives no verdict', async () => {
    const pdf = await samplePdf();
    const cases: [string, () => Promise<void>][] = [
      [
        'unreachable',
        async () => {
          server.ctx.config.files.clamav = { host: '127.0.0.1', port: await closedPort() };
        },
      ],
      [
        'hangs up',
        async () => {
          clamd.mode = 'hang-up';
        },
      ],
      [
        'over its stream limit',
        async () => {
          clamd.mode = 'size-limit';
        },
      ],
    ];
    for (const [what, arrange] of cases) {
      await arrange();
      const sent = await upload(pdf);
      expect(sent.statusCode, `${what}: ${sent.body}`).toBe(503);
      expect(sent.headers['content-type']).toMatch(/problem\+json/);
      expect(sent.json().detail).toBe('The virus scan is not available; try again later');
      await expectNothingStored();
    }
  });

  it('does not scan what it refuses by type anyway', async () => {
    const sent = await upload(Buffer.from(`MZ${EICAR}`));
    expect(sent.statusCode, sent.body).toBe(415);
    expect(clamd.streams).toEqual([]);
  });
});
