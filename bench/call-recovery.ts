/**
 * Call recovery time: from the moment the network comes back to video being decoded again on BOTH
 * sides, after a relay-only call (real coturn) lost its path. Two faults, as in the browser tests:
 * - 45 s: coturn stopped and started again (media path only);
 * - 3 min: the same, and the citizen's WebSocket cut as in a tunnel and the citizen's browser offline.
 * Goal (issue 10): median ≤ 2 s after restore.
 *
 *   npm run build && npx tsx bench/call-recovery.ts [runs=5] [cuts in seconds=45,180]
 *
 * Needs dist/web, /usr/bin/chromium (or CHROMIUM_PATH) and coturn's turnserver. "Decoded again" = the
 * inbound video's framesDecoded grows between two looks 100 ms apart (support/walk-in.ts
 * waitForFlowingVideo), so the figure includes up to ~100 ms of polling. Each run is a fresh citizen and
 * agent; runs are sequential (one call at a time keeps the figures about the app, not about load).
 * Prints figures only; no pass/fail exit code. Takes runs × (cut + ~15 s) per cut length.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../test/support/browser';
import { cuttableSocket, recoveredAfter, startCuttableRelay } from '../test/support/call-faults';
import {
  agentAvailable,
  createWalkInScene,
  enterAsCitizen,
  newPerson,
  signInAgent,
  waitForFrames,
} from '../test/support/walk-in';
import { fmt, percentile } from './support/stats';

const GOAL_MS = 2000;
const runs = Math.max(1, Number(process.argv[2] ?? 5) || 5);
const cuts = (process.argv[3] ?? '45,180').split(',').map((s) => Number(s) * 1000);
const WEB_INDEX = fileURLToPath(new URL('../dist/web/index.html', import.meta.url));
if (!existsSync(WEB_INDEX)) {
  console.error(`dist/web is missing (${WEB_INDEX}): run "npm run build" first.`);
  process.exit(1);
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const relay = await startCuttableRelay();
const [scene, browser] = await Promise.all([createWalkInScene(), launchChromium()]);
scene.server.ctx.config.ice = relay.ice;

try {
  for (const cutMs of cuts) {
    const socketToo = cutMs >= 120_000;
    const samples: number[] = [];
    for (let run = 0; run < runs; run++) {
      const citizen = await newPerson(browser, { forceRelay: true });
      const agent = await newPerson(browser, { forceRelay: true });
      await signInAgent(agent.context, scene, await scene.newAgent([scene.offices.main.id]));
      const socket = await cuttableSocket(citizen.page);
      const name = `Lauf${cutMs / 1000}x${run}`;
      await enterAsCitizen(citizen.page, scene, name);
      await agentAvailable(agent.page, scene);
      await agent.page.getByRole('button', { name: `${name} aufrufen` }).click();
      await Promise.all([waitForFrames(citizen.page), waitForFrames(agent.page)]);

      if (socketToo) {
        socket.cut();
        await citizen.context.setOffline(true);
      }
      await relay.cut();
      await sleep(cutMs);
      const restored = Date.now();
      if (socketToo) {
        await citizen.context.setOffline(false);
        socket.restore();
      }
      await relay.restore();
      const ms = await recoveredAfter(restored, [citizen, agent]);
      samples.push(ms);
      console.log(
        `cut ${cutMs / 1000} s${socketToo ? ' (media + socket)' : ' (media)'} run ${run + 1}: ${ms} ms`,
      );
      await agent.page.getByRole('button', { name: 'Gespräch beenden' }).click();
      await Promise.all([citizen.context.close(), agent.context.close()]);
    }
    const median = percentile(samples, 50);
    console.log(
      `cut ${cutMs / 1000} s: restore → video on both sides over ${samples.length} runs: median ${fmt(median)}, ` +
        `max ${fmt(Math.max(...samples))} (goal: median ≤ ${fmt(GOAL_MS)}: ${median <= GOAL_MS ? 'met' : 'NOT met'})`,
    );
  }
} finally {
  await browser.close();
  await scene.close();
  await relay.stop();
}
