import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RESERVED_SEGMENTS } from '../../../shared/reserved';
import type { Queryable } from '../../db/client';
import { sendProblem } from '../../http/problem';
import type { EventBus } from '../../realtime/bus';
import { hashToken } from '../../security/tokens';
import { createDisabledAuthorities } from './disabled-authorities';

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A plain page without script or style (the CSP allows no inline script), German first, then English. */
const gonePage = (name: string) => `<!doctype html>
<html lang="de">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Nicht mehr erreichbar – ${escapeHtml(name)}</title></head>
<body><main>
<h1>${escapeHtml(name)} ist hier nicht erreichbar</h1>
<p>Die Videoberatung und die Online-Terminvergabe dieser Behörde sind auf dieser Plattform derzeit abgeschaltet.
Bitte wenden Sie sich auf anderem Weg direkt an die Behörde.</p>
<p lang="en">The video consultation and online booking of this authority are switched off on this platform.
Please contact the authority directly by other means.</p>
</main></body>
</html>
`;

const GONE_DETAIL = 'The services of this authority are switched off on this platform';

/**
 * Keeps a disabled authority's doors shut without deleting anything: its citizen pages (/{slug}/…) and
 * public API (/api/public/tenants/{slug}/…) answer 410 Gone with a clear message, and its API keys are
 * refused (403). Staff are kept out by their deactivated accounts (provision.ts). Which authorities are
 * off is kept in memory (disabled-authorities.ts), so a page or poll costs no statement for it;
 * registered before every route.
 */
export function registerDisabledAuthorityGate(app: FastifyInstance, db: Queryable, bus: EventBus) {
  const disabled = createDisabledAuthorities(db, bus, (error) =>
    app.log.warn({ err: error }, 'reloading the disabled authorities failed'),
  );
  app.addHook('onReady', () => disabled.reload());
  app.addHook('onClose', async () => disabled.stop());
  const disabledTenant = async (slug: string) => {
    const name = await disabled.nameOf(slug);
    return name === undefined ? undefined : { name };
  };

  const gone = (request: FastifyRequest, reply: FastifyReply, name: string) => {
    const wantsHtml = !request.url.startsWith('/api/') && /text\/html/.test(request.headers.accept ?? '');
    if (!wantsHtml) return sendProblem(reply, 410, 'Gone', GONE_DETAIL, { reason: 'authority-disabled' });
    return reply
      .code(410)
      .header('cache-control', 'no-store')
      .type('text/html; charset=utf-8')
      .send(request.method === 'HEAD' ? '' : gonePage(name));
  };

  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?')[0]!;
    const params = request.params as Record<string, unknown> | undefined;
    const named = typeof params?.tenantSlug === 'string' ? params.tenantSlug : undefined;
    if (named !== undefined) {
      const tenant = SLUG.test(named) ? await disabledTenant(named) : undefined;
      if (tenant) return gone(request, reply, tenant.name);
      return;
    }
    if (path.startsWith('/api/v1/')) {
      const key = request.headers.authorization?.match(/^Bearer (\S+)$/)?.[1];
      if (!key) return;
      const [disabled] = await db.query(
        `SELECT 1 FROM api_keys k JOIN tenants t ON t.id = k.tenant_id
          WHERE k.secret_hash = $1 AND t.disabled_at IS NOT NULL`,
        [hashToken(key)],
      );
      if (disabled) {
        return sendProblem(reply, 403, 'Forbidden', 'The authority of this API key is switched off', {
          reason: 'authority-disabled',
        });
      }
      return;
    }
    // The web app's pages: /{slug}, /{slug}/termine, /{slug}/termin#…, /{slug}/gast#… (GET only).
    // Served by the web app's catch-all route (or none, without a build); other routes are no page of one.
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    const route = request.routeOptions.url;
    if ((route !== undefined && route !== '/*') || path.startsWith('/api/')) return;
    const first = path.split('/')[1] ?? '';
    if (!SLUG.test(first) || (RESERVED_SEGMENTS as readonly string[]).includes(first)) return;
    const tenant = await disabledTenant(first);
    if (tenant) return gone(request, reply, tenant.name);
  });
}
