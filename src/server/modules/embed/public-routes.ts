import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EmbedSettingsView } from '../../../shared/embed';
import type { AppContext } from '../../context';
import { notFound } from '../../http/problem';
import { TenantParams } from '../visits/schema';
import { loadEmbedSettings } from './embed-store';

/**
 * /api/public/tenants/:tenantSlug/embed: what the widget needs besides the offices, i.e. its theme and
 * the sites it may talk to. Nothing secret: the origins are in the widget page's CSP header anyway.
 */
export const embedPublicRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.get(
    '/tenants/:tenantSlug/embed',
    { schema: { params: TenantParams, response: { 200: EmbedSettingsView } } },
    async (request) => {
      const settings = await loadEmbedSettings(ctx.db, { slug: request.params.tenantSlug });
      if (!settings) throw notFound('Authority');
      return settings;
    },
  );
};
