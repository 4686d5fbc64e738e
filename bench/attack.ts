/**
 * A script attacking one waiting room and one calendar from one address, at the production settings
 * (rate limits, proof of work, entries per address): how much got through, and in what time.
 * Goal (issue 11): from one address at most a handful of entries per minute and of bookings per hour.
 *
 *   npx tsx bench/attack.ts [seconds=60]
 *
 * The script (test/support/attack.ts) runs from 127.0.0.2 against the server on 127.0.0.1 and keeps
 * trying entries and sockets until the time is up, and up to 100 bookings, solving every proof of work with Node's native PBKDF2.
 * Prints figures only; no pass/fail exit code.
 */
import { attackScene, describeAttack } from '../test/support/attack';
import { PRODUCTION_POW_ENV } from '../test/support/proof-of-work';
import { createWalkInScene } from '../test/support/walk-in';

const seconds = Math.max(5, Number(process.argv[2] ?? 60) || 60);
// The test servers raise limits and lower the proof of work; the bench puts production's back.
const scene = await createWalkInScene({
  env: { RATE_LIMIT_FACTOR: '1', QUEUE_ENTRIES_PER_ADDRESS: '3', ...PRODUCTION_POW_ENV },
});
try {
  const report = await (await attackScene(scene, { days: 60, deadlineMs: seconds * 1000, tries: 1_000_000 }))
    .report;
  report.release();
  console.log(`attack for ${seconds} s from one address, production settings:`);
  for (const line of describeAttack(report)) console.log(`  ${line}`);
  const tries = report.entries.tried + report.sockets.tried + report.bookings.tried;
  console.log(
    `  → the script made ${((tries * 1000) / report.elapsedMs).toFixed(0)} tries/s; goal: a handful of entries per minute and of bookings per hour (limits: 5 entries/min and 3 waiting per address, 5 bookings/h, 20 sockets)`,
  );
} finally {
  await scene.close();
}
