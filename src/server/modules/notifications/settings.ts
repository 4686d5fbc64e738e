/**
 * The part of the server configuration notifications need. Kept narrow so this module does not depend on
 * the whole Config: the server's Config carries these fields at its top level and can be passed as is.
 */
export interface NotificationConfig {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://…:465; unset: the embedded outbox. */
  smtpUrl?: string | undefined;
  /** The From header, e.g. "Amtsraum <no-reply@localhost>". */
  mailFrom: string;
  /** HTTP endpoint that accepts POST {to, text}; unset: the embedded outbox. */
  smsGatewayUrl?: string | undefined;
  /** Sent as "Authorization: Bearer …" to the SMS gateway when set. */
  smsGatewayToken?: string | undefined;
  /** The outbox files go to DATA_DIR/outbox/<tenant id>/. */
  dataDir: string;
}

/**
 * A delivery failed. `permanent` tells a job queue that trying again will not help (the server refused the
 * message for good, e.g. SMTP 5xx or gateway 4xx); anything else is worth a retry. The message names codes
 * and statuses only, never recipients or content, so it is safe to log.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
