import { type Browser, chromium } from 'playwright-core';
import { realClockEnv } from './real-clock-env';

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
    env: realClockEnv(),
  });
  if (faked) givePagesTheFakedClock(browser);
  return browser;
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
