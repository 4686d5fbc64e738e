import { ConfigError, loadConfig } from './config';
import { EmbeddedDatabaseInUseError } from './db/embedded-lock';
import { SchemaTooNewError } from './db/migrate';
import { startAmtsraum } from './start';

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
let started: Awaited<ReturnType<typeof startAmtsraum>>;
try {
  started = await startAmtsraum(config);
} catch (error) {
  // An older version started on a newer schema (a downgrade), or a second process on the embedded
  // database: say so plainly, not as a crash.
  if (error instanceof SchemaTooNewError || error instanceof EmbeddedDatabaseInUseError) {
    console.error(error.message);
    process.exit(3);
  }
  throw error;
}
const { stop } = started;
const shutdown = async () => {
  await stop();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
