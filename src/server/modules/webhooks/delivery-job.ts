import http from 'node:http';
import https from 'node:https';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import type { JobHandler } from '../../jobs/queue';
import { WEBHOOK_MAX_ATTEMPTS } from './events';
import { signWebhook } from './signing';
import { guardedLookup, loopbackAllowed, webhookUrlProblem } from './url-policy';

const TIMEOUT_MS = 10_000;

interface Pending {
  id: string;
  status: string;
  attempts: number;
  body: string;
  url: string;
  secret: string;
  revokedAt: Date | null;
}

/** The message id of a delivery: the same on every retry, so receivers can drop duplicates. */
export const webhookMessageId = (deliveryId: string) => `msg_${deliveryId}`;

/**
 * POSTs the body; resolves with the status code once the answer's head arrives (the answer's body is not
 * read: nothing of it is kept). No redirects are followed.
 */
function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  allowLoopback: boolean,
  signal: AbortSignal,
) {
  return new Promise<number>((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup: guardedLookup(allowLoopback),
        agent: false,
        // The job lost its lease or the worker stops: the request ends with the handler.
        signal,
      },
      (response) => {
        clearTimeout(timer);
        resolve(response.statusCode ?? 0);
        response.destroy();
      },
    );
    const timer = setTimeout(
      () => request.destroy(new Error(`no answer within ${TIMEOUT_MS / 1000} s`)),
      TIMEOUT_MS,
    );
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    request.end(body);
  });
}

/**
 * Whether a failed answer is worth retrying. Every failure is retried except 410 Gone (the receiver
 * says the endpoint is gone for good): a 400, 401, 403 or 404 from a case system is mostly a
 * misconfiguration (secret not yet rotated on their side, a path changed in a deploy) that its
 * operators fix within hours, and losing a booking or a protocol for the e-file costs far more than a
 * dozen refused requests.
 */
const retryable = (status: number) => status !== 410;

/**
 * Makes one delivery attempt: signs with a fresh timestamp (Standard Webhooks), POSTs, and records the
 * attempt's status code or error in the delivery row. A 2xx answer delivers; anything else throws, so
 * the queue retries with its back-off; after the last attempt, or for a delivery that can never work,
 * the error is permanent and the delivery is marked failed.
 */
export function createWebhookDeliveryJob(deps: { db: Db; config: Pick<Config, 'publicUrl'> }): JobHandler {
  const { db, config } = deps;
  return async (payload, { signal }) => {
    const deliveryId = String(payload.deliveryId);
    const [delivery] = await db.query<Pending>(
      `SELECT d.id, d.status, d.attempts, d.body, e.url, e.secret, e.revoked_at AS "revokedAt"
         FROM webhook_deliveries d
         JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.tenant_id = d.tenant_id
        WHERE d.id = $1`,
      [deliveryId],
    );
    if (delivery?.status !== 'pending') return;
    if (delivery.revokedAt) {
      await db.query(
        `UPDATE webhook_deliveries SET status = 'cancelled' WHERE id = $1 AND status = 'pending'`,
        [deliveryId],
      );
      return;
    }

    const attempt = delivery.attempts + 1;
    let statusCode: number | null = null;
    let error: string | null = null;
    let permanent = false;
    // Checked again at each attempt: the rules may have tightened since (PUBLIC_URL now https).
    const refused = webhookUrlProblem(delivery.url, config.publicUrl);
    if (refused) {
      error = `URL refused: ${refused}`;
      permanent = true;
    } else {
      const id = webhookMessageId(delivery.id);
      const timestamp = Math.floor(Date.now() / 1000);
      try {
        statusCode = await post(
          new URL(delivery.url),
          {
            'content-type': 'application/json',
            'user-agent': 'Amtsraum-Webhooks/1',
            'webhook-id': id,
            'webhook-timestamp': String(timestamp),
            'webhook-signature': signWebhook(delivery.secret, id, timestamp, delivery.body),
          },
          delivery.body,
          loopbackAllowed(config.publicUrl),
          signal,
        );
        if (statusCode < 200 || statusCode > 299) {
          error = `HTTP ${statusCode}`;
          permanent = !retryable(statusCode);
        }
      } catch (failure) {
        error = failure instanceof Error ? failure.message : String(failure);
        permanent = (failure as { permanent?: unknown }).permanent === true;
      }
    }

    const status = !error ? 'delivered' : permanent || attempt >= WEBHOOK_MAX_ATTEMPTS ? 'failed' : 'pending';
    // The attempt is dated by the database's clock, as the queue dates the next one (now() + back-off):
    // with the app server's clock a few seconds off, "last" and "next attempt" would disagree.
    await db.query(
      `UPDATE webhook_deliveries
          SET attempts = $2, last_status_code = $3::int, last_error = $4::text,
              last_attempt_at = now(), status = $5::text,
              delivered_at = CASE WHEN $5::text = 'delivered' THEN now() END,
              attempt_log = attempt_log || jsonb_build_array(jsonb_build_object(
                'at', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                'statusCode', $3::int, 'error', $4::text))
        WHERE id = $1`,
      [deliveryId, attempt, statusCode, error?.slice(0, 500) ?? null, status],
    );
    if (status === 'failed') throw Object.assign(new Error(error ?? 'failed'), { permanent: true });
    if (status === 'pending') throw new Error(error ?? 'failed');
  };
}
