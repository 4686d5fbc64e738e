import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtManifest, gzipBytes, staticFiles } from './first-page';

const WEB = fileURLToPath(new URL('../../dist/web/', import.meta.url));
const KiB = 1024;

/**
 * What a citizen's phone downloads before a page can show itself (gzip, as served), and the most it
 * may be. Measured 2026-12: office list 106.3 KiB JS (React + ReactDOM 66, react-router 13,
 * i18next 17, our code and its texts 10) and 12.9 KiB CSS; booking page 130.3 / 12.9 (its code
 * and the texts of every page beyond the first, 17 KiB). Since the staff pages' texts are a part of
 * their own (i18n/sections.ts), the booking page is 124.1 KiB. Raise a budget only with a reason.
 * Since the server renders the office list (src/server/ssr) it paints before any of this has come;
 * hydrating it (initial data, the cache of formatted times) costs 0.5 KiB: 107.1 KiB, booking 124.7.
 * The clerk's queue actions (issue 15) added the waiting room's texts for a recall, "Bitte kurz
 * warten" and a parked or missed visit (0.7 KiB, part of the texts of every page beyond the first):
 * booking 125.6 KiB, budget 126. Video or in person (issue 16) added the words pages, mails and calendar
 * files share (kind, address, join and manage links, copy, add to calendar: 0.4 KiB of texts; the links
 * themselves load with the confirmation): booking 126.02 KiB, budget 127. Data-protection requests
 * (issue 19) added a staff role and an admin page: the route of its lazy page and the role's landing
 * path are in the app's own code, which every page loads: office list 107.54 KiB, budget 108.
 * The device check and the waiting room (an office's page) needed 169.4 KiB: zod and every shared
 * message schema came with the name form and the socket's code. Both load when needed now (the form's
 * chunk during the device check, the socket's once there is a visit, the call screen when the call
 * starts): 131.1 KiB, budget 132. Recording with consent (issue 17) added what the audience reads (the
 * consent question before speaking, the indicator) to the texts of every page beyond the first, and
 * the office list's optional events part its small boundary: booking 127.4 KiB, budget 128.
 * i18next (16 KiB) and react-i18next no longer run in the browser: the app's own runtime of the part
 * it uses (i18n/runtime.ts, 1 KiB; the server still renders with i18next, a unit test holds both to
 * the same text for every key): office list 91.8 KiB, booking 112.9 with the recording texts, device check
 * and waiting room 115.8.
 */
const BUDGETS = [
  { page: 'office list (/:tenant)', entries: ['index.html'], js: 92 * KiB, css: 14 * KiB },
  {
    page: 'booking (/:tenant/termine)',
    // A lazy page: its module and the texts it waits for (routes.tsx, lazyPage).
    entries: ['index.html', 'booking/BookingPage.tsx', 'i18n/de.json?other-pages'],
    js: 113 * KiB,
    css: 14 * KiB,
  },
  {
    page: "an office's device check and waiting room (/:tenant/:office)",
    entries: ['index.html', 'citizen/OfficeEntry.tsx', 'i18n/de.json?other-pages'],
    js: 116 * KiB,
    css: 14 * KiB,
  },
];

describe('size budget of the citizen pages', () => {
  const manifest = builtManifest(WEB);

  for (const { page, entries, js, css } of BUDGETS) {
    it(`${page}: at most ${js / KiB} KiB JS and ${css / KiB} KiB CSS before the first render`, () => {
      for (const key of entries) expect(manifest[key], `"${key}" in the build manifest`).toBeDefined();
      const files = staticFiles(manifest, entries);
      const sizes = { js: gzipBytes(WEB, files.js), css: gzipBytes(WEB, files.css) };
      const listing = `${files.js.join(', ')}; ${files.css.join(', ')}`;
      expect(sizes.js, `JS of ${page}: ${listing}`).toBeLessThanOrEqual(js);
      expect(sizes.css, `CSS of ${page}: ${listing}`).toBeLessThanOrEqual(css);
    });
  }
});
