import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { officeRepository } from '../../src/server/modules/admin/offices';
import { launchChromium } from './browser';
import { controlNameProblems, type NamedControl } from './control-names';
import type { DbKind } from './db';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from './server';

/**
 * A walk-in scene for browser tests: an authority with two offices open on the test's Wednesday
 * morning, an agent serving both, and helpers for citizen and agent pages.
 */

const WEB_INDEX = fileURLToPath(new URL('../../dist/web/index.html', import.meta.url));
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** Opening hours are judged by the server's clock: a Wednesday, 10:00 in Berlin. */
export const TEST_NOW = Temporal.Instant.from('2026-11-25T09:00:00Z');
const OPEN_WEDNESDAY = { wed: [{ from: '08:00', to: '18:00' }] };

export interface Agent {
  id: string;
  email: string;
  password: string;
  /** The session cookie's value. */
  cookie: string;
}

export interface WalkInScene {
  server: TestServer;
  tenant: TestTenant;
  offices: {
    main: { id: string; slug: string; name: string };
    cars: { id: string; slug: string; name: string };
  };
  agent: Agent;
  /** Another agent of the same offices, signed in separately. */
  newAgent(officeIds: string[]): Promise<Agent>;
  close(): Promise<void>;
}

export async function createWalkInScene(
  options: { env?: Record<string, string>; db?: DbKind } = {},
): Promise<WalkInScene> {
  if (!existsSync(WEB_INDEX)) {
    throw new Error(
      `dist/web is missing (${WEB_INDEX}): run "npm run build" before this test (npm test does).`,
    );
  }
  const server = await startTestServer(options.db ?? 'pglite', {
    listen: true,
    ...(options.env ? { env: options.env } : {}),
  });
  server.ctx.clock = () => TEST_NOW;
  const tenant = await createTestTenant(server, 'Musterstadt');
  const repo = officeRepository(server.ctx);
  const office = (name: string, slug: string) =>
    repo.create(tenant.tenantId, {
      unitId: tenant.unitId,
      name,
      slug,
      openingHours: OPEN_WEDNESDAY,
      closedDays: [],
      capacity: 20,
    });
  const main = await office('Bürgerbüro', 'buergerbuero');
  const cars = await office('Kfz-Zulassung', 'kfz');
  const newAgent = async (officeIds: string[]): Promise<Agent> => {
    const { cookie, ...agent } = await tenant.staff('agent', { officeIds, displayName: 'Erika Agentin' });
    // The scene hands out the session cookie's value; tenant.staff gives "name=value".
    return { ...agent, cookie: cookie.split('=').slice(1).join('=') };
  };
  const agent = await newAgent([main.id, cars.id]);
  return {
    server,
    tenant,
    offices: { main, cars },
    agent,
    newAgent,
    close: () => server.close(),
  };
}

/**
 * One scene and one browser for all tests of a file: started before the first test, closed after
 * the last. Read them inside the tests; they do not exist before.
 */
export function setUpWalkIn(options: { env?: () => Promise<Record<string, string>> } = {}): {
  readonly scene: WalkInScene;
  readonly browser: Browser;
} {
  const shared = {} as { scene: WalkInScene; browser: Browser };
  beforeAll(async () => {
    const env = options.env ? await options.env() : undefined;
    [shared.scene, shared.browser] = await Promise.all([
      createWalkInScene(env ? { env } : {}),
      launchChromium(),
    ]);
  });
  // A failed test leaves its pages open; their cameras would keep two cores busy through the next test.
  afterEach(async () => {
    await Promise.all(shared.browser?.contexts().map((context) => context.close()) ?? []);
  });
  afterAll(async () => {
    await shared.browser?.close();
    await shared.scene?.close();
  });
  return shared;
}

/** One person at one browser: their own context and page, and what went wrong on it. */
export interface Person {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and Content Security Policy reports. */
  errors: string[];
}

/** A context of its own per person; the call debug set is created before the app loads. */
export async function newPerson(
  browser: Browser,
  options: { language?: 'de' | 'en'; forceRelay?: boolean } = {},
): Promise<Person> {
  const context = await browser.newContext({ locale: options.language === 'en' ? 'en-GB' : 'de-DE' });
  await context.addInitScript(
    ({ language, forceRelay }) => {
      (globalThis as { __amtsraumCalls?: Set<unknown> }).__amtsraumCalls = new Set();
      if (forceRelay) (globalThis as { __amtsraumForceRelay?: boolean }).__amtsraumForceRelay = true;
      if (language) localStorage.setItem('amtsraum.language', language);
    },
    { language: options.language ?? null, forceRelay: options.forceRelay ?? false },
  );
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) errors.push(message.text());
  });
  return { context, page, errors };
}

/** The end of a test: no person saw a page error, then everyone's context is closed. */
export async function expectNoErrorsThenClose(...people: Person[]) {
  for (const person of people) expect(person.errors).toEqual([]);
  await Promise.all(people.map((person) => person.context.close()));
}

