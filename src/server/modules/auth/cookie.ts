import type { CookieSerializeOptions } from '@fastify/cookie';
import type { Config } from '../../config';

/** `__Host-` binds the cookie to our origin; browsers accept that prefix only on https. */
export function staffCookie(config: Pick<Config, 'publicUrl'>) {
  const secure = config.publicUrl.protocol === 'https:';
  const options: CookieSerializeOptions = { httpOnly: true, sameSite: 'strict', secure, path: '/' };
  return { name: secure ? '__Host-amtsraum-staff' : 'amtsraum-staff', options };
}

/**
 * A cookie only the sign-in routes read (under /api/auth): `__Secure-` on https (`__Host-` would need
 * path /), http-only, same-site strict, kept `maxAgeSeconds`.
 */
export function signInCookie(config: Pick<Config, 'publicUrl'>, name: string, maxAgeSeconds: number) {
  const secure = config.publicUrl.protocol === 'https:';
  const options: CookieSerializeOptions = {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/api/auth',
    maxAge: maxAgeSeconds,
  };
  return { name: secure ? `__Secure-${name}` : name, options };
}
