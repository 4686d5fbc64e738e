import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SECRET_VARIABLES } from '../security/secret-sources';

/** Names this layout; a later layout gets a new one, and this code refuses what it cannot read. */
export const BACKUP_FORMAT = 'amtsraum-backup/1';
export const MANIFEST_FILE = 'manifest.json';

/** A backup whose content or target is unusable; the message says what to do. */
export class BackupError extends Error {}

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in hex');
/** A path inside the backup: below database/ or files/, no "..", no absolute path. */
const InnerPath = z
  .string()
  .regex(/^(database|files)(\/[\w.-]+)+$/, 'a path below database/ or files/')
  .refine((p) => !p.split('/').includes('..'), 'no ".." in paths');
const Content = z.object({ path: InnerPath, bytes: z.number().int().min(0), sha256: Sha256 });

export const Manifest = z.object({
  format: z.literal(BACKUP_FORMAT),
  /** When the snapshot was taken (ISO instant). */
  createdAt: z.string().min(1),
  /** The database it was taken from; a restore may go into either kind. */
  source: z.enum(['pglite', 'postgres']),
  /** Migrations applied to the snapshot, in order: the schema version. */
  migrations: z.array(z.string().regex(/^[\w.-]+\.sql$/)).min(1),
  /** One file per table: each line a JSON array of the row's values as PostgreSQL text (null: NULL). */
  tables: z.array(
    Content.extend({
      name: z.string().min(1),
      columns: z.array(z.string().min(1)).min(1),
      rows: z.number().int().min(0),
    }),
  ),
  /** Sequence positions, so new rows after the restore get fresh numbers. */
  sequences: z.array(
    z.object({ name: z.string().min(1), lastValue: z.string().regex(/^-?\d+$/), isCalled: z.boolean() }),
  ),
  /** The encrypted shared files the snapshot's rows refer to, as stored under DATA_DIR. */
  files: z.array(Content),
  /** What is deliberately not in here and must come along separately. */
  notIncluded: z.array(z.string()),
});
export type Manifest = z.infer<typeof Manifest>;
export type ManifestContent = z.infer<typeof Content>;

/** Every key that makes the data usable: without them no link opens, no file decrypts, no chain verifies. */
export const SEPARATE_SECRETS = Object.values(SECRET_VARIABLES);

/** What the operator is told after a backup and before a restore. */
export function separateSecretsNotice(): string {
  return [
    `Not in the backup, by design: ${SEPARATE_SECRETS.join(', ')}.`,
    'Carry them separately (e.g. a password safe, never beside the backup) and give the restored installation',
    'the same values (variables, *_FILE or systemd credentials; the trial keeps them in SECRETS_DIR):',
    '  LINK_SECRET      without it no join, manage or guest link of the backup opens',
    '  FILE_MASTER_KEY  without it no shared file decrypts, nor sign-in codes or identity-provider secrets',
    '  AUDIT_KEY        without it the audit chain cannot be verified or continued',
    'Keep AUDIT_ANCHOR_FILE too (it lives outside DATA_DIR), and the outbox spool DATA_DIR/outbox if wanted:',
    'its files hold working links, so the backup carries the outbox rows (links masked) only.',
  ].join('\n');
}

/** The backup's manifest, checked for shape; a missing or foreign one says so. */
export async function readManifest(dir: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BackupError(
      `${dir} is no complete Amtsraum backup: ${MANIFEST_FILE} ${code === 'ENOENT' ? 'is missing (the backup did not finish?)' : `cannot be read (${code})`}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupError(`${join(dir, MANIFEST_FILE)} is not JSON: the backup is damaged`);
  }
  const parsed = Manifest.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join('.') || '(manifest)'}: ${i.message}`);
    throw new BackupError(
      `${join(dir, MANIFEST_FILE)} is no manifest this version reads:\n  ${lines.join('\n  ')}`,
    );
  }
  return parsed.data;
}
