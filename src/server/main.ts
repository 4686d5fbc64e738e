import { mkdirSync } from 'node:fs';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { type Db, openPglite, openPostgres } from './db/client';
import { migrate } from './db/migrate';
import { seedDemoIfEmpty } from './db/seed-demo';
import { scheduleRetention } from './modules/retention/retention-job';
import { scheduleDisconnectSweep } from './modules/visits/disconnect-sweep';
import { createMemoryBus } from './realtime/bus-memory';
import { createRedisBus } from './realtime/bus-redis';

async function openDatabase(config: ReturnType<typeof loadConfig>): Promise<Db> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  mkdirSync(config.dataDir, { recursive: true });
  return openPglite(`${config.dataDir}/pglite`);
}

async function main() {
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
  const db = await openDatabase(config);
  const applied = await migrate(db);
  const bus = config.redisUrl ? await createRedisBus(config.redisUrl) : createMemoryBus();
  const { app, ctx } = await buildApp(config, db, bus);
  if (applied.length > 0) app.log.info({ applied }, 'migrations applied');
  if (config.demoData) {
    const demo = await seedDemoIfEmpty(ctx);
    if (demo) {
      // Printed once, on the first start only: the passwords are random and stored only as hashes.
      console.log(
        `\nDemo authority "${demo.tenantName}" created at ${config.publicUrl.origin}/${demo.tenantSlug}`,
      );
      console.log('Demo staff accounts (sign in at /login):');
      for (const a of demo.accounts) console.log(`  ${a.role.padEnd(6)} ${a.email.padEnd(36)} ${a.password}`);
      console.log('');
    }
  }
  const shutdown = async () => {
    await app.close();
    await bus.close();
    await db.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  await app.listen({ port: config.port, host: config.host });
  await scheduleRetention(db);
  await scheduleDisconnectSweep(db);
  ctx.jobs.start();
}

await main();
