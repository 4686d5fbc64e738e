import nodemailer from 'nodemailer';
import type { Db } from '../../db/client';
import { storeInOutbox } from './outbox';
import { DeliveryError, type NotificationConfig } from './settings';

export interface MailAttachment {
  filename: string;
  content: string;
  contentType: string;
}

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
}

export interface Mailer {
  /** Delivers or stores the message; throws a DeliveryError (safe to log) when it could not. */
  send(tenantId: string, message: MailMessage): Promise<void>;
}

type MailerConfig = Pick<NotificationConfig, 'smtpUrl' | 'mailFrom' | 'dataDir'>;

/** SMTP through nodemailer when SMTP_URL is set; otherwise the embedded outbox (database + .eml files). */
export function createMailer(config: MailerConfig, db: Db): Mailer {
  return config.smtpUrl ? createSmtpMailer(config.smtpUrl, config.mailFrom) : createOutboxMailer(config, db);
}

/** The same message options for both transports, so the outbox .eml is what SMTP would have sent. */
function mailOptions(from: string, message: MailMessage) {
  return {
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    ...(message.html ? { html: message.html } : {}),
    attachments: (message.attachments ?? []).map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
    })),
    // RFC 3834: an automatic message; out-of-office replies should not answer it.
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    // Never log: the SMTP dialogue names recipients and carries the message.
    logger: false,
    debug: false,
  });
  return {
    async send(_tenantId, message) {
      try {
        await transport.sendMail(mailOptions(from, message));
      } catch (error) {
        throw smtpError(error);
      }
    },
  };
}

/** A failure described by codes only: nodemailer's own message may quote the server's reply and the address. */
function smtpError(error: unknown): DeliveryError {
  const { code, command, responseCode } = (error ?? {}) as {
    code?: unknown;
    command?: unknown;
    responseCode?: unknown;
  };
  const parts = [
    typeof code === 'string' ? code : undefined,
    typeof command === 'string' ? `command ${command.split(' ')[0]}` : undefined,
    typeof responseCode === 'number' ? `reply ${responseCode}` : undefined,
  ].filter(Boolean);
  const permanent = typeof responseCode === 'number' && responseCode >= 500;
  return new DeliveryError(`SMTP delivery failed${parts.length ? ` (${parts.join(', ')})` : ''}`, permanent);
}

/** The embedded default: each message becomes an outbox row of its tenant and a real RFC 822 .eml file. */
export function createOutboxMailer(config: Pick<NotificationConfig, 'mailFrom' | 'dataDir'>, db: Db): Mailer {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  return {
    async send(tenantId, message) {
      const info = await composer.sendMail(mailOptions(config.mailFrom, message));
      const eml = info.message;
      if (!Buffer.isBuffer(eml)) throw new Error('nodemailer did not return the message as a buffer');
      await storeInOutbox(
        db,
        config.dataDir,
        tenantId,
        {
          channel: 'email',
          recipient: message.to,
          subject: message.subject,
          body: message.text,
          attachments: message.attachments ?? [],
        },
        { extension: 'eml', content: eml },
      );
    },
  };
}
