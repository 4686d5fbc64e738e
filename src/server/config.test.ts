import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    ['JANUS_URL', 'http://janus.example.org:8088/janus'],
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

  it('knows no Janus unless told; reads its secrets like the other secrets (variable, *_FILE, credential)', () => {
    expect(loadConfig({}).janus).toBeUndefined();
    const dir = mkdtempSync(join(tmpdir(), 'amtsraum-janus-config-'));
    try {
      writeFileSync(join(dir, 'janus-api'), 'api-secret-from-file\n');
      mkdirSync(join(dir, 'credentials'));
      writeFileSync(join(dir, 'credentials', 'JANUS_ADMIN_SECRET'), 'admin-key-from-systemd');
      const config = loadConfig({
        DATA_DIR: join(dir, 'data'),
        JANUS_URL: 'ws://10.0.0.7:8188, wss://janus2.example.org/janus',
        JANUS_API_SECRET_FILE: join(dir, 'janus-api'),
        CREDENTIALS_DIRECTORY: join(dir, 'credentials'),
      });
      expect(config.janus).toEqual({
        urls: ['ws://10.0.0.7:8188', 'wss://janus2.example.org/janus'],
        apiSecret: 'api-secret-from-file',
        adminKey: 'admin-key-from-systemd',
      });
      // A secret file inside DATA_DIR would travel with every copy of the data.
      writeFileSync(join(dir, 'inside'), 'x');
      expect(() =>
        loadConfig({
          DATA_DIR: dir,
          JANUS_URL: 'ws://10.0.0.7:8188',
          JANUS_API_SECRET_FILE: join(dir, 'inside'),
        }),
      ).toThrow(/JANUS_API_SECRET_FILE: .* lies inside DATA_DIR/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
