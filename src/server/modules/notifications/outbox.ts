import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Db, Queryable } from '../../db/client';

export const OutboxChannel = z.enum(['email', 'sms']);
export type OutboxChannel = z.infer<typeof OutboxChannel>;

export const OutboxAttachment = z.object({
  filename: z.string(),
  content: z.string(),
  contentType: z.string(),
});
export type OutboxAttachment = z.infer<typeof OutboxAttachment>;

/** One message as an administrator reads it in the outbox. */
export const OutboxMessage = z.object({
  id: z.uuid(),
  channel: OutboxChannel,
  recipient: z.string(),
  subject: z.string(),
  body: z.string(),
  attachments: z.array(OutboxAttachment),
  createdAt: z.string(),
});
export type OutboxMessage = z.infer<typeof OutboxMessage>;

export interface OutboxEntry {
  channel: OutboxChannel;
  recipient: string;
  /** Empty for SMS. */
  subject: string;
  /** The plain-text body. */
  body: string;
  attachments?: OutboxAttachment[];
}

/** The file that mirrors an outbox row under DATA_DIR/outbox/<tenant id>/, e.g. the RFC 822 message. */
export interface OutboxFile {
  extension: 'eml' | 'txt';
  content: Buffer | string;
}

export const OUTBOX_LIST_LIMIT = 100;

/**
 * Stores a message in the tenant's outbox and writes its file; either both happen or neither (the row is
 * rolled back when the file cannot be written), so a retried job does not leave half a message behind.
 */
export async function storeInOutbox(
  db: Db,
  dataDir: string,
  tenantId: string,
  entry: OutboxEntry,
  file: OutboxFile,
): Promise<string> {
  return db.transaction(async (tx) => {
    const { id, createdAt } = await insert(tx, tenantId, entry);
    // tenantId has just been accepted as a uuid by the database, so it is safe as a folder name.
    const dir = join(dataDir, 'outbox', tenantId);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const stamp = createdAt.toISOString().replace(/[:.]/g, '-');
    // Personal data: readable by the server's user only.
    await writeFile(join(dir, `${stamp}-${entry.channel}-${id}.${file.extension}`), file.content, {
      mode: 0o600,
      flag: 'wx',
    });
    return id;
  });
}

async function insert(tx: Queryable, tenantId: string, entry: OutboxEntry) {
  const [row] = await tx.query<{ id: string; createdAt: Date | string }>(
    `INSERT INTO outbox_messages (tenant_id, channel, recipient, subject, body, attachments)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING id, created_at AS "createdAt"`,
    [
      tenantId,
      entry.channel,
      entry.recipient,
      entry.subject,
      entry.body,
      JSON.stringify(entry.attachments ?? []),
    ],
  );
  return { id: row!.id, createdAt: new Date(row!.createdAt) };
}

/** The tenant's newest outbox messages first; never another tenant's. */
export async function listOutbox(
  db: Queryable,
  tenantId: string,
  limit = OUTBOX_LIST_LIMIT,
): Promise<OutboxMessage[]> {
  const rows = await db.query<Omit<OutboxMessage, 'createdAt'> & { createdAt: Date | string }>(
    `SELECT id, channel, recipient, subject, body, attachments, created_at AS "createdAt"
       FROM outbox_messages WHERE tenant_id = $1
      ORDER BY created_at DESC, id DESC LIMIT $2`,
    [tenantId, Math.min(Math.max(1, limit), OUTBOX_LIST_LIMIT)],
  );
  return rows.map((row) => ({ ...row, createdAt: new Date(row.createdAt).toISOString() }));
}
