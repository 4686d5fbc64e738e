import { resolve } from 'node:path';
import { type Config, ConfigError, loadConfig } from '../config';
import type { Db } from '../db/client';
import { EmbeddedDatabaseInUseError } from '../db/embedded-lock';
import { SchemaTooNewError } from '../db/migrate';
import { openDatabase } from '../db/open';
import { BackupError, type Manifest, separateSecretsNotice } from './manifest';
import { restoreBackup } from './restore-backup';
import { takeBackup } from './take-backup';
import { backupViaServer } from './via-server';

/** Exit codes of `npm run backup` and `npm run restore`, for scripts. */
export const BACKUP_EXIT = {
  ok: 0,
  /** Something broke that input cannot fix: the database is unreachable, a disk is full, a bug. */
  failure: 1,
  /** No or too many arguments, or an invalid configuration. */
  usage: 2,
  /** Refused: the target is not empty, the backup is damaged or newer, the database is in use. */
  refused: 3,
} as const;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

const USAGE = {
  backup: 'Usage: npm run backup -- <new or empty directory>',
  restore: 'Usage: npm run restore -- <backup directory>  (into a fresh DATA_DIR or an empty DATABASE_URL)',
};

const where = (config: Config) =>
  config.databaseUrl
    ? `PostgreSQL database ${new URL(config.databaseUrl).pathname.slice(1) || '(default)'}`
    : `embedded database in ${resolve(config.dataDir)}`;

const summary = (m: Manifest) => {
  const rows = m.tables.reduce((sum, t) => sum + t.rows, 0);
  return `${m.tables.length} tables (${rows} rows), ${m.files.length} files, schema ${m.migrations.at(-1)}, taken ${m.createdAt}`;
};

interface Command {
  name: keyof typeof USAGE;
  /** The work on the opened database; returns the line that says what was done. */
  run(db: Db, config: Config, path: string): Promise<string>;
  /** What to do instead when another process holds the embedded database. */
  whenInUse?(config: Config, path: string): Promise<string>;
}

/** Runs a command on the configured database; maps each refusal to its exit code and a plain message. */
async function runCommand(
  command: Command,
  argv: string[],
  env: Record<string, string | undefined>,
  io: CliIo,
) {
  if (argv.length !== 1 || argv[0]!.startsWith('-')) {
    io.err(USAGE[command.name]);
    return BACKUP_EXIT.usage;
  }
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    io.err(error.message);
    return BACKUP_EXIT.usage;
  }
  const path = resolve(argv[0]!);
  let db: Db | undefined;
  try {
    try {
      db = await openDatabase(config);
    } catch (error) {
      if (!(error instanceof EmbeddedDatabaseInUseError && command.whenInUse && config.operatorToken))
        throw error;
    }
    io.out(db ? await command.run(db, config, path) : await command.whenInUse!(config, path));
    io.out(separateSecretsNotice());
    return BACKUP_EXIT.ok;
  } catch (error) {
    const refused =
      error instanceof BackupError ||
      error instanceof SchemaTooNewError ||
      error instanceof EmbeddedDatabaseInUseError;
    const message = error instanceof Error ? error.message : String(error);
    io.err(`${command.name} ${refused ? 'refused' : 'failed'}: ${message}`);
    return refused ? BACKUP_EXIT.refused : BACKUP_EXIT.failure;
  } finally {
    await db?.close();
  }
}

/**
 * `npm run backup -- <dir>`: a consistent backup of the running installation. On the embedded database
 * that the server holds, the server writes it (with OPERATOR_TOKEN set for both).
 */
export const runBackupCli = (argv: string[], env: Record<string, string | undefined>, io: CliIo) =>
  runCommand(
    {
      name: 'backup',
      async run(db, config, target) {
        const manifest = await takeBackup({ db, dataDir: config.dataDir, target, now: new Date() });
        return `Backup of the ${where(config)} written to ${target}: ${summary(manifest)}.`;
      },
      whenInUse: backupViaServer,
    },
    argv,
    env,
    io,
  );

/** `npm run restore -- <dir>`: the backup into the configured (empty) database and DATA_DIR. */
export const runRestoreCli = (argv: string[], env: Record<string, string | undefined>, io: CliIo) =>
  runCommand(
    {
      name: 'restore',
      async run(db, config, source) {
        const { manifest, upgraded } = await restoreBackup({ source, db, dataDir: config.dataDir });
        const upgrade =
          upgraded.length > 0 ? ` Upgraded by ${upgraded.length} migration(s) to ${upgraded.at(-1)}.` : '';
        return `Restored ${source} (${summary(manifest)}) into the ${where(config)}.${upgrade}`;
      },
    },
    argv,
    env,
    io,
  );
