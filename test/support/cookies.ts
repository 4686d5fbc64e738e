import { staffCookie } from '../../src/server/modules/auth/cookie';
import type { TestServer } from './server';

/** The cookie header a browser sends after this answer's Set-Cookie headers (cleared cookies left out). */
export function cookieHeader(setCookie: string | string[] | undefined): string {
  return [setCookie ?? []]
    .flat()
    .map((c) => c.split(';')[0]!)
    .filter((pair) => !pair.endsWith('='))
    .join('; ');
}

/** The staff session cookie (`name=value`) among an answer's Set-Cookie headers (beside the device cookie). */
export function sessionCookieFrom(server: TestServer, setCookie: string | string[] | undefined) {
  const name = staffCookie(server.ctx.config).name;
  const session = cookieHeader(setCookie)
    .split('; ')
    .find((pair) => pair.startsWith(`${name}=`));
  if (!session) throw new Error('no session cookie');
  return session;
}
