import { request as httpRequest } from 'node:http';
import type { Socket } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../support/each-db';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { authHeaders, type CallScene, callScene, type Who } from './consultation-fixtures';
import { enter } from './visits-fixtures';

const MAX_BYTES = 1024 * 1024;
/** What a stranger offers: a hundred times what a participant may upload. */
const OFFERED = 100 * MAX_BYTES;
const CHUNK = Buffer.alloc(64 * 1024, 0x41);

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
  /** How many bytes the server took off this connection, headers included. */
  serverRead: number;
}

describeEachDb('consultation file uploads are refused before the body is read', (kind) => {
  let server: TestServer;
  let scene: CallScene;
  /** The server's side of each open connection, by the client's port. */
  const serverSockets = new Map<number, Socket>();

  beforeAll(async () => {
    server = await startTestServer(kind, { listen: true, env: { FILE_MAX_BYTES: String(MAX_BYTES) } });
    server.app.server.on('connection', (socket: Socket) => serverSockets.set(socket.remotePort!, socket));
    scene = await callScene(server);
  });
  afterAll(() => server.close());

  /**
   * Offers `total` bytes as an upload over a real connection, as fast as the server takes them
   * (chunked unless `declare` sends Content-Length), and stops sending once the answer is in.
   */
  function offer(who: Who, consultationId: string, total: number, declare: boolean): Promise<Answer> {
    const url = new URL(`/api/consultations/${consultationId}/files`, server.baseUrl);
    return new Promise((resolve, reject) => {
      let answered = false;
      const req = httpRequest(url, {
        method: 'POST',
        agent: false,
        headers: {
          ...authHeaders(who),
          'content-type': 'application/octet-stream',
          'x-file-name': 'gross.pdf',
          ...(declare ? { 'content-length': String(total) } : {}),
        },
      });
      req.on('response', (res) => {
        answered = true;
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const socket = serverSockets.get(req.socket?.localPort ?? -1);
          const settle = () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
              headers: res.headers,
              serverRead: socket?.bytesRead ?? Number.NaN,
            });
          // Count once the server is done with the connection: it closes it after a refusal.
          if (!socket || socket.destroyed) settle();
          else socket.once('close', settle);
          req.destroy();
        });
      });
      // Writing into a connection the server closed fails; that is expected once it has answered.
      req.on('error', (error) => {
        if (!answered) reject(error);
      });
      let sent = 0;
      const pump = () => {
        while (!answered && sent < total) {
          const chunk = CHUNK.subarray(0, Math.min(CHUNK.length, total - sent));
          sent += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        if (!answered) req.end();
      };
      pump();
    });
  }

  const problem = (answer: Answer) => {
    expect(answer.headers['content-type']).toMatch(/problem\+json/);
    return JSON.parse(answer.body) as { status: number; detail?: string };
  };

  it('answers a stranger’s 100 MB upload with 404 and reads less than one allowed file of it', async () => {
    const otherCitizen = await enter(server, scene.tenant.slug, scene.office.slug, 'Max Muster');
    const otherTenant = await callScene(server, {}, await createTestTenant(server, 'Andere Stadt'));
    for (const who of [{ token: otherCitizen.visitToken }, { cookie: otherTenant.agent.cookie }]) {
      for (const declare of [true, false]) {
        const answer = await offer(who, scene.consultationId, OFFERED, declare);
        expect(answer.status, answer.body).toBe(404);
        expect(problem(answer).detail).toBe('Consultation not found');
        expect(answer.headers.connection).toBe('close');
        expect(answer.serverRead).toBeLessThan(MAX_BYTES);
      }
    }
  });

  it('answers 401 without or with a wrong credential, before the body', async () => {
    for (const who of [null, { token: 'not-a-visit-token' }, { cookie: 'amtsraum-staff=forged' }]) {
      const answer = await offer(who, scene.consultationId, OFFERED, false);
      expect(answer.status, answer.body).toBe(401);
      problem(answer);
      expect(answer.serverRead).toBeLessThan(MAX_BYTES);
    }
  });

  it('refuses a participant’s declared oversize upload (413) unread, but reads an undeclared one up to the limit', async () => {
    const citizen = { token: scene.citizen.token };
    const declared = await offer(citizen, scene.consultationId, OFFERED, true);
    expect(declared.status, declared.body).toBe(413);
    expect(problem(declared)).toMatchObject({ status: 413, maxBytes: MAX_BYTES });
    expect(declared.serverRead).toBeLessThan(MAX_BYTES);

    // Chunked, the size shows only while reading: the body limit stops it — this is what a stranger is spared.
    const chunked = await offer(citizen, scene.consultationId, OFFERED, false);
    expect(chunked.status, chunked.body).toBe(413);
    expect(problem(chunked)).toMatchObject({ status: 413, maxBytes: MAX_BYTES });
    expect(chunked.serverRead).toBeGreaterThan(MAX_BYTES);
    expect(chunked.serverRead).toBeLessThan(OFFERED);
  });

  it('refuses uploads to an ended consultation (409), a missing name (400) and another type (415) before the body', async () => {
    const fresh = await callScene(server);
    const citizen = { token: fresh.citizen.token };
    const url = `/api/consultations/${fresh.consultationId}/files`;
    const noName = await server.app.inject({
      method: 'POST',
      url,
      headers: { ...authHeaders(citizen), 'content-type': 'application/octet-stream' },
      payload: CHUNK,
    });
    expect(noName.statusCode, noName.body).toBe(400);
    expect(noName.json().detail).toMatch(/X-File-Name/);
    const json = await server.app.inject({
      method: 'POST',
      url,
      headers: { ...authHeaders(citizen), 'x-file-name': 'a.pdf' },
      payload: { not: 'a file' },
    });
    expect(json.statusCode, json.body).toBe(415);
    const badId = await server.app.inject({
      method: 'POST',
      url: '/api/consultations/not-a-uuid/files',
      headers: {
        ...authHeaders(citizen),
        'content-type': 'application/octet-stream',
        'x-file-name': 'a.pdf',
      },
      payload: CHUNK,
    });
    expect(badId.statusCode, badId.body).toBe(400);
    expect(badId.json().errors).toEqual([{ field: 'params.id', message: 'Invalid UUID' }]);

    const ended = await server.app.inject({
      method: 'POST',
      url: `/api/staff/consultations/${fresh.consultationId}/end`,
      headers: { cookie: fresh.agent.cookie },
    });
    expect(ended.statusCode, ended.body).toBeLessThan(300);
    const late = await offer(citizen, fresh.consultationId, OFFERED, false);
    expect(late.status, late.body).toBe(409);
    expect(late.serverRead).toBeLessThan(MAX_BYTES);
  });
});
