/**
 * Lighthouse (12.2.3, mobile preset, simulated slow 4G) against a started server with the demo
 * authority: the office list, the booking page, the device check, the waiting room (after entering an
 * office over the API) and an appointment's manage page (after booking one). Prints each category
 * score and FCP/LCP/CLS/TBT, the median run of each page by performance. Needs `npm run build` first.
 *
 *   flock /tmp/chromium.lock npx tsx bench/lighthouse.ts          # 3 runs per page
 *   LIGHTHOUSE_RUNS=1 LIGHTHOUSE_REPORTS=/tmp/lh flock /tmp/chromium.lock npx tsx bench/lighthouse.ts
 *
 * LIGHTHOUSE_REPORTS names a directory for the full reports (JSON, one per page and run);
 * LIGHTHOUSE_PAGES="office list,booking" audits only the pages named.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { bookFirstSlot, enterOffice } from './support/citizen-http';
import { auditPage, type PageAudit, type PageSetup } from './support/lighthouse-page';
import { spawnServerScript } from './support/spawn-server';

const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const OFFICE = 'buergeramt';
const REPORTS = process.env.LIGHTHOUSE_REPORTS;
if (REPORTS) mkdirSync(REPORTS, { recursive: true });

interface Page {
  name: string;
  path: string;
  /** Called before each run: a visit is used up by its page, so each run enters anew. */
  setup?: () => Promise<PageSetup>;
}

const server = await spawnServerScript<{ baseUrl: string; tenantSlug: string }>(
  'bench/support/demo-server.ts',
);
const { baseUrl, tenantSlug } = server.info;
try {
  const booking = await bookFirstSlot(baseUrl, tenantSlug, 'Wohnsitz anmelden (Beratung)');
  const pages: Page[] = [
    { name: 'office list', path: `/${tenantSlug}` },
    { name: 'booking', path: `/${tenantSlug}/termine` },
    { name: 'device check', path: `/${tenantSlug}/${OFFICE}` },
    {
      name: 'waiting room',
      path: `/${tenantSlug}/${OFFICE}`,
      setup: async () => {
        const { visitToken } = await enterOffice(baseUrl, tenantSlug, OFFICE);
        return { sessionStorage: { [`amtsraum.visit.${tenantSlug}`]: visitToken } };
      },
    },
    {
      name: 'manage appointment',
      path: new URL(booking.manageUrl).pathname + new URL(booking.manageUrl).hash,
    },
  ];
  const only = process.env.LIGHTHOUSE_PAGES?.split(',');
  const rows: [string, PageAudit][] = [];
  for (const page of pages.filter((p) => !only || only.includes(p.name))) {
    const runs: PageAudit[] = [];
    for (let i = 0; i < RUNS; i++) {
      const reportFile = REPORTS
        ? join(REPORTS, `${page.name.replaceAll(' ', '-')}-${i + 1}.json`)
        : undefined;
      const setup = { ...(await page.setup?.()), ...(reportFile ? { reportFile } : {}) };
      runs.push(await auditPage(baseUrl, page.path, setup));
    }
    runs.sort((a, b) => a.scores.performance - b.scores.performance);
    const median = runs[Math.floor(runs.length / 2)]!;
    rows.push([page.name, median]);
    console.error(`${page.name}: performance ${runs.map((r) => r.scores.performance).join(', ')}`);
  }
  printTable(rows);
} finally {
  server.stop();
}

function printTable(rows: [string, PageAudit][]) {
  const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)}`;
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  console.log(`\nLighthouse 12.2.3, mobile, median of ${RUNS} run(s) by performance\n`);
  console.log(
    '| page | perf | a11y | best pr. | SEO | FCP | LCP | CLS | TBT | KiB (JS / CSS / fonts) |\n|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const [name, a] of rows) {
    const { performance, accessibility, bestPractices, seo } = a.scores;
    const bytes = `${kib(a.bytes.total)} (${kib(a.bytes.script)} / ${kib(a.bytes.stylesheet)} / ${kib(a.bytes.font)})`;
    console.log(
      `| ${name} | ${performance} | ${accessibility} | ${bestPractices} | ${seo} | ${s(a.fcp)} | ${s(a.lcp)} | ${a.cls.toFixed(3)} | ${a.tbt.toFixed(0)} ms | ${bytes} |`,
    );
  }
  const failing = rows.flatMap(([name, a]) => a.failing.map((f) => `  ${name} — ${f}`));
  if (failing.length > 0) console.log(`\nWhat cost points:\n${failing.join('\n')}`);
}
