import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('has safe defaults: local address, embedded database in ./data', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      dataDir: './data',
      databaseUrl: undefined,
      disconnectGraceMinutes: 15,
    });
    expect(config.publicUrl.origin).toBe('http://localhost:8080');
  });

  it.each([
    ['PORT', 'achtzig'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['PUBLIC_URL', 'ftp://example.org'],
    ['REDIS_URL', 'localhost:6379'],
    ['SESSION_IDLE_MINUTES', '0'],
    ['QUEUE_DISCONNECT_GRACE_MINUTES', '0'],
    ['QUEUE_DISCONNECT_GRACE_MINUTES', 'fünf'],
    ['DEMO_DATA', 'ja'],
    ['TRUSTED_PROXIES', 'proxy.example.org'],
    ['TRUSTED_PROXIES', '10.0.0.0/33'],
    ['TRUSTED_PROXIES', '0.0.0.0/0'],
    ['RATE_LIMIT_ENTRIES_PER_MINUTE', '0'],
  ])('stops on a wrong %s naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}:`));
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '9000',
      HOST: '0.0.0.0',
      DATA_DIR: '/var/lib/amtsraum',
      DATABASE_URL: 'postgres://u@db/amtsraum',
      PUBLIC_URL: 'https://termine.musterstadt.de',
      QUEUE_DISCONNECT_GRACE_MINUTES: '10',
      // Production (https) brings its secrets and the audit anchor file from outside DATA_DIR.
      LINK_SECRET: 'l'.repeat(40),
      FILE_MASTER_KEY: 'f'.repeat(40),
      AUDIT_KEY: 'a'.repeat(40),
      AUDIT_ANCHOR_FILE: '/var/log/amtsraum/audit-anchors.jsonl',
    });
    expect(config).toMatchObject({
      disconnectGraceMinutes: 10,
      port: 9000,
      host: '0.0.0.0',
      dataDir: '/var/lib/amtsraum',
      databaseUrl: 'postgres://u@db/amtsraum',
    });
    expect(config.publicUrl.protocol).toBe('https:');
    expect(config.linkSecret).toBe('l'.repeat(40));
    expect(config.auditAnchorFile).toBe('/var/log/amtsraum/audit-anchors.jsonl');
  });

  it('trusts no proxy unless told, and scales every rate limit by RATE_LIMIT_FACTOR', () => {
    expect(loadConfig({}).trustedProxies).toEqual([]);
    expect(loadConfig({}).rateLimits).toMatchObject({ entriesPerMinute: 5, bookingsPerHour: 5 });
    const config = loadConfig({
      TRUSTED_PROXIES: ' 10.0.0.5, fd00::/8,loopback ',
      RATE_LIMIT_FACTOR: '2.5',
      RATE_LIMIT_ENTRIES_PER_MINUTE: '4',
    });
    expect(config.trustedProxies).toEqual(['10.0.0.5', 'fd00::/8', 'loopback']);
    expect(config.rateLimits).toMatchObject({ entriesPerMinute: 10, bookingsPerHour: 13 });
  });
});
