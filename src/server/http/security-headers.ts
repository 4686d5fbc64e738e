import type { FastifyHelmetOptions } from '@fastify/helmet';
import type { Config } from '../config';

type Directives = Record<string, string[]>;

/** Strict CSP without inline script; everything is served from our own origin. */
function cspDirectives(config: Pick<Config, 'publicUrl'>, frameAncestors: readonly string[]): Directives {
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:', 'blob:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'"],
    mediaSrc: ["'self'", 'blob:'],
    objectSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'self'"],
    frameAncestors: frameAncestors.length > 0 ? [...frameAncestors] : ["'none'"],
    ...(config.publicUrl.protocol === 'https:' ? { upgradeInsecureRequests: [] } : {}),
  };
}

/** Every page: nobody may frame it (clickjacking), the embeddable widget page sets its own policy. */
export function securityHeaders(config: Pick<Config, 'publicUrl'>): FastifyHelmetOptions {
  const https = config.publicUrl.protocol === 'https:';
  return {
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(config, []) },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginEmbedderPolicy: false,
  };
}

/**
 * The same policy for a page that the given origins may frame (the authority's own websites);
 * with none given nobody may. The origins must be validated ones: they go into the header verbatim.
 */
export function framedPagePolicy(config: Pick<Config, 'publicUrl'>, origins: readonly string[]): string {
  return Object.entries(cspDirectives(config, origins))
    .map(([name, values]) => [name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`), ...values].join(' '))
    .join(';');
}
