import { createHmac } from 'node:crypto';
import { hashToken } from './tokens';

export type LinkPurpose = 'manage' | 'join' | 'guest' | 'activate' | 'dial-in-pin' | 'dial-in-caller';

/**
 * Appointment links carry 256-bit tokens derived as HMAC(secret, purpose:id:version). The database
 * keeps only their SHA-256 hashes, yet a reminder days later can print the same link again: that is why
 * they are derived rather than random. Bumping the version (a move) retires the old links. A guest's
 * one-time link is derived the same way, so the inviting agent can copy it again until it is used.
 */
export function createLinkTokens(secret: string) {
  const token = (purpose: LinkPurpose, id: string, version: number) =>
    createHmac('sha256', secret).update(`${purpose}:${id}:${version}`).digest('base64url');
  return {
    token,
    hash: (purpose: LinkPurpose, id: string, version: number) => hashToken(token(purpose, id, version)),
  };
}
export type LinkTokens = ReturnType<typeof createLinkTokens>;
