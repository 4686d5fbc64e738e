import { type Browser, chromium } from 'playwright-core';

/** Flags checked on this machine (shared/TESTING.md): no network side-traffic, fake camera and microphone. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
];

export async function launchChromium(): Promise<Browser> {
  const faked = process.env.FAKETIME !== undefined;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    // With Playwright's clock installed, a page left for about:blank went into the back/forward cache
    // with its socket open (a waiting citizen's "tab gone" was never seen); without the clock it does not.
    args: faked ? [...CHROMIUM_ARGS, '--disable-features=BackForwardCache'] : CHROMIUM_ARGS,
    env: withoutFakedClock(process.env),
  });
  if (faked) givePagesTheFakedClock(browser);
  return browser;
}

/**
 * Under scripts/test-at-instants.sh this process runs with libfaketime preloaded. Chromium must not
 * inherit it: with libfaketime it needs over a minute to print one page (measured: 69 s against 1 s),
 * so every browser test timed out at a faked instant.
 */
function withoutFakedClock(env: NodeJS.ProcessEnv): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && name !== 'LD_PRELOAD' && !name.startsWith('FAKETIME')) kept[name] = value;
  }
  return kept;
}

/**
 * The pages still live at the faked instant, as the server does: each new context's clock starts at
 * this process's (faked) time and runs on from there (Playwright's clock; timers keep real pace).
 */
function givePagesTheFakedClock(browser: Browser) {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => {
    const context = await newContext(options);
    await context.clock.install({ time: Date.now() });
    return context;
  };
}
