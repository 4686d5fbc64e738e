/**
 * `npm run backup -- <directory>`: backs up the configured installation (DATABASE_URL, or the embedded
 * database in DATA_DIR) with its encrypted files into a new or empty directory, while it runs.
 * `npm run restore -- <backup directory>`: checks a backup whole, then restores it into the configured,
 * empty database and DATA_DIR. Both print which keys must travel separately.
 * Exit codes: 0 done, 1 failed, 2 usage, 3 refused (see src/server/backup/cli.ts).
 */
import { runBackupCli, runRestoreCli } from '../src/server/backup/cli';

const [command, ...args] = process.argv.slice(2);
const io = {
  out: (text: string) => process.stdout.write(`${text}\n`),
  err: (text: string) => process.stderr.write(`${text}\n`),
};
const code = await (command === 'restore' ? runRestoreCli : runBackupCli)(args, process.env, io);
process.exit(code);