export async function signInAgent(context: BrowserContext, scene: WalkInScene, agent = scene.agent) {
  await context.addCookies([{ name: 'amtsraum-staff', value: agent.cookie, url: scene.server.baseUrl }]);
}

/**
 * Public page → Betreten → device check → name → waiting room, by mouse; `origin` when the browser
 * reaches the server another way (e.g. through a test proxy).
 */
export async function enterAsCitizen(
  page: Page,
  scene: WalkInScene,
  name: string,
  concern = '',
  origin = scene.server.baseUrl,
) {
  await page.goto(`${origin}/${scene.tenant.slug}/${scene.offices.main.slug}`);
  await page.getByRole('heading', { name: 'Kamera, Mikrofon und Lautsprecher prüfen' }).waitFor();
  await page.getByRole('button', { name: 'Weiter', exact: true }).click();
  await page.getByLabel('Vorname oder Pseudonym').fill(name);
  if (concern) await page.getByLabel(/Ihr Anliegen/).fill(concern);
  await page.getByRole('button', { name: 'Wartezimmer betreten' }).click();
  await page.getByText(/Sie sind an Position \d+/).waitFor();
}

/**
 * Resolves once the waiting room of the citizen of that name has said hello on its socket. The place
 * shows before (from the page's request); a page closed before its hello counts as "not connected yet",
 * not as gone, so a test that closes it must wait for this first.
 */
export async function citizenConnected(scene: WalkInScene, name: string) {
  await expect
    .poll(
      async () =>
        (
          await scene.server.ctx.db.query(
            `SELECT 1 FROM citizen_sockets s JOIN visits v ON v.id = s.visit_id WHERE v.display_name = $1`,
            [name],
          )
        ).length,
      { timeout: 15_000 },
    )
    .toBeGreaterThan(0);
}

/** Opens the workspace and sets the agent available for the offices ticked by default (all assigned). */
export async function agentAvailable(page: Page, scene: WalkInScene) {
  await page.goto(`${scene.server.baseUrl}/staff`);
  await page.getByRole('heading', { level: 1, name: 'Arbeitsplatz' }).waitFor();
  await page.getByRole('radio', { name: 'Verfügbar' }).check();
  await page.getByRole('status').getByText('Sie sind jetzt verfügbar.').waitFor();
}

/** Highest framesDecoded of inbound video over the page's live calls (0 without any). */
export function framesDecoded(page: Page): Promise<number> {
  return page.evaluate(async () => {
    type Call = { pc?: RTCPeerConnection };
    const calls = (globalThis as { __amtsraumCalls?: Set<Call> }).__amtsraumCalls ?? new Set<Call>();
    let best = 0;
    for (const call of calls) {
      if (!call.pc) continue;
      const stats = await call.pc.getStats();
      stats.forEach((report: { type: string; kind?: string; framesDecoded?: number }) => {
        if (report.type === 'inbound-rtp' && report.kind === 'video')
          best = Math.max(best, report.framesDecoded ?? 0);
      });
    }
    return best;
  });
}

/** Waits until the page decodes more than `above` remote video frames; returns the count. */
export async function waitForFrames(page: Page, above = 0, timeoutMs = 20_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const frames = await framesDecoded(page);
    if (frames > above) return frames;
    if (Date.now() > until) throw new Error(`no decoded video frames above ${above} within ${timeoutMs} ms`);
    await page.waitForTimeout(200);
  }
}

/**
 * Waits until remote video is being decoded now: the count grows between two looks (a recovered call may
 * run on a fresh peer connection whose count started again at 0). Returns when it saw that.
 */
export async function waitForFlowingVideo(page: Page, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  let before = await framesDecoded(page);
  for (;;) {
    await page.waitForTimeout(100);
    const now = await framesDecoded(page);
    if (now > before && before > 0) return;
    if (Date.now() > until) throw new Error(`remote video did not flow within ${timeoutMs} ms`);
    before = now;
  }
}

/** Saves a full-page screenshot when E2E_SCREENSHOT_DIR is set, for looking at the UI by eye. */
export async function snap(page: Page, name: string) {
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: join(dir, `amtsraum-${name}.png`), fullPage: true });
}

/** Links and buttons as Chromium's accessibility tree names them (what a screen reader lists). */
async function namedControls(page: Page): Promise<NamedControl[]> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { ignored: boolean; role?: { value: string }; name?: { value: string } }[];
    };
    return nodes
      .filter((node) => !node.ignored && (node.role?.value === 'link' || node.role?.value === 'button'))
      .map((node) => ({ role: node.role!.value, name: String(node.name?.value ?? '') }));
  } finally {
    await cdp.detach();
  }
}

/** No two links or buttons share a name, and every name reads cleanly (see control-names.ts). */
export async function expectUniqueControlNames(page: Page, where: string) {
  expect(controlNameProblems(await namedControls(page)), `control names on ${where}`).toEqual([]);
}

export async function expectNoAxeViolations(page: Page, where: string) {
  // Live video cannot carry a captions track; axe reports that as "needs review", not as a violation.
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const found = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(found, `axe violations on ${where}`).toEqual([]);
}
