import { createHmac } from 'node:crypto';
import type { IceServer } from '../../../shared/realtime';
import type { Config } from '../../config';

/**
 * STUN/TURN settings for one participant. TURN credentials follow coturn's `use-auth-secret`
 * scheme: username "<expiry unix time>:<participant>", password base64(HMAC-SHA1(secret, username)),
 * so coturn checks them without a database and they expire on their own.
 */
export function iceServersFor(
  config: Pick<Config, 'ice'>,
  participant: string,
  nowMs = Date.now(),
): IceServer[] {
  const { stunUrls, turnUrls, turnSecret, turnTtlSeconds } = config.ice;
  const servers: IceServer[] = [];
  if (stunUrls.length > 0) servers.push({ urls: stunUrls });
  if (turnUrls.length > 0 && turnSecret) {
    const username = `${Math.floor(nowMs / 1000) + turnTtlSeconds}:${participant}`;
    const credential = createHmac('sha1', turnSecret).update(username).digest('base64');
    servers.push({ urls: turnUrls, username, credential });
  }
  return servers;
}
