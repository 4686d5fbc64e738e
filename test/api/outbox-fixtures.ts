import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readMail } from '../support/mail';
import type { TestServer } from '../support/server';

/**
 * The mail of an outbox row as it was delivered: the RFC 822 file under DATA_DIR/outbox/<tenant>/, links
 * working. Tests that follow a link from a mail read it here (or from an SMTP listener, see
 * test/support/mail.ts), never from the admin API or the table, which show links masked.
 */
export async function deliveredOutboxMail(server: TestServer, tenantId: string, messageId: string) {
  const dir = join(server.ctx.config.dataDir, 'outbox', tenantId);
  const name = (await readdir(dir)).find((file) => file.endsWith(`-email-${messageId}.eml`));
  if (!name) throw new Error(`no delivered mail for outbox message ${messageId}`);
  return readMail(await readFile(join(dir, name), 'utf8'));
}

/** The id of the newest outbox message of the channel to the recipient. */
async function newestOutboxId(
  server: TestServer,
  tenantId: string,
  channel: 'email' | 'sms',
  recipient: string,
) {
  const [row] = await server.ctx.db.query<{ id: string }>(
    `SELECT id FROM outbox_messages WHERE tenant_id = $1 AND channel = $2 AND recipient = $3
      ORDER BY created_at DESC, id DESC LIMIT 1`,
    [tenantId, channel, recipient],
  );
  if (!row) throw new Error(`no outbox ${channel} to ${recipient}`);
  return row.id;
}

/** The newest delivered mail to the address (ids from the table; text from the file). */
export async function deliveredOutboxMailTo(server: TestServer, tenantId: string, address: string) {
  return deliveredOutboxMail(server, tenantId, await newestOutboxId(server, tenantId, 'email', address));
}

/** The text of the newest SMS to the number (E.164) as delivered, links working. */
export async function deliveredOutboxSmsTo(server: TestServer, tenantId: string, number: string) {
  const id = await newestOutboxId(server, tenantId, 'sms', number);
  const dir = join(server.ctx.config.dataDir, 'outbox', tenantId);
  const name = (await readdir(dir)).find((file) => file.endsWith(`-sms-${id}.txt`));
  if (!name) throw new Error(`no delivered SMS for outbox message ${id}`);
  return (await readFile(join(dir, name), 'utf8')).split('\r\n\r\n')[1]!.trim();
}
