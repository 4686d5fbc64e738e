import type { CookieSerializeOptions } from '@fastify/cookie';
import type { Config } from '../../config';

/** `__Host-` binds the cookie to our origin; browsers accept that prefix only on https. */
export function staffCookie(config: Pick<Config, 'publicUrl'>) {
  const secure = config.publicUrl.protocol === 'https:';
  const options: CookieSerializeOptions = { httpOnly: true, sameSite: 'strict', secure, path: '/' };
  return { name: secure ? '__Host-amtsraum-staff' : 'amtsraum-staff', options };
}
