import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppContext } from '../context';
import { embedLoaderHeaders, embedPageRoutes } from '../modules/embed/page-routes';
import { firstPageRenderer } from '../ssr/first-page';
import { sendHtml } from '../ssr/send-html';
import { readManifest } from './manifest';
import { citizenPage, preloadLinks } from './preloads';
import { sendProblem } from './problem';

const WEB_ROOT = fileURLToPath(new URL('../../../dist/web/', import.meta.url));
const SSR_ROOT = fileURLToPath(new URL('../../../dist/ssr/', import.meta.url));

/** Files under /assets/ carry a hash of their content in their name: a new build gives new names. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** HTML and the other unhashed files are revalidated on every use, so a deploy is never served stale. */
export const REVALIDATE = 'no-cache';

/**
 * Crawlers may read the citizen pages; the staff and admin areas, the sign-in page and the API are
 * nobody's search result. `$` ends a path, so a tenant slug such as "staffelstein" stays allowed.
 */
export const ROBOTS_TXT = `User-agent: *
Disallow: /staff$
Disallow: /staff/
Disallow: /admin$
Disallow: /admin/
Disallow: /login$
Disallow: /login?
Disallow: /api/
Allow: /
`;

/**
 * Serves the built React app: hashed assets precompressed (Brotli or gzip, as the build wrote them
 * beside each file) and cached for a year; HTML revalidated; unknown non-API paths get index.html so
 * client routes work on reload. An authority's office list comes rendered on the server (ssr/).
 */
export async function serveWebApp(app: FastifyInstance, ctx: AppContext) {
  app.get('/robots.txt', (_request, reply) =>
    reply.type('text/plain; charset=utf-8').header('cache-control', REVALIDATE).send(ROBOTS_TXT),
  );
  if (!existsSync(WEB_ROOT)) {
    app.log.warn('dist/web is missing: run "npm run build" to serve the web app');
    return;
  }
  const embedLoader = embedLoaderHeaders(WEB_ROOT);
  await app.register(fastifyStatic, {
    root: WEB_ROOT,
    wildcard: false,
    index: false,
    // Picks main-….js.br or .gz by Accept-Encoding and answers Vary: Accept-Encoding.
    preCompressed: true,
    setHeaders: (reply: FastifyReply, path: string) => {
      const file = path.replace(/\.(br|gz)$/, '');
      reply.header('cache-control', file.startsWith(`${WEB_ROOT}assets/`) ? IMMUTABLE : REVALIDATE);
      embedLoader(reply, file);
    },
  });
  await app.register(embedPageRoutes, ctx);
  const manifest = readManifest(WEB_ROOT);
  const renderFirstPage = await firstPageRenderer(ctx, WEB_ROOT, SSR_ROOT);
  if (!renderFirstPage) app.log.warn('dist/ssr is missing: citizen pages render in the browser only');
  app.get('/*', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    // A chunk of an earlier build, asked for by a tab opened before a deploy: a 404, never the HTML in
    // its place (the page then offers to load the app anew).
    if (path.startsWith('/api/') || path.startsWith('/assets/')) {
      return sendProblem(reply, 404, 'Not Found', `No route ${request.method} ${path}`);
    }
    const page = citizenPage(path);
    if (page?.module === null && renderFirstPage) {
      try {
        // The office list with its data in the page: nothing to preload (unknown authority: the app's 404).
        const rendered = await renderFirstPage(page.tenantSlug, request.url);
        if (rendered) return sendHtml(request, reply, rendered, REVALIDATE);
      } catch (error) {
        // The page still works without: the app renders it in the browser, as on every other page.
        request.log.error({ err: error }, 'server rendering of the office list failed');
      }
    }
    const link = preloadLinks(manifest, path);
    if (link) reply.header('link', link);
    return reply.sendFile('index.html');
  });
}
