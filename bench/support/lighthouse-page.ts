/**
 * One Lighthouse audit (mobile preset: Moto G Power screen, simulated slow 4G, 4× CPU slowdown) of one
 * page in a fresh Chromium, so every page is a first visit with an empty cache.
 */
import { writeFileSync } from 'node:fs';
import lighthouse from 'lighthouse';
import puppeteer from 'puppeteer-core';

export interface PageAudit {
  scores: { performance: number; accessibility: number; bestPractices: number; seo: number };
  /** Milliseconds (simulated), except cls. */
  fcp: number;
  lcp: number;
  cls: number;
  tbt: number;
  /** Bytes transferred, all and per kind. */
  bytes: { total: number; script: number; stylesheet: number; font: number };
  /** Audits that cost points: "category: title". */
  failing: string[];
}

export interface PageSetup {
  /** Entries for the tab's sessionStorage before the page loads (e.g. a visit token). */
  sessionStorage?: Record<string, string>;
  /** Where to write the full report (JSON, for the Lighthouse viewer), if anywhere. */
  reportFile?: string;
}

const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';

export async function auditPage(baseUrl: string, path: string, setup: PageSetup = {}): Promise<PageAudit> {
  const browser = await puppeteer.launch({
    executablePath: CHROME,
    headless: true,
    // Camera and microphone granted, as by a citizen who allows them on the device check.
    args: ['--no-sandbox', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream'],
  });
  try {
    const page = await browser.newPage();
    if (setup.sessionStorage) {
      // A same-origin address without subresources, so nothing of the app is cached before the audit.
      await page.goto(`${baseUrl}/healthz`);
      await page.evaluate((entries) => {
        for (const [key, value] of Object.entries(entries)) sessionStorage.setItem(key, value);
      }, setup.sessionStorage);
    }
    // A fresh browser has nothing stored; a reset would also drop the sessionStorage set above.
    const result = await lighthouse(
      `${baseUrl}${path}`,
      { logLevel: 'error', output: 'json', disableStorageReset: true },
      undefined,
      page,
    );
    if (!result) throw new Error(`Lighthouse returned nothing for ${path}`);
    if (setup.reportFile) writeFileSync(setup.reportFile, JSON.stringify(result.lhr));
    return summarize(result.lhr);
  } finally {
    await browser.close();
  }
}

type Lhr = NonNullable<Awaited<ReturnType<typeof lighthouse>>>['lhr'];

function summarize(lhr: Lhr): PageAudit {
  const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
  const value = (id: string) => lhr.audits[id]?.numericValue ?? Number.NaN;
  const requests = (lhr.audits['network-requests']?.details as { items?: NetworkItem[] } | undefined)?.items;
  const sum = (type?: string) =>
    (requests ?? []).filter((r) => !type || r.resourceType === type).reduce((n, r) => n + r.transferSize, 0);
  const failing = Object.entries(lhr.categories).flatMap(([id, category]) =>
    category.auditRefs
      .filter((ref) => ref.weight > 0 && (lhr.audits[ref.id]?.score ?? 1) < 1)
      .map((ref) => `${id}: ${lhr.audits[ref.id]?.title} (${lhr.audits[ref.id]?.displayValue ?? 'failed'})`),
  );
  return {
    scores: {
      performance: score('performance'),
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      seo: score('seo'),
    },
    fcp: value('first-contentful-paint'),
    lcp: value('largest-contentful-paint'),
    cls: value('cumulative-layout-shift'),
    tbt: value('total-blocking-time'),
    bytes: { total: sum(), script: sum('Script'), stylesheet: sum('Stylesheet'), font: sum('Font') },
    failing,
  };
}

interface NetworkItem {
  resourceType?: string;
  transferSize: number;
}
