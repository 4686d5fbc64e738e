import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../support/each-db';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { signatureHeaders, startReceiver } from '../support/webhook-receiver';

describeEachDb('webhook test event', (kind) => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    server = await startTestServer(kind);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await server.close();
  });

  const as = (cookie: string) => ({
    create: (payload: object) =>
      server.app.inject({ method: 'POST', url: '/api/admin/webhooks', headers: { cookie }, payload }),
    test: (id: string) =>
      server.app.inject({ method: 'POST', url: `/api/admin/webhooks/${id}/test`, headers: { cookie } }),
    revoke: (id: string) =>
      server.app.inject({ method: 'DELETE', url: `/api/admin/webhooks/${id}`, headers: { cookie } }),
    deliveries: (id: string) =>
      server.app.inject({ url: `/api/admin/webhooks/${id}/deliveries`, headers: { cookie } }),
  });

  it('sends a signed webhook.test to one endpoint, whatever it subscribed to, and logs it', async () => {
    const tenant = await createTestTenant(server);
    const admin = as((await tenant.staff('admin')).cookie);
    const created = await admin.create({ url: receiver.url('/hooks/test'), events: ['visit.transferred'] });
    expect(created.statusCode, created.body).toBe(201);
    const { id, secret } = created.json();
    const other = await admin.create({ url: receiver.url('/hooks/other'), events: ['visit.transferred'] });

    const queued = await admin.test(id);
    expect(queued.statusCode, queued.body).toBe(202);
    const { deliveryId, messageId } = queued.json();
    expect(messageId).toBe(`msg_${deliveryId}`);
    expect((await admin.deliveries(id)).json()).toEqual([
      expect.objectContaining({ id: deliveryId, event: 'webhook.test', status: 'pending', attempts: 0 }),
    ]);

    receiver.received.length = 0;
    await server.ctx.jobs.runDue();
    // Only the endpoint asked for gets it.
    expect(receiver.received.map((r) => r.path)).toEqual(['/hooks/test']);
    const [request] = receiver.received;
    expect(request!.headers['webhook-id']).toBe(messageId);
    expect(new Webhook(secret).verify(request!.body, signatureHeaders(request!))).toEqual({
      type: 'webhook.test',
      timestamp: expect.any(String),
      data: { endpointId: id },
    });
    expect((await admin.deliveries(id)).json()).toEqual([
      expect.objectContaining({
        id: deliveryId,
        event: 'webhook.test',
        status: 'delivered',
        attempts: 1,
        lastStatusCode: 200,
      }),
    ]);
    expect((await admin.deliveries(other.json().id)).json()).toEqual([]);

    // A refusing receiver shows as a pending retry with its status code.
    receiver.answers.push(503);
    await admin.test(id);
    await server.ctx.jobs.runDue();
    const [latest] = (await admin.deliveries(id)).json();
    expect(latest).toMatchObject({
      event: 'webhook.test',
      status: 'pending',
      attempts: 1,
      lastStatusCode: 503,
    });
  });

  it('refuses revoked and unknown endpoints, other authorities and non-admins', async () => {
    const tenant = await createTestTenant(server);
    const admin = as((await tenant.staff('admin')).cookie);
    const { id } = (await admin.create({ url: receiver.url('/a'), events: ['appointment.booked'] })).json();

    const stranger = as((await (await createTestTenant(server, 'Andere Stadt')).staff('admin')).cookie);
    expect((await stranger.test(id)).statusCode).toBe(404);
    const agent = as((await tenant.staff('agent')).cookie);
    expect((await agent.test(id)).statusCode).toBe(403);
    const malformed = await admin.test('not-a-uuid');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await admin.test(crypto.randomUUID())).statusCode).toBe(404);

    expect((await admin.revoke(id)).statusCode).toBe(204);
    const afterRevoke = await admin.test(id);
    expect(afterRevoke.statusCode).toBe(404);
    expect(afterRevoke.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await admin.deliveries(id)).json()).toEqual([]);
  });
});
