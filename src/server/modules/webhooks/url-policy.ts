import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Which addresses a webhook may be sent to (SSRF): never private, link-local (cloud metadata at
 * 169.254.169.254), shared, multicast, documentation or otherwise reserved addresses. Loopback only while
 * the server itself runs on plain http (PUBLIC_URL http://…: development and tests).
 */
const RESERVED: [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'],
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'],
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'],
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.0.2.0', 24, 'ipv4'],
  ['192.88.99.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['198.51.100.0', 24, 'ipv4'],
  ['203.0.113.0', 24, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'],
  ['240.0.0.0', 4, 'ipv4'],
  // Unspecified, loopback and IPv4-compatible; NAT64 (may embed any IPv4 address). IPv4-mapped
  // addresses (::ffff:a.b.c.d) need no entry: BlockList checks them against the IPv4 rules above.
  ['::', 96, 'ipv6'],
  ['64:ff9b::', 96, 'ipv6'],
  ['64:ff9b:1::', 48, 'ipv6'],
  ['100::', 64, 'ipv6'],
  // IETF protocol assignments (Teredo among them), documentation, 6to4.
  ['2001::', 23, 'ipv6'],
  ['2001:db8::', 32, 'ipv6'],
  ['2002::', 16, 'ipv6'],
  // Unique local, link-local, old site-local, multicast.
  ['fc00::', 7, 'ipv6'],
  ['fe80::', 10, 'ipv6'],
  ['fec0::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];

const reserved = new BlockList();
for (const [net, prefix, type] of RESERVED) reserved.addSubnet(net, prefix, type);
const loopback = new BlockList();
loopback.addSubnet('127.0.0.0', 8, 'ipv4');
loopback.addAddress('::1', 'ipv6');

const family = (ip: string) => (isIP(ip) === 6 ? 'ipv6' : 'ipv4');

/** Loopback is allowed only while the server runs on plain http (development, tests). */
export const loopbackAllowed = (publicUrl: URL) => publicUrl.protocol === 'http:';

/** Whether an IP address may not be contacted. */
export function isBlockedAddress(ip: string, allowLoopback: boolean) {
  if (allowLoopback && loopback.check(ip, family(ip))) return false;
  return reserved.check(ip, family(ip));
}

const isLoopbackName = (host: string) => host === 'localhost' || host.endsWith('.localhost');

/** Why a URL may not take webhooks, or null when it may. */
export function webhookUrlProblem(raw: string, publicUrl: URL): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute https:// URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an https:// URL';
  if (url.username || url.password) return 'must not contain a user name or password';
  if (url.hash) return 'must not contain a fragment (#…)';
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  const dev = loopbackAllowed(publicUrl);
  const isLoopback = isIP(host) ? loopback.check(host, family(host)) : isLoopbackName(host);
  if (isLoopback) return dev ? null : 'must not point to this server (loopback)';
  if (url.protocol !== 'https:') return 'must be an https:// URL';
  if (isIP(host) && isBlockedAddress(host, false)) return 'must not point to a private or reserved address';
  return null;
}

/** Marks a delivery that can never succeed as it stands: the queue does not retry it. */
export class BlockedAddressError extends Error {
  readonly permanent = true;
}

/**
 * A DNS lookup for the HTTP client that refuses host names resolving to blocked addresses. The
 * connection uses exactly the addresses checked here, so a name cannot be re-pointed in between.
 */
export function guardedLookup(allowLoopback: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const list = addresses as unknown as LookupAddress[];
      const blocked = list.find((a) => isBlockedAddress(a.address, allowLoopback));
      if (blocked) {
        return callback(
          new BlockedAddressError(`${hostname} resolves to a private or reserved address`),
          '',
          4,
        );
      }
      if (list.length === 0) return callback(new Error(`${hostname} has no address`), '', 4);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}
