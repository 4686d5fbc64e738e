import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config';
import { sendProblem } from './problem';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Sec-Fetch-Site values of a request a page of another site (or origin) started. */
const FOREIGN_FETCH_SITES = new Set(['cross-site', 'same-site']);

/** Why a request was refused: the `reason` member of the 403 problem document. */
export type CsrfRefusal = 'origin-mismatch' | 'referer-mismatch' | 'cross-site';

/** The origin of a URL header value, or null when it is no absolute URL. */
function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : null;
  } catch {
    return null;
  }
}

const header = (request: FastifyRequest, name: string) => {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

/**
 * Why a state-changing request must be refused as a cross-site request forgery, or null to let it pass.
 *
 * - Methods that change nothing (GET, HEAD, OPTIONS) pass.
 * - A request that carries a bearer token and no cookie passes: no browser attaches a bearer token on its
 *   own, so no other site can make one (API clients under /api/v1, citizens' visit tokens).
 * - Origin present: it must be PUBLIC_URL's origin, whatever the content type. `Origin: null` (what a
 *   browser sends for an HTML form on a page with `Referrer-Policy: no-referrer`) passes only when the
 *   browser itself vouches that the request is same-origin (`Sec-Fetch-Site`, which no page can set).
 * - No Origin, but a Referer: its origin must be PUBLIC_URL's.
 * - Neither: every browser in use sends Origin with POST, PUT, PATCH and DELETE (Fetch standard), so this
 *   is a client that is no browser (curl, a Fachverfahren, a test) and no other site stands behind it;
 *   it passes unless `Sec-Fetch-Site` says another site started it.
 *
 * The JSON API is thereby covered twice (a cross-site page cannot send application/json without a CORS
 * preflight, which this server never answers), and what a form or `fetch(…, {mode: 'no-cors'})` can send
 * — no body, text/plain, form data, multipart, raw bytes — is refused from any other origin.
 */
export function csrfRefusal(request: FastifyRequest, ownOrigin: string): CsrfRefusal | null {
  if (!STATE_CHANGING.has(request.method)) return null;
  if (request.headers.authorization !== undefined && request.headers.cookie === undefined) return null;
  const fetchSite = header(request, 'sec-fetch-site')?.trim().toLowerCase();
  const origin = header(request, 'origin')?.trim();
  if (origin !== undefined && origin !== '') {
    if (origin === ownOrigin) return null;
    if (origin === 'null' && fetchSite === 'same-origin') return null;
    return 'origin-mismatch';
  }
  const referer = header(request, 'referer')?.trim();
  if (referer !== undefined && referer !== '') {
    return originOf(referer) === ownOrigin ? null : 'referer-mismatch';
  }
  if (fetchSite !== undefined && FOREIGN_FETCH_SITES.has(fetchSite)) return 'cross-site';
  return null;
}

const DETAILS: Record<CsrfRefusal, string> = {
  'origin-mismatch': 'The request comes from another site (its Origin is not this server’s address)',
  'referer-mismatch': 'The request comes from another site (its Referer is not this server’s address)',
  'cross-site': 'The browser reports that another site started this request',
};

/**
 * Cross-site request forgery guard for every route: a state-changing request that a page of another
 * origin could have made the browser send with the user's cookies gets a 403 problem+json before any
 * route, body parser or upload sees it. The origin compared with is PUBLIC_URL's, read at each request
 * (tests that listen on a free port set it after the app is built). The WebSocket has its own check.
 */
export function registerCsrfGuard(app: FastifyInstance, config: Pick<Config, 'publicUrl'>) {
  app.addHook('onRequest', async (request, reply) => {
    const reason = csrfRefusal(request, config.publicUrl.origin);
    if (!reason) return;
    request.log.info({ reason }, 'cross-site request refused');
    return sendProblem(reply, 403, 'Forbidden', DETAILS[reason], { reason });
  });
}
