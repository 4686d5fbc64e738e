import { normaliseMobileNumber } from '../../../shared/phone';
import type { Db } from '../../db/client';
import { storeInOutbox } from './outbox';
import { DeliveryError, type NotificationConfig } from './settings';

export interface SmsTransport {
  /** Delivers or stores the text; throws a DeliveryError (safe to log) when it could not. */
  send(tenantId: string, to: string, text: string): Promise<void>;
}

/** Longer texts are cut: a gateway bills per 153-character part, and a reminder needs two or three. */
export const SMS_MAX_LENGTH = 480;
const GATEWAY_TIMEOUT_MS = 15_000;

type SmsConfig = Pick<NotificationConfig, 'smsGatewayUrl' | 'smsGatewayToken' | 'dataDir'>;

/** The HTTP gateway when SMS_GATEWAY_URL is set; otherwise the embedded outbox (channel "sms"). */
export function createSmsTransport(config: SmsConfig, db: Db): SmsTransport {
  return config.smsGatewayUrl
    ? createHttpSmsTransport(config.smsGatewayUrl, config.smsGatewayToken)
    : createOutboxSmsTransport(config.dataDir, db);
}

function prepare(to: string, text: string) {
  const number = normaliseMobileNumber(to);
  // Says nothing about the number itself: error messages end up in logs.
  if (!number) throw new DeliveryError('SMS not sent: the recipient is not a valid mobile number', true);
  return { to: number, text: text.length > SMS_MAX_LENGTH ? `${text.slice(0, SMS_MAX_LENGTH - 1)}…` : text };
}

/** POSTs JSON {to, text} with "Authorization: Bearer <token>"; any non-2xx answer throws naming the status. */
export function createHttpSmsTransport(url: string, token?: string): SmsTransport {
  return {
    async send(_tenantId, to, text) {
      const body = prepare(to, text);
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: JSON.stringify(body),
          redirect: 'error',
          signal: AbortSignal.timeout(GATEWAY_TIMEOUT_MS),
        });
      } catch (error) {
        const reason =
          error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : 'not reachable';
        throw new DeliveryError(`SMS gateway ${reason}`, false);
      }
      // The answer's body is not needed (and may echo the number): release the connection.
      await response.body?.cancel().catch(() => {});
      if (!response.ok) {
        const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
        throw new DeliveryError(`SMS gateway answered HTTP ${response.status}`, !retryable);
      }
    },
  };
}

/** The embedded default: each SMS becomes an outbox row of its tenant and a .txt file beside the mails. */
export function createOutboxSmsTransport(dataDir: string, db: Db): SmsTransport {
  return {
    async send(tenantId, to, text) {
      const body = prepare(to, text);
      await storeInOutbox(
        db,
        dataDir,
        tenantId,
        { channel: 'sms', recipient: body.to, subject: '', body: body.text },
        { extension: 'txt', content: `To: ${body.to}\r\n\r\n${body.text}\r\n` },
      );
    },
  };
}
