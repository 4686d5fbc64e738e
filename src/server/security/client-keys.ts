import { createHmac } from 'node:crypto';
import { isIPv4, isIPv6 } from 'node:net';

/**
 * The part of a client address that names one client: an IPv4 address, or the /64 prefix of an IPv6
 * address (a single connection usually gets a whole /64, so rotating within it must not count as new).
 */
export function clientOf(address: string): string {
  const plain = address.replace(/%.*$/, '').toLowerCase();
  const mapped = plain.match(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/);
  if (mapped) return mapped[1]!;
  if (isIPv4(plain) || !isIPv6(plain)) return plain;
  const [head = '', tail = ''] = plain.split('::');
  const part = (groups: string) => (groups ? groups.split(':') : []);
  // A trailing dotted IPv4 part fills two groups; "::" stands for as many zero groups as are missing.
  const width = (groups: string[]) => groups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const before = part(head);
  const after = part(tail);
  const zeros = plain.includes('::') ? Array(8 - width(before) - width(after)).fill('0') : [];
  const prefix = [...before, ...zeros, ...after].slice(0, 4).map((g) => g.replace(/^0+(?=.)/, ''));
  return `${prefix.join(':')}::/64`;
}

/**
 * Keyed hashes of client addresses: HMAC with a secret of this installation, so the stored key neither
 * shows the address nor can be turned back into it by trying all 2^32 IPv4 addresses without the secret.
 */
export function createClientKeys(secret: string) {
  return (address: string) => createHmac('sha256', secret).update(clientOf(address)).digest('base64url');
}
export type ClientKeys = ReturnType<typeof createClientKeys>;
