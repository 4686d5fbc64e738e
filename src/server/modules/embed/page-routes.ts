import { join } from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { EMBED_PAGE_PATH } from '../../../shared/embed';
import type { AppContext } from '../../context';
import { framedPagePolicy } from '../../http/security-headers';
import { TenantParams } from '../visits/schema';
import { loadEmbedSettings } from './embed-store';

/** The built widget page (Vite's second entry, src/web/embed/index.html). */
const EMBED_HTML = 'embed/index.html';

/**
 * /{tenant}/einbetten/buero: the widget page, which only the authority's own websites may frame
 * (CSP frame-ancestors from its settings; unknown authority or none set: nobody). Needs the built
 * web app (fastify-static's sendFile).
 */
export const embedPageRoutes: FastifyPluginAsync<AppContext> = async (app, ctx) => {
  app.get<{ Params: { tenantSlug: string } }>(
    `/:tenantSlug/${EMBED_PAGE_PATH}`,
    // frame-ancestors decides; X-Frame-Options knows no list of origins and would only confuse.
    { helmet: { xFrameOptions: false } },
    async (request, reply) => {
      // A malformed slug names no authority: the same 404 page, framed by nobody.
      const params = TenantParams.safeParse(request.params);
      const settings = params.success
        ? await loadEmbedSettings(ctx.db, { slug: params.data.tenantSlug })
        : undefined;
      return reply
        .code(settings ? 200 : 404)
        .header('content-security-policy', framedPagePolicy(ctx.config, settings?.embedAllowedOrigins ?? []))
        .header('cache-control', 'no-cache')
        .sendFile(EMBED_HTML, { cacheControl: false });
    },
  );
};

/** /embed.js is loaded by other sites' pages: it must be allowed cross-origin, and revalidated. */
export function embedLoaderHeaders(webRoot: string) {
  const loader = join(webRoot, 'embed.js');
  return (reply: FastifyReply, path: string) => {
    if (path !== loader) return;
    reply.header('cross-origin-resource-policy', 'cross-origin');
    reply.header('cache-control', 'no-cache');
  };
}
