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

/** One message as an administrator reads it in the outbox: its links masked (see maskLinks). */
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
 *
 * The row — what administrators read, what database dumps and backups carry — holds the text with its
 * links masked (maskLinks): a manage, join, guest or activation link there opens nothing. The file is the
 * message as it would have been sent (the spool an operator may hand to a mail server), readable by the
 * server's user only, who can derive every link anyway (the link secret lies beside it).
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
      maskLinks(entry.subject),
      maskLinks(entry.body),
      JSON.stringify((entry.attachments ?? []).map(maskAttachment)),
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
  // Masked again on the way out: rows stored before masking was introduced (and not yet rewritten by
  // migration 0026, which only knows the fragment and query forms) show no working link either.
  return rows.map((row) => ({
    ...row,
    subject: maskLinks(row.subject),
    body: maskLinks(row.body),
    attachments: row.attachments.map(maskAttachment),
    createdAt: new Date(row.createdAt).toISOString(),
  }));
}

/** What stands in for the hidden part of a token. */
export const MASK = '…';
/** How many of a token's last characters stay visible, so an administrator can tell two links apart. */
const VISIBLE = 4;

const mask = (token: string) => `${MASK}${token.slice(-VISIBLE)}`;

/** A URL fragment of 16 or more token characters: how every link with a token is built ("…/termin#<token>"). */
const FRAGMENT_TOKEN = /#([A-Za-z0-9_-]{16,})/g;
/** A query value of 16 or more token characters ("?token=…", "&t=…"). */
const QUERY_TOKEN = /([?&][A-Za-z0-9_.~%-]*=)([A-Za-z0-9_-]{16,})/g;
/** A free-standing run of 32 or more token characters (a token printed on its own line). */
const BARE_RUN = /(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_-])/g;
/** Tokens are random base64url: upper and lower case and digits. Slugs and words are not. */
const looksRandom = (run: string) => /[A-Z]/.test(run) && /[a-z]/.test(run) && /\d/.test(run);

/**
 * The text with every link token replaced by "…" and its last four characters, e.g.
 * "https://termine.example.de/musterstadt/termin#…x9Qz". Masks URL fragments and query values of 16 or
 * more token characters, and free-standing random-looking runs of 32 or more; idempotent.
 */
export function maskLinks(text: string): string {
  return text
    .replace(FRAGMENT_TOKEN, (_m, token: string) => `#${mask(token)}`)
    .replace(QUERY_TOKEN, (_m, name: string, token: string) => `${name}${mask(token)}`)
    .replace(BARE_RUN, (run) => (looksRandom(run) ? mask(run) : run));
}

/**
 * An attachment with its links masked. Calendar files (RFC 5545) fold lines at 75 octets, which can cut a
 * link in two: they are unfolded first, so no tail of a token survives on the next line.
 */
function maskAttachment(attachment: OutboxAttachment): OutboxAttachment {
  const calendar = /^text\/calendar\b/i.test(attachment.contentType);
  const content = calendar ? attachment.content.replace(/\r?\n[ \t]/g, '') : attachment.content;
  return { ...attachment, content: maskLinks(content) };
}
