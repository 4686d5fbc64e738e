/**
 * A real Amtsraum process (as src/server/main.ts) whose app clock starts at TEST_CLOCK_START and runs
 * on from there: tests that kill real processes still never read the real date (offices open, no
 * holiday, whatever day CI runs on).
 */
import { Temporal } from 'temporal-polyfill';
import { loadConfig } from '../../src/server/config';
import { startAmtsraum } from '../../src/server/start';

const start = Temporal.Instant.from(process.env.TEST_CLOCK_START ?? '');
const startedAt = performance.now();
const { stop } = await startAmtsraum(loadConfig(), {
  clock: () => start.add({ milliseconds: Math.round(performance.now() - startedAt) }),
});
process.once('SIGTERM', async () => {
  await stop();
  process.exit(0);
});
console.log('amtsraum process ready');
