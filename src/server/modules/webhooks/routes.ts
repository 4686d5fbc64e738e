import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../../shared/fields';
import {
  CreatedWebhook,
  type DeliveryEventType,
  QueuedTestEvent,
  Webhook,
  WebhookCreate,
  WebhookDelivery,
  type WebhookEventType,
} from '../../../shared/webhooks';
import type { AppContext } from '../../context';
import { notFound } from '../../http/problem';
import { recordAudit } from '../audit/audit-log';
import { principal, requireStaff } from '../auth/guard';
import { webhookMessageId } from './delivery-job';
import { emitTestEvent } from './events';
import { newWebhookSecret } from './signing';
import { webhookUrlProblem } from './url-policy';

interface EndpointRow {
  id: string;
  url: string;
  events: WebhookEventType[];
  createdAt: Date;
}
const ENDPOINT = `id, url, events, created_at AS "createdAt"`;
const toWebhook = (r: EndpointRow) => ({ ...r, createdAt: r.createdAt.toISOString() });
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/**
 * /api/admin/webhooks: an authority's admins register endpoints of their case systems for events, revoke
 * them, send a test event, and read each endpoint's delivery log. The signing secret is returned once,
 * when created.
 */
export const webhookRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const admin = { preHandler: requireStaff(ctx, ['admin']) };
  const WebhookInput = WebhookCreate.extend({
    url: WebhookCreate.shape.url.superRefine((url, issue) => {
      // Read at each request: tests set PUBLIC_URL after the server has started.
      const problem = webhookUrlProblem(url, ctx.config.publicUrl);
      if (problem) issue.addIssue({ code: 'custom', message: problem });
    }),
  });

  app.get('/webhooks', { ...admin, schema: { response: { 200: z.array(Webhook) } } }, async (request) => {
    const rows = await ctx.db.query<EndpointRow>(
      `SELECT ${ENDPOINT} FROM webhook_endpoints WHERE tenant_id = $1 AND revoked_at IS NULL
        ORDER BY created_at, id`,
      [principal(request).tenantId],
    );
    return rows.map(toWebhook);
  });

  app.post(
    '/webhooks',
    { ...admin, schema: { body: WebhookInput, response: { 201: CreatedWebhook } } },
    async (request, reply) => {
      const me = principal(request);
      const secret = newWebhookSecret();
      const created = await ctx.db.transaction(async (tx) => {
        const [row] = (await tx.query<EndpointRow>(
          `INSERT INTO webhook_endpoints (tenant_id, url, events, secret, created_by)
           VALUES ($1, $2, $3, $4, $5) RETURNING ${ENDPOINT}`,
          [me.tenantId, request.body.url, request.body.events, secret, me.id],
        )) as [EndpointRow];
        await recordAudit(tx, {
          tenantId: me.tenantId,
          actor: `staff:${me.id}`,
          action: 'webhook.created',
          object: `webhook:${row.id}`,
          details: { events: request.body.events },
        });
        return row;
      });
      return reply.code(201).send({ ...toWebhook(created), secret });
    },
  );

  app.delete('/webhooks/:id', { ...admin, schema: { params: IdParams } }, async (request, reply) => {
    const me = principal(request);
    await ctx.db.transaction(async (tx) => {
      const revoked = await tx.query(
        `UPDATE webhook_endpoints SET revoked_at = now()
          WHERE id = $1 AND tenant_id = $2 AND revoked_at IS NULL RETURNING id`,
        [request.params.id, me.tenantId],
      );
      if (revoked.length === 0) throw notFound('Webhook');
      // Their jobs find them cancelled and end without sending.
      await tx.query(
        `UPDATE webhook_deliveries SET status = 'cancelled' WHERE endpoint_id = $1 AND status = 'pending'`,
        [request.params.id],
      );
      await recordAudit(tx, {
        tenantId: me.tenantId,
        actor: `staff:${me.id}`,
        action: 'webhook.revoked',
        object: `webhook:${request.params.id}`,
      });
    });
    return reply.code(204).send();
  });

  app.post(
    '/webhooks/:id/test',
    { ...admin, schema: { params: IdParams, response: { 202: QueuedTestEvent } } },
    async (request, reply) => {
      const tenantId = principal(request).tenantId;
      const active = await ctx.db.query(
        'SELECT 1 FROM webhook_endpoints WHERE id = $1 AND tenant_id = $2 AND revoked_at IS NULL',
        [request.params.id, tenantId],
      );
      if (active.length === 0) throw notFound('Webhook');
      const deliveryId = await emitTestEvent(ctx.db, tenantId, request.params.id);
      return reply.code(202).send({ deliveryId, messageId: webhookMessageId(deliveryId) });
    },
  );

  app.get(
    '/webhooks/:id/deliveries',
    { ...admin, schema: { params: IdParams, response: { 200: z.array(WebhookDelivery) } } },
    async (request) => {
      const tenantId = principal(request).tenantId;
      // Revoked endpoints keep their log.
      const known = await ctx.db.query('SELECT 1 FROM webhook_endpoints WHERE id = $1 AND tenant_id = $2', [
        request.params.id,
        tenantId,
      ]);
      if (known.length === 0) throw notFound('Webhook');
      const rows = await ctx.db.query<{
        id: string;
        event: DeliveryEventType;
        status: z.infer<typeof WebhookDelivery>['status'];
        attempts: number;
        lastStatusCode: number | null;
        lastError: string | null;
        lastAttemptAt: Date | null;
        deliveredAt: Date | null;
        nextAttemptAt: Date | null;
        attemptLog: z.infer<typeof WebhookDelivery>['attemptLog'];
        createdAt: Date;
      }>(
        `SELECT d.id, d.event_type AS event, d.status, d.attempts, d.last_status_code AS "lastStatusCode",
                d.last_error AS "lastError", d.last_attempt_at AS "lastAttemptAt", d.delivered_at AS "deliveredAt",
                CASE WHEN d.status = 'pending' AND j.done_at IS NULL AND j.failed_at IS NULL THEN j.run_at END
                  AS "nextAttemptAt",
                d.attempt_log AS "attemptLog", d.created_at AS "createdAt"
           FROM webhook_deliveries d LEFT JOIN jobs j ON j.id = d.job_id
          WHERE d.endpoint_id = $1 AND d.tenant_id = $2
          ORDER BY d.created_at DESC, d.id LIMIT 200`,
        [request.params.id, tenantId],
      );
      return rows.map((r) => ({
        ...r,
        messageId: webhookMessageId(r.id),
        lastAttemptAt: iso(r.lastAttemptAt),
        deliveredAt: iso(r.deliveredAt),
        nextAttemptAt: iso(r.nextAttemptAt),
        createdAt: iso(r.createdAt)!,
      }));
    },
  );
};
