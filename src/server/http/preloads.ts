import { RESERVED_OFFICE_SEGMENTS, RESERVED_SEGMENTS } from '../../shared/reserved';
import { type Manifest, staticFiles } from './manifest';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const reserved = (list: readonly string[], segment: string) => list.includes(segment);

export interface CitizenPage {
  tenantSlug: string;
  /** The page's lazily loaded module as the manifest names it (src/web/routes.tsx); none: in the app. */
  module: string | null;
  /** What the page fetches from the API as it starts (citizenApi.tenant, bookingApi.services). */
  fetches: string[];
}

/** Which citizen page an address shows, as routes.tsx decides it; null for every other address. */
export function citizenPage(path: string): CitizenPage | null {
  const [tenantSlug, second, third, ...rest] = path.split('/').slice(1);
  if (!tenantSlug || !SLUG.test(tenantSlug) || reserved(RESERVED_SEGMENTS, tenantSlug) || rest.length > 0) {
    return null;
  }
  const tenant = `/api/public/tenants/${tenantSlug}`;
  const page = (module: string | null, fetches: string[] = []) => ({ tenantSlug, module, fetches });
  if (second === undefined) return page(null, [tenant]);
  if (second === 'termine' && !third) return page('booking/BookingPage.tsx', [tenant, `${tenant}/services`]);
  // The appointment's own data needs the link's token, which only the page has.
  if (second === 'termin' && !third) return page('booking/ManagePage.tsx');
  if (second === 'termin' && third === 'beitreten') return page('booking/JoinPage.tsx');
  if (!third && SLUG.test(second) && !reserved(RESERVED_OFFICE_SEGMENTS, second)) {
    return page('citizen/OfficeEntry.tsx', [tenant]);
  }
  return null;
}

/** What every lazy page waits for besides its code (lazyPage in routes.tsx): the German texts. */
const TEXTS = 'i18n/de.json?other-pages';

/**
 * A Link header for a citizen page's HTML naming what the page fetches once the app runs: its API
 * data, the page's own chunk and the texts. The browser fetches them at once, in parallel
 * with the app, instead of one after another. Null for other addresses.
 */
export function preloadLinks(manifest: Manifest, path: string): string | null {
  const page = citizenPage(path);
  if (!page) return null;
  // crossorigin: the same request mode and credentials as the app's fetch() and module scripts.
  const links = page.fetches.map((url) => `<${url}>; rel=preload; as=fetch; crossorigin`);
  if (page.module && manifest[page.module]) {
    const inTheApp = new Set(staticFiles(manifest, ['index.html']).js);
    for (const file of staticFiles(manifest, [page.module, TEXTS]).js) {
      if (!inTheApp.has(file)) links.push(`</${file}>; rel=modulepreload; crossorigin`);
    }
  }
  return links.length > 0 ? links.join(', ') : null;
}
