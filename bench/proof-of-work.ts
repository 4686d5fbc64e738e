/**
 * What the proof of work costs, at the default difficulty (POW_COST 1000, POW_ATTEMPTS 1500):
 * - a citizen's browser: Chromium solving in the page's worker threads, from the challenge's arrival to
 *   the status line's "complete" (the product's path, unthrottled: Chromium cannot throttle workers);
 * - a phone, emulated: the same solver (the built worker script) on page main threads, not slowed and
 *   slowed 4× by CDP, one thread and two threads splitting the counters as the page's workers do (each a
 *   page of its own); goal ≤ 2 s at 4× (issue 11). Note: Chromium runs WebCrypto's PBKDF2 on its own
 *   threads, which the CDP throttle does not slow, so "4×" understates a phone: 4 × the unthrottled
 *   figure is the cautious estimate;
 * - a script: the CPU time Node's native PBKDF2 needs per challenge at each level (normal, raised,
 *   high); goal ≥ ~0.5 s at normal.
 *
 *   npm run build && npx tsx bench/proof-of-work.ts [samples=10]
 *
 * Needs dist/web and /usr/bin/chromium (or CHROMIUM_PATH). Prints figures only; no pass/fail exit code.
 */
import { existsSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Page } from 'playwright-core';
import type { PowChallenge } from '../src/shared/proof-of-work';
import { launchChromium } from '../test/support/browser';
import { PRODUCTION_POW_ENV } from '../test/support/proof-of-work';
import { createWalkInScene } from '../test/support/walk-in';
import { fmt, percentile } from './support/stats';

const samples = Math.max(1, Number(process.argv[2] ?? 10) || 10);
const WEB_INDEX = fileURLToPath(new URL('../dist/web/index.html', import.meta.url));
if (!existsSync(WEB_INDEX)) {
  console.error(`dist/web is missing (${WEB_INDEX}): run "npm run build" first.`);
  process.exit(1);
}

const scene = await createWalkInScene({ env: PRODUCTION_POW_ENV });
const browser = await launchChromium();
const entryPage = `${scene.server.baseUrl}/${scene.tenant.slug}/${scene.offices.main.slug}`;

/** One solve in the page: from the challenge's response to the status line's "complete". */
async function browserSolve(page: Page): Promise<number> {
  await page.goto(entryPage);
  const challenge = page.waitForResponse((r) => r.url().endsWith('/challenge'));
  await page.getByRole('button', { name: 'Weiter', exact: true }).click();
  await challenge;
  const arrived = performance.now();
  await page.locator('.proof-of-work[data-state="ready"]').waitFor({ timeout: 60_000 });
  return performance.now() - arrived;
}

/**
 * Solves on the main threads of pages slowed 4×: each runs the built worker script's handler (it listens
 * on `self`, the window here) for its share of the counters, as the product's workers do.
 */
async function throttledSolve(pages: Page[]): Promise<number> {
  const url = `/api/public/tenants/${scene.tenant.slug}/offices/${scene.offices.main.slug}/challenge`;
  const challenge = (await scene.server.app.inject({ url })).json() as PowChallenge;
  const started = performance.now();
  await Promise.race(
    pages.map((page, i) =>
      // A string, not a function: tsx would wrap named functions in a helper the page does not have.
      page.evaluate(`new Promise((resolve) => {
        addEventListener('message', (event) => {
          if (event.data && typeof event.data.counter === 'number') resolve();
        });
        dispatchEvent(new MessageEvent('message', { data: ${JSON.stringify({
          type: 'work',
          challenge,
          counterStart: i,
          counterStep: pages.length,
        })} }));
      })`),
    ),
  );
  const elapsed = performance.now() - started;
  for (const page of pages) {
    await page.evaluate(() => dispatchEvent(new MessageEvent('message', { data: { type: 'abort' } })));
  }
  return elapsed;
}

/** Pages of our origin, slowed by `rate`, each with the built solver script loaded on its main thread. */
async function phoneThreads(count: number, rate: number): Promise<Page[]> {
  const script = readdirSync(fileURLToPath(new URL('../dist/web/assets/', import.meta.url))).find((f) =>
    f.startsWith('pow.worker'),
  );
  if (!script) throw new Error('dist/web has no pow.worker script');
  const pages: Page[] = [];
  for (let i = 0; i < count; i++) {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${scene.server.baseUrl}/healthz`);
    await (await page.context().newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate });
    await page.addScriptTag({ url: `/assets/${script}`, type: 'module' });
    pages.push(page);
  }
  return pages;
}

/** CPU milliseconds Node's native PBKDF2 spends on one challenge of the office at its current level. */
async function scriptSolve(): Promise<{ cpuMs: number; level: string }> {
  const url = `/api/public/tenants/${scene.tenant.slug}/offices/${scene.offices.main.slug}/challenge`;
  const challenge = (await scene.server.app.inject({ url })).json() as PowChallenge;
  const before = process.cpuUsage();
  await solveChallenge({ challenge, deriveKey });
  const used = process.cpuUsage(before);
  return { cpuMs: (used.user + used.system) / 1000, level: challenge.parameters.data.level };
}

/** Makes the office look busy: that many solved challenges in the last five minutes. */
async function pressure(solves: number) {
  await scene.server.ctx.db.query(
    `INSERT INTO proof_of_work_spent (signature, scope)
     SELECT 'bench-' || g, 'office:' || $1 FROM generate_series(1, $2) g ON CONFLICT DO NOTHING`,
    [scene.offices.main.id, solves],
  );
}

const summary = (times: number[]) =>
  `median ${fmt(percentile(times, 50))}, p90 ${fmt(percentile(times, 90))}, max ${fmt(Math.max(...times))}`;

try {
  console.log(`proof of work, ${samples} samples each; this machine: ${availableParallelism()} cores`);
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  const times: number[] = [];
  for (let i = 0; i < samples; i++) times.push(await browserSolve(page));
  const workers = await page.evaluate(() => Math.min(8, navigator.hardwareConcurrency || 2));
  console.log(`Chromium, ${workers} worker threads, not slowed: ${summary(times)}`);
  await context.close();
  for (const rate of [1, 4]) {
    for (const threads of [1, 2]) {
      const pages = await phoneThreads(threads, rate);
      const slowed: number[] = [];
      for (let i = 0; i < samples; i++) slowed.push(await throttledSolve(pages));
      const goal = rate === 4 ? ' (goal ≤ 2000 ms)' : '';
      console.log(
        `Chromium main thread(s), CPU ${rate}× slower, ${threads} thread(s): ${summary(slowed)}${goal}`,
      );
      await Promise.all(pages.map((p) => p.context().close()));
    }
  }
  for (const [level, solves] of [
    ['normal', 0],
    ['raised', 30],
    ['high', 120],
  ] as const) {
    await pressure(solves);
    const cpu: number[] = [];
    for (let i = 0; i < samples; i++) {
      const solved = await scriptSolve();
      if (solved.level !== level) throw new Error(`expected level ${level}, got ${solved.level}`);
      cpu.push(solved.cpuMs);
    }
    const mean = cpu.reduce((a, b) => a + b, 0) / cpu.length;
    console.log(
      `script (Node, native PBKDF2) at ${level}: mean ${fmt(mean)} CPU per challenge, ` +
        `median ${fmt(percentile(cpu, 50))}${level === 'normal' ? ' (goal ≥ ~500 ms)' : ''}`,
    );
  }
} finally {
  await browser.close();
  await scene.close();
}
