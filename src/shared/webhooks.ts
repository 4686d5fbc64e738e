import { z } from 'zod';
import { Id } from './fields';

/**
 * Webhooks of an authority's case systems: what the admin API takes and answers, shared by the server
 * routes and the admin web app.
 */

/** The events an endpoint can subscribe to. */
export const WEBHOOK_EVENTS = [
  'appointment.booked',
  'appointment.cancelled',
  'appointment.moved',
  'visit.transferred',
  'consultation.completed',
] as const;
export const WebhookEvent = z.enum(WEBHOOK_EVENTS);
export type WebhookEventType = z.infer<typeof WebhookEvent>;

/** Sent on request to one endpoint, whatever it subscribed to, so an admin can check the connection. */
export const WEBHOOK_TEST_EVENT = 'webhook.test';
/** What a delivery can carry: a subscribed event or the test event. */
export const DeliveryEvent = z.enum([...WEBHOOK_EVENTS, WEBHOOK_TEST_EVENT]);
export type DeliveryEventType = z.infer<typeof DeliveryEvent>;

/** The shape of a new endpoint; the server adds its address rules (SSRF) to `url`. */
export const WebhookCreate = z.strictObject({
  url: z.string().trim().min(1).max(2000),
  events: z
    .array(WebhookEvent)
    .min(1, 'tick at least one')
    .max(WEBHOOK_EVENTS.length * 2)
    .transform((events) => [...new Set(events)]),
});
export type WebhookCreate = z.input<typeof WebhookCreate>;

export const Webhook = z.object({
  id: Id,
  url: z.string(),
  events: z.array(WebhookEvent),
  createdAt: z.string(),
});
export type Webhook = z.infer<typeof Webhook>;

/** The answer to creating an endpoint: the only time the signing secret is shown. */
export const CreatedWebhook = Webhook.extend({ secret: z.string() });
export type CreatedWebhook = z.infer<typeof CreatedWebhook>;

export const DeliveryStatus = z.enum(['pending', 'delivered', 'failed', 'cancelled']);

export const WebhookDelivery = z.object({
  id: Id,
  /** The webhook-id header of every attempt. */
  messageId: z.string(),
  event: DeliveryEvent,
  status: DeliveryStatus,
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
  /** When the queue tries again; null unless pending. */
  nextAttemptAt: z.string().nullable(),
  attemptLog: z.array(
    z.object({ at: z.string(), statusCode: z.number().int().nullable(), error: z.string().nullable() }),
  ),
  createdAt: z.string(),
});
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

/** The answer to "send a test event": the queued delivery, to find in the log. */
export const QueuedTestEvent = z.object({ deliveryId: Id, messageId: z.string() });
export type QueuedTestEvent = z.infer<typeof QueuedTestEvent>;
