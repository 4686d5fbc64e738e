import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EmbedSettings, EmbedSettingsView } from '../../../shared/embed';
import type { AppContext } from '../../context';
import { notFound } from '../../http/problem';
import { recordAudit } from '../audit/audit-log';
import { principal, requireStaff } from '../auth/guard';
import { loadEmbedSettings, saveEmbedSettings } from './embed-store';

/** /api/admin/tenant/embed: everyone of the authority reads its widget settings, admins change them. */
export const embedAdminRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.get(
    '/tenant/embed',
    { preHandler: requireStaff(ctx), schema: { response: { 200: EmbedSettingsView } } },
    async (request) => {
      const settings = await loadEmbedSettings(ctx.db, { tenantId: principal(request).tenantId });
      if (!settings) throw notFound('Authority');
      return settings;
    },
  );

  app.put(
    '/tenant/embed',
    {
      preHandler: requireStaff(ctx, ['admin']),
      schema: { body: EmbedSettings, response: { 200: EmbedSettingsView } },
    },
    async (request) => {
      const me = principal(request);
      return ctx.db.transaction(async (tx) => {
        const saved = await saveEmbedSettings(tx, me.tenantId, request.body);
        // Which sites may frame the authority's pages is security-relevant: the origins go on record.
        await recordAudit(tx, {
          tenantId: me.tenantId,
          actor: `staff:${me.id}`,
          action: 'tenant.embed_changed',
          object: `tenant:${me.tenantId}`,
          details: { allowedOrigins: saved.embedAllowedOrigins, accentColor: saved.embedTheme.accentColor },
        });
        return saved;
      });
    },
  );
};
