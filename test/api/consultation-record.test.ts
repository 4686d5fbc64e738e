import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../support/each-db';
import { connectSocket } from '../support/realtime';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { callScene, consultationRequest, linkAppointment } from './consultation-fixtures';
import { pdfText, xmpOf } from './consultation-pdf';

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

describeEachDb('consultation notes, protocol and rating', (kind) => {
  let server: TestServer;
  let request: ReturnType<typeof consultationRequest>;
  beforeAll(async () => {
    server = await startTestServer(kind, { listen: true });
    request = consultationRequest(server);
  });
  afterAll(() => server.close());

  it('lets only the agent write notes and outcome, during and after the call', async () => {
    const scene = await callScene(server);
    const agent = { cookie: scene.agent.cookie };
    const citizen = { token: scene.citizen.token };
    const record = {
      notes: 'Meldebescheinigung erklärt.\nRückfrage wegen Nebenwohnung.',
      outcome: 'follow_up',
    };

    const byCitizen = await request(citizen, 'PUT', scene.consultationId, '/record', record);
    expect(byCitizen.statusCode).toBe(403);
    expect(byCitizen.headers['content-type']).toMatch(/problem\+json/);
    expect((await request(citizen, 'GET', scene.consultationId, '/record')).statusCode).toBe(403);

    const during = await request(agent, 'PUT', scene.consultationId, '/record', record);
    expect(during.statusCode, during.body).toBe(200);
    expect(during.json()).toEqual({ ...record, protocol: null });

    await server.app.inject({
      method: 'POST',
      url: `/api/staff/consultations/${scene.consultationId}/end`,
      headers: agent,
    });
    const after = await request(agent, 'PUT', scene.consultationId, '/record', {
      notes: '',
      outcome: 'resolved',
    });
    expect(after.statusCode).toBe(200);
    expect((await request(agent, 'GET', scene.consultationId, '/record')).json()).toEqual({
      notes: '',
      outcome: 'resolved',
      protocol: null,
    });

    const cases: [unknown, string][] = [
      [{ notes: 'x', outcome: 'perfect' }, 'body.outcome'],
      [{ notes: 'x' }, 'body.outcome'],
      [{ notes: 'x'.repeat(20_001), outcome: null }, 'body.notes'],
      [{ notes: 7, outcome: null }, 'body.notes'],
      [{ notes: 'a\u0000b', outcome: null }, 'body.notes'],
      [{ notes: 'x', outcome: null, secret: true }, 'body'],
    ];
    for (const [payload, field] of cases) {
      const response = await request(agent, 'PUT', scene.consultationId, '/record', payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 50)).toBe(400);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('issues a PDF/A protocol and a JSON record whose SHA-256 matches the PDF', async () => {
    const scene = await callScene(server, { agent: 'Erika Mustermann', citizen: 'Zoë Çelik-Müller' });
    const service = await linkAppointment(server, scene, 'Wohnsitz ummelden');
    const agent = { cookie: scene.agent.cookie };
    const citizen = { token: scene.citizen.token };
    await request(citizen, 'POST', scene.consultationId, '/chat', {
      text: 'Hier ist die Wohnungsgeberbestätigung.',
    });
    await request(agent, 'POST', scene.consultationId, '/chat', { text: 'Danke, die liegt vor.' });
    await request(agent, 'PUT', scene.consultationId, '/record', {
      notes: 'Ummeldung besprochen; Personalausweis fehlt noch.',
      outcome: 'documents_missing',
    });
    expect((await request(agent, 'GET', scene.consultationId, '/protocol.pdf')).statusCode).toBe(404);

    // Issuing the protocol of a live call ends the call, and both sides are told.
    const citizenSocket = await connectSocket(server.baseUrl);
    citizenSocket.send({ type: 'hello', as: 'citizen', visitToken: scene.citizen.token });
    await citizenSocket.next('ready');
    expect((await request(citizen, 'POST', scene.consultationId, '/protocol', {})).statusCode).toBe(403);
    const issued = await request(agent, 'POST', scene.consultationId, '/protocol');
    expect(issued.statusCode, issued.body).toBe(201);
    expect(issued.json()).toMatchObject({ version: 1, pdfSha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await citizenSocket.next('call.ended');
    citizenSocket.close();
    expect((await request(agent, 'GET', scene.consultationId)).json().endedAt).not.toBeNull();

    const pdf = await request(agent, 'GET', scene.consultationId, '/protocol.pdf');
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['cache-control']).toBe('no-store');
    expect(pdf.headers['content-disposition']).toMatch(
      /^attachment; filename="protocol-\d{4}-\d{2}-\d{2}\.pdf"$/,
    );
    const bytes = pdf.rawPayload;
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const json = await request(agent, 'GET', scene.consultationId, '/protocol.json');
    expect(json.statusCode).toBe(200);
    expect(json.headers['cache-control']).toBe('no-store');
    expect(json.headers['content-disposition']).toMatch(
      /^attachment; filename="protocol-\d{4}-\d{2}-\d{2}\.json"$/,
    );
    const record = json.json();
    expect(record.pdf).toEqual({ sha256: sha256(bytes), bytes: bytes.length });
    expect(record.pdf.sha256).toBe(issued.json().pdfSha256);
    expect(record).toMatchObject({
      format: 'amtsraum.protocol/1',
      consultationId: scene.consultationId,
      version: 1,
      authority: { name: 'Stadt Musterhausen', timeZone: 'Europe/Berlin' },
      office: { id: scene.office.id, name: scene.office.name },
      service: { id: service.id, name: 'Wohnsitz ummelden' },
      participants: { agent: { name: 'Erika Mustermann' }, citizen: { name: 'Zoë Çelik-Müller' } },
      times: { endReason: 'completed' },
      notes: 'Ummeldung besprochen; Personalausweis fehlt noch.',
      outcome: 'documents_missing',
      // The transcript is left out unless the agent asks for it; the count is always there.
      chat: { messageCount: 2, transcript: null },
    });
    expect(record.times.waitedSeconds).toBeGreaterThanOrEqual(0);
    expect(Date.parse(record.times.endedAt)).toBeGreaterThanOrEqual(Date.parse(record.times.startedAt));

    // Read back by an independent extractor: names, service, notes and outcome are in the PDF's text.
    const text = (await pdfText(bytes)).replace(/\s+/g, ' ');
    for (const expected of [
      'Beratungsprotokoll',
      'Stadt Musterhausen',
      'Zoë Çelik-Müller',
      'Erika Mustermann',
      'Wohnsitz ummelden',
      scene.office.name,
      'Ummeldung besprochen; Personalausweis fehlt noch.',
      'Unterlagen fehlen',
      '2 Nachrichten im Chat',
      scene.consultationId,
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('Wohnungsgeberbestätigung');

    // PDF/A-3b: the XMP metadata declares part 3, conformance B, and every font is embedded.
    const xmp = xmpOf(bytes);
    expect(xmp).toMatch(/<pdfaid:part>3<\/pdfaid:part>/);
    expect(xmp).toMatch(/<pdfaid:conformance>B<\/pdfaid:conformance>/);
    const raw = Buffer.from(bytes).toString('latin1');
    expect(raw).toMatch(/\/OutputIntents/);
    expect(raw).toMatch(/\/FontFile2/);
    expect(raw).not.toMatch(/\/BaseFont \/(Helvetica|Times|Courier)/);

    // A second issue with the transcript adds version 2; version 1 stays stored as it was.
    const second = await request(agent, 'POST', scene.consultationId, '/protocol', { includeChat: true });
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json().version).toBe(2);
    const withChat = (await request(agent, 'GET', scene.consultationId, '/protocol.json')).json();
    expect(withChat.chat.transcript.map((m: { role: string; text: string }) => [m.role, m.text])).toEqual([
      ['citizen', 'Hier ist die Wohnungsgeberbestätigung.'],
      ['agent', 'Danke, die liegt vor.'],
    ]);
    const secondPdf = (await request(agent, 'GET', scene.consultationId, '/protocol.pdf')).rawPayload;
    expect(sha256(secondPdf)).toBe(withChat.pdf.sha256);
    expect((await pdfText(secondPdf)).replace(/\s+/g, ' ')).toContain(
      'Hier ist die Wohnungsgeberbestätigung.',
    );
    const versions = await server.ctx.db.query<{ version: number; pdfSha256: string }>(
      'SELECT version, pdf_sha256 AS "pdfSha256" FROM consultation_protocols WHERE consultation_id = $1 ORDER BY version',
      [scene.consultationId],
    );
    expect(versions).toEqual([
      { version: 1, pdfSha256: record.pdf.sha256 },
      { version: 2, pdfSha256: withChat.pdf.sha256 },
    ]);
    expect((await request(agent, 'GET', scene.consultationId, '/record')).json().protocol).toMatchObject({
      version: 2,
      pdfSha256: withChat.pdf.sha256,
    });

    // Readers: the authority's admin and the lead of the office's unit; not the citizen, not others.
    const admin = await scene.tenant.staff('admin');
    const lead = await scene.tenant.staff('lead');
    const otherAdmin = await (await createTestTenant(server)).staff('admin');
    for (const [who, status] of [
      [{ cookie: admin.cookie }, 200],
      [{ cookie: lead.cookie }, 200],
      [citizen, 403],
      [{ cookie: otherAdmin.cookie }, 404],
      [{ cookie: (await scene.tenant.staff('agent')).cookie }, 404],
    ] as const) {
      for (const path of ['/protocol.pdf', '/protocol.json', '/record']) {
        const response = await request(who, 'GET', scene.consultationId, path);
        expect(response.statusCode, `${JSON.stringify(who).slice(0, 20)} ${path}`).toBe(status);
      }
    }
    // A lead of another unit reads nothing of this office.
    const [otherUnit] = await server.ctx.db.query<{ id: string }>(
      `INSERT INTO units (tenant_id, name) VALUES ($1, 'Ordnungsamt') RETURNING id`,
      [scene.tenant.tenantId],
    );
    const foreignLead = await scene.tenant.staff('lead', { unitId: otherUnit!.id });
    expect(
      (await request({ cookie: foreignLead.cookie }, 'GET', scene.consultationId, '/protocol.pdf'))
        .statusCode,
    ).toBe(404);
    // Readers read; they do not write.
    expect(
      (await request({ cookie: admin.cookie }, 'POST', scene.consultationId, '/protocol', {})).statusCode,
    ).toBe(404);

    const bad = await request(agent, 'POST', scene.consultationId, '/protocol', { includeChat: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.includeChat');
  });

  it('takes one anonymous rating from the citizen after the call', async () => {
    const scene = await callScene(server);
    const agent = { cookie: scene.agent.cookie };
    const citizen = { token: scene.citizen.token };

    const early = await request(citizen, 'POST', scene.consultationId, '/rating', { stars: 5 });
    expect(early.statusCode).toBe(409);
    expect((await request(citizen, 'GET', scene.consultationId)).json().canRate).toBe(false);

    await server.app.inject({
      method: 'POST',
      url: `/api/staff/consultations/${scene.consultationId}/end`,
      headers: agent,
    });
    expect((await request(citizen, 'GET', scene.consultationId)).json()).toMatchObject({
      role: 'citizen',
      self: `citizen:${scene.citizen.visitId}`,
      peer: `agent:${scene.agent.id}`,
      canRate: true,
    });
    expect((await request(agent, 'POST', scene.consultationId, '/rating', { stars: 1 })).statusCode).toBe(
      403,
    );

    for (const [payload, field] of [
      [{ stars: 0 }, 'body.stars'],
      [{ stars: 6 }, 'body.stars'],
      [{ stars: 3.5 }, 'body.stars'],
      [{ stars: '5' }, 'body.stars'],
      [{}, 'body.stars'],
      [{ stars: 4, comment: 'x'.repeat(1001) }, 'body.comment'],
      [{ stars: 4, visitId: scene.citizen.visitId }, 'body'],
    ] as const) {
      const response = await request(citizen, 'POST', scene.consultationId, '/rating', payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 50)).toBe(400);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }

    const rated = await request(citizen, 'POST', scene.consultationId, '/rating', {
      stars: 4,
      comment: 'Freundlich und schnell.',
    });
    expect(rated.statusCode, rated.body).toBe(204);
    const again = await request(citizen, 'POST', scene.consultationId, '/rating', { stars: 1 });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toMatch(/problem\+json/);
    expect((await request(citizen, 'GET', scene.consultationId)).json().canRate).toBe(false);

    // Anonymous: the rating row holds authority, office, day, stars and comment — nothing that leads back.
    const columns = await server.ctx.db.query<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns
        WHERE table_name = 'consultation_ratings' ORDER BY ordinal_position`,
    );
    expect(columns.map((c) => c.name)).toEqual(['id', 'tenant_id', 'office_id', 'day', 'stars', 'comment']);
    const rows = await server.ctx.db.query<Record<string, unknown>>(
      `SELECT id, tenant_id, office_id, day::text AS day, stars, comment FROM consultation_ratings
        WHERE tenant_id = $1`,
      [scene.tenant.tenantId],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      tenant_id: scene.tenant.tenantId,
      office_id: scene.office.id,
      day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      stars: 4,
      comment: 'Freundlich und schnell.',
    });
    const stored = JSON.stringify(rows[0]);
    for (const secret of [scene.consultationId, scene.citizen.visitId, scene.agent.id]) {
      expect(stored).not.toContain(secret);
    }
    const [marker] = await server.ctx.db.query<{ rated: boolean }>(
      'SELECT rated FROM consultations WHERE id = $1',
      [scene.consultationId],
    );
    expect(marker?.rated).toBe(true);
  });
});
