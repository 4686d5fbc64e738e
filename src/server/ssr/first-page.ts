import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { PublicTenant } from '../../shared/visits';
import type { Rendered } from '../../web/ssr/entry-server';
import type { InitialData } from '../../web/ssr/initial-data';
import type { AppContext } from '../context';

/** The server build of the app (vite.config.ts, environment "ssr"). */
interface Renderer {
  render(url: string, initialData: InitialData): Rendered;
}

/** Where the app's markup goes in index.html: the whole inside of #root, placeholder and markers. */
const ROOT = /<div id="root">[\s\S]*<!--\/app-html-->\s*<\/div>/;
const TITLE = /<title>[^<]*<\/title>/;
/** Pages kept rendered (authorities × paths): a few KiB each. */
const MAX_RENDERED = 500;

/**
 * JSON inside <script type="application/json">: "<" written as its escape, so an authority's name such
 * as "</script><script>…" cannot end the block (JSON.parse reads \u003c back as "<").
 */
export const jsonForScript = (json: string) => json.replace(/</g, '\\u003c');

export type FirstPageRenderer = (tenantSlug: string, url: string) => Promise<string | null>;

/**
 * Renders the authority's office list (/<tenant>) on the server, so a phone paints the heading and
 * the offices before any script has come; the browser then hydrates the same markup with the same
 * data. Null when the server build is missing (the app then renders in the browser, as before).
 */
export async function firstPageRenderer(
  ctx: Pick<AppContext, 'publicOffices'>,
  webRoot: string,
  ssrRoot: string,
): Promise<FirstPageRenderer | null> {
  const entry = join(ssrRoot, 'entry-server.js');
  const templateFile = join(webRoot, 'index.html');
  if (!existsSync(entry) || !existsSync(templateFile)) return null;
  const renderer = (await import(pathToFileURL(entry).href)) as Renderer;
  const template = readFileSync(templateFile, 'utf8');
  if (!ROOT.test(template)) throw new Error('index.html has no <!--app-html--> markers in #root');

  /** The last page rendered per authority and path, with the list's ETag it was rendered from. */
  const rendered = new Map<string, { etag: string; page: string }>();
  return async (tenantSlug, url) => {
    // The same read model and the same JSON the API sends (GET /api/public/tenants/:slug).
    const list = await ctx.publicOffices.get(tenantSlug);
    if (!list) return null;
    // Thousands opening the page at once cost one render per change of the list, not one each.
    const key = `${tenantSlug} ${url}`;
    const known = rendered.get(key);
    if (known?.etag === list.etag) return known.page;
    const initialData: InitialData = { tenantSlug, tenant: JSON.parse(list.body) as PublicTenant };
    const { html, title, formatted } = renderer.render(url, initialData);
    const data = `<script type="application/json" id="initial-data">${jsonForScript(
      JSON.stringify({ ...initialData, formatted }),
    )}</script>`;
    // Functions as replacements: a "$&" in an authority's name must stay text.
    const page = template
      .replace(TITLE, () => title)
      .replace(ROOT, () => `<div id="root">${html}</div>${data}`);
    // Bounded: query strings make new keys; the oldest page goes first.
    if (rendered.size >= MAX_RENDERED) rendered.delete(rendered.keys().next().value!);
    rendered.set(key, { etag: list.etag, page });
    return page;
  };
}
