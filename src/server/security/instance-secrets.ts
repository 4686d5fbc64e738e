import { createHmac, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { type Config, ConfigError } from '../config';
import type { Db } from '../db/client';
import { deriveAuditKeys } from '../modules/audit/audit-hash';
import { bindAudit } from '../modules/audit/audit-keys';
import { sealUnkeyedChains } from '../modules/audit/audit-log';
import { SECRET_NAMES, SECRET_VARIABLES, type SecretName, type SecretSettings } from './secret-sources';

/**
 * Every secret of the running installation. LINK_SECRET, FILE_MASTER_KEY and AUDIT_KEY come from
 * outside the database and DATA_DIR (see secret-sources.ts); the minor ones are derived from the link
 * secret, so they need no variable of their own and are shared by every process as it is.
 */
export interface InstanceSecrets {
  link: string;
  files: string;
  audit: string;
  /** Signs proof-of-work challenges. */
  proofOfWork: string;
  /** Keys the hashes of client addresses (rate limits, entries per address). */
  clientKey: string;
  /** The trial's secrets directory, when this start used it. */
  dir?: string;
  /** Variables this start generated into the secrets directory (trial, first start). */
  generated: string[];
  /** Variables this start moved from the database (table instance_secrets) into the secrets directory. */
  moved: string[];
  /** Variables whose old generated value is still in the database and differs from the one in use. */
  stale: string[];
}

/** Rows an earlier version kept in the database: the secret each was, or null for now-derived ones. */
const LEGACY_ROWS: Record<string, SecretName | null> = {
  link: 'link',
  files: 'files',
  'proof-of-work': null,
  'client-key': null,
};

const derive = (secret: string, purpose: string) =>
  createHmac('sha256', secret).update(`amtsraum.derived:${purpose}`).digest('base64url');

async function readStored(dir: string, variable: string): Promise<string | undefined> {
  try {
    return (await readFile(join(dir, variable), 'utf8')).replace(/\r?\n$/, '');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Writes the secret unless the file exists, atomically: written to a private temporary file, then
 * hard-linked to its name, which fails when another process was first. Returns what the file holds,
 * so processes starting at once all end with the same value.
 */
async function storeOnce(dir: string, variable: string, value: string): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${variable}.${randomBytes(6).toString('hex')}.tmp`);
  await writeFile(tmp, `${value}\n`, { flag: 'wx', mode: 0o600 });
  try {
    await link(tmp, join(dir, variable));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await rm(tmp, { force: true });
  }
  const stored = await readStored(dir, variable);
  if (stored === undefined) throw new Error(`${join(dir, variable)} vanished while being written`);
  return stored;
}

/**
 * The installation's secrets, once per start. Configured ones are used as given. In the trial (http
 * PUBLIC_URL) the missing ones are read from the secrets directory; a value an earlier version kept in
 * the database is moved there once (existing links and files keep working) and deleted from the
 * database; the rest is generated there. Production never reaches the generating part: loadConfig
 * refuses to start without the secrets.
 */
export async function loadInstanceSecrets(db: Db, settings: SecretSettings): Promise<InstanceSecrets> {
  const rows = await db.query<{ name: string; value: string }>('SELECT name, value FROM instance_secrets');
  const legacy = new Map(rows.map((r) => [r.name, r.value]));
  const values: Partial<Record<SecretName, string>> = {};
  const generated: string[] = [];
  const moved: string[] = [];
  const stale: string[] = [];
  let usedDir = false;
  for (const name of SECRET_NAMES) {
    const variable = SECRET_VARIABLES[name];
    const old = legacy.get(name);
    let value = settings.configured[name];
    if (value === undefined) {
      if (settings.production) throw new ConfigError(`${variable}: required when PUBLIC_URL is https:`);
      usedDir = true;
      value = await readStored(settings.dir, variable);
      if (value === undefined && old !== undefined) {
        value = await storeOnce(settings.dir, variable, old);
        if (value === old) moved.push(variable);
      }
      if (value === undefined) {
        const fresh = randomBytes(32).toString('base64url');
        value = await storeOnce(settings.dir, variable, fresh);
        if (value === fresh) generated.push(variable);
      }
      if (old !== undefined && old !== value) {
        throw new ConfigError(
          `${join(settings.dir, variable)} holds another ${variable} than the one this database was ` +
            'created with (table instance_secrets): SECRETS_DIR belongs to another installation? Give this ' +
            `one a SECRETS_DIR of its own, or set ${variable} to the value in the database`,
        );
      }
    } else if (old !== undefined && old !== value) {
      stale.push(variable);
    }
    values[name] = value;
  }
  // In use elsewhere now (or derived): no secret stays in the database. A differing old value is kept
  // (files or links made with it may still matter to someone) and reported at start.
  for (const [row, name] of Object.entries(LEGACY_ROWS)) {
    if (!legacy.has(row)) continue;
    if (name && legacy.get(row) !== values[name]) continue;
    await db.query('DELETE FROM instance_secrets WHERE name = $1', [row]);
  }
  const link = values.link!;
  return {
    link,
    files: values.files!,
    audit: values.audit!,
    proofOfWork: derive(link, 'proof-of-work'),
    clientKey: derive(link, 'client-key'),
    ...(usedDir ? { dir: settings.dir } : {}),
    generated,
    moved,
    stale,
  };
}

/** The configuration with the loaded secrets filled in, as every module reads them. */
export function withSecrets(config: Config, secrets: InstanceSecrets): Config {
  const configured = { link: secrets.link, files: secrets.files, audit: secrets.audit };
  return {
    ...config,
    linkSecret: secrets.link,
    files: { ...config.files, masterKey: secrets.files },
    secrets: { ...config.secrets, configured },
  };
}

/**
 * A secret that loadInstanceSecrets already put into the configuration (buildApp does so first).
 * Nothing is read from or written to the database any more.
 */
export async function loadInstanceSecret(_db: Db, name: string, configured?: string): Promise<string> {
  if (configured) return configured;
  throw new Error(`secret "${name}" not loaded: buildApp loads the instance secrets first`);
}

/**
 * What buildApp does first: loads the secrets, binds the audit key to the database handle every
 * module gets, and seals audit chains begun before the key. Returns the configuration with the secrets.
 */
export async function prepareSecrets(config: Config, database: Db) {
  const secrets = await loadInstanceSecrets(database, config.secrets);
  const db = bindAudit(database, {
    keys: deriveAuditKeys(secrets.audit),
    anchorFile: config.auditAnchorFile,
  });
  const seals = await sealUnkeyedChains(db);
  return { config: withSecrets(config, secrets), db, secrets, seals };
}

/** Says at start where the trial's secrets are and what this start generated or moved; never a value. */
export function logSecrets(
  log: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>,
  { secrets, seals, config }: Awaited<ReturnType<typeof prepareSecrets>>,
) {
  const { dir, generated, moved, stale } = secrets;
  if (generated.length > 0) {
    log.warn(
      { dir, generated },
      `generated ${generated.join(', ')} into ${dir} (trial: PUBLIC_URL is not https); production sets them itself`,
    );
  }
  if (moved.length > 0) {
    log.warn({ dir, moved }, `moved ${moved.join(', ')} out of the database into ${dir}`);
  }
  if (dir && generated.length === 0 && moved.length === 0) log.info({ dir }, `secrets read from ${dir}`);
  if (stale.length > 0) {
    log.warn(
      { stale },
      `the database still holds older generated values of ${stale.join(', ')} (table instance_secrets) that differ from the configured ones: links or files made with them no longer work`,
    );
  }
  if (seals.sealed.length > 0) {
    log.info(
      { tenants: seals.sealed.length },
      'audit chains from before AUDIT_KEY sealed with a keyed event',
    );
  }
  if (seals.unsealable.length > 0) {
    log.error({ tenants: seals.unsealable }, 'audit chain head does not hold: run npm run audit:verify');
  }
  log.info({ anchorFile: config.auditAnchorFile }, 'audit chain heads are anchored in this file');
}

/**
 * One secret for a tool that must change nothing (npm run audit:verify): the configured value, or the
 * one in the trial's secrets directory; never generated, never moved.
 */
export async function readInstanceSecret(settings: SecretSettings, name: SecretName): Promise<string> {
  const value = settings.configured[name] ?? (await readStored(settings.dir, SECRET_VARIABLES[name]));
  if (value === undefined) {
    const variable = SECRET_VARIABLES[name];
    throw new ConfigError(`${variable}: not set, and not in ${join(settings.dir, variable)} either`);
  }
  return value;
}
