import { createHash, randomBytes } from 'node:crypto';

/** A fresh 256-bit random token for links and sessions, URL-safe. */
export const newToken = () => randomBytes(32).toString('base64url');

/** Tokens are only ever stored as this hash, so a database leak opens no session or link. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
