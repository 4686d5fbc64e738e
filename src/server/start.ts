import type { Temporal } from 'temporal-polyfill';
import { buildApp } from './app';
import type { loadConfig } from './config';
import { migrate } from './db/migrate';
import { openDatabase } from './db/open';
import { seedDemoIfEmpty } from './db/seed-demo';
import { anchorAuditChains, scheduleAuditAnchors } from './modules/audit/audit-anchors';
import { scheduleRetention } from './modules/retention/retention-job';
import { scheduleStatisticsMonths } from './modules/statistics/month-tallies-job';
import { scheduleDisconnectSweep } from './modules/visits/disconnect-sweep';
import { createMemoryBus } from './realtime/bus-memory';
import { createRedisBus } from './realtime/bus-redis';

type Config = ReturnType<typeof loadConfig>;

/**
 * One Amtsraum process: database (migrated), bus, HTTP and WebSocket server, jobs. Several processes may
 * run side by side on one PostgreSQL and one Redis (deploy/). `clock` replaces the app clock, for tests
 * that run real processes at a fixed instant.
 */
export async function startAmtsraum(config: Config, options: { clock?: () => Temporal.Instant } = {}) {
  const db = await openDatabase(config);
  // A schema newer than this code (SchemaTooNewError) stops the start before anything is served.
  const applied = await migrate(db).catch(async (error) => {
    await db.close();
    throw error;
  });
  const bus = config.redisUrl ? await createRedisBus(config.redisUrl) : createMemoryBus();
  const { app, ctx } = await buildApp(config, db, bus);
  if (options.clock) ctx.clock = options.clock;
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
  /**
   * Graceful stop (SIGTERM from systemd, a container runtime or a rolling deploy): the port closes, so
   * the proxy sends new requests elsewhere; requests under way finish (later ones get 503, which nginx
   * retries on another process); every tab's socket is closed, and tabs reconnect at once (their first
   * retry has no delay) through the proxy to another process, keeping their places and calls.
   */
  const stop = async () => {
    await app.close();
    // The chain heads as this process leaves them, signed into the anchor file outside the database.
    await anchorAuditChains(ctx.db, new Date(ctx.clock().epochMilliseconds)).catch((error) =>
      app.log.error({ err: error }, 'audit anchoring at shutdown failed'),
    );
    await bus.close();
    await db.close();
  };
  await app.listen({ port: config.port, host: config.host });
  await scheduleRetention(db);
  await scheduleDisconnectSweep(db);
  await scheduleAuditAnchors(db);
  await scheduleStatisticsMonths(db);
  ctx.jobs.start();
  return { app, ctx, stop };
}
