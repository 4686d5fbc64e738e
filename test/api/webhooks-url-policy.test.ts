import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  BlockedAddressError,
  guardedLookup,
  isBlockedAddress,
  webhookUrlProblem,
} from '../../src/server/modules/webhooks/url-policy';

const HTTPS = new URL('https://amtsraum.example');
const DEV = new URL('http://localhost:8080');

describe('webhook address policy (SSRF)', () => {
  it('blocks private, reserved and mapped addresses, and loopback unless allowed', () => {
    for (const ip of [
      '10.0.0.1',
      '169.254.169.254',
      '127.0.0.1',
      '::1',
      '::ffff:10.0.0.1',
      'fd12::1',
      '64:ff9b::a00:1',
    ]) {
      expect(isBlockedAddress(ip, false), ip).toBe(true);
    }
    expect(isBlockedAddress('127.0.0.1', true)).toBe(false);
    expect(isBlockedAddress('::1', true)).toBe(false);
    expect(isBlockedAddress('10.0.0.1', true)).toBe(true);
    for (const ip of ['93.184.215.14', '2a00:1450:4001:80b::200e'])
      expect(isBlockedAddress(ip, false), ip).toBe(false);
  });

  it('allows loopback URLs only while the server runs on http', () => {
    for (const url of [
      'http://127.0.0.1:9000/h',
      'http://localhost/h',
      'http://[::1]/h',
      'https://api.localhost/h',
    ]) {
      expect(webhookUrlProblem(url, DEV), url).toBeNull();
      expect(webhookUrlProblem(url, HTTPS), url).toMatch(/loopback/);
    }
    expect(webhookUrlProblem('http://2130706433/h', HTTPS)).toMatch(/loopback/);
    expect(webhookUrlProblem('https://case-system.example/h', HTTPS)).toBeNull();
    expect(webhookUrlProblem('http://case-system.example/h', DEV)).toMatch(/https/);
  });

  it('refuses a host name that resolves to a blocked address when connecting, for good', async () => {
    const lookup = guardedLookup(false);
    const error = await new Promise<unknown>((resolve) =>
      lookup('localhost', { all: true }, (e) => resolve(e)),
    );
    expect(error).toBeInstanceOf(BlockedAddressError);
    expect((error as BlockedAddressError).permanent).toBe(true);
    // The HTTP client passes the refusal on instead of connecting.
    const failed = await new Promise<unknown>((resolve) => {
      const r = request('http://localhost:9/', { method: 'POST', lookup, agent: false }, () => resolve(null));
      r.on('error', resolve);
      r.end();
    });
    expect(failed).toBeInstanceOf(BlockedAddressError);
    const allowed = await new Promise<unknown>((resolve) =>
      guardedLookup(true)('localhost', {}, (e, address) => resolve(e ?? address)),
    );
    expect(allowed).toMatch(/^(127\.0\.0\.1|::1)$/);
  });
});
