/**
 * `npm run operator -- <command>`: the IT provider's commands for the authorities of this installation
 * (create with a first administrator, list, disable, enable), on the configured database (DATABASE_URL,
 * or the embedded one in DATA_DIR). `npm run operator -- help` lists them and their exit codes.
 */
import { runOperatorCli } from '../src/server/modules/operator/cli';

const code = await runOperatorCli(process.argv.slice(2), process.env, {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});
// Pipes are written synchronously on Linux, so nothing printed is lost by exiting at once.
process.exit(code);
