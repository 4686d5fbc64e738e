/**
 * The demo authority ("Stadt Musterstadt", as `npm start` seeds it) in a process of its own, for page
 * benchmarks: its offices open (the clock is the coming Wednesday, 10:00 in Berlin) and one service
 * bookable without activation, so a bench can book an appointment and get its manage link. Prints one
 * JSON line with the address.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { openPglite } from '../../src/server/db/client';
import { migrate } from '../../src/server/db/migrate';
import { seedDemoIfEmpty } from '../../src/server/db/seed-demo';

/** The demo's offices open 08:00–12:00 on Wednesdays; a date ahead of the browser's keeps slots ahead too. */
function comingWednesdayMorning(): Temporal.Instant {
  const today = Temporal.Now.plainDateISO('Europe/Berlin');
  const wednesday = today.add({ days: (3 - today.dayOfWeek + 7) % 7 || 7 });
  return wednesday.toZonedDateTime({ timeZone: 'Europe/Berlin', plainTime: '10:00' }).toInstant();
}

const db = await openPglite();
await migrate(db);
const config = loadConfig({
  LOG_LEVEL: 'silent',
  DEMO_DATA: 'false',
  PORT: '0',
  DATA_DIR: mkdtempSync(join(tmpdir(), 'amtsraum-bench-')),
  // Page loads, not abuse protection: the bench enters and books from 127.0.0.1 with the lowest cost.
  POW_COST: '1',
  POW_ATTEMPTS: '1',
  RATE_LIMIT_FACTOR: '1000',
});
const { app, ctx } = await buildApp(config, db);
const now = comingWednesdayMorning();
ctx.clock = () => now;
await seedDemoIfEmpty(ctx);
// A firm booking answers with the manage link; the demo's services wait for a mailed activation.
await db.query(`UPDATE services SET requires_activation = false WHERE name = 'Wohnsitz anmelden (Beratung)'`);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (typeof address !== 'object' || !address) throw new Error('not listening');
ctx.config.publicUrl = new URL(`http://127.0.0.1:${address.port}`);
console.log(JSON.stringify({ baseUrl: ctx.config.publicUrl.origin, tenantSlug: 'musterstadt', now }));
process.on('SIGTERM', async () => {
  await app.close();
  await db.close();
  process.exit(0);
});
