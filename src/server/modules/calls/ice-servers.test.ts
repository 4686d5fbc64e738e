import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config';
import { iceServersFor } from './ice-servers';

describe('ICE servers', () => {
  it('mints TURN credentials that expire after the configured time and verify with the shared secret', () => {
    const config = loadConfig({
      STUN_URLS: 'stun:turn.example.org:3478',
      TURN_URLS: 'turn:turn.example.org:3478?transport=udp, turns:turn.example.org:443?transport=tcp',
      TURN_SECRET: 'a-very-secret-shared-value',
      TURN_TTL_SECONDS: '600',
    });
    const now = Date.UTC(2026, 10, 24, 10, 0, 0);
    const [stun, turn] = iceServersFor(config, 'citizen:abc', now);
    expect(stun).toEqual({ urls: ['stun:turn.example.org:3478'] });
    expect(turn?.urls).toHaveLength(2);
    expect(turn?.username).toBe(`${now / 1000 + 600}:citizen:abc`);
    // What coturn computes on its side:
    expect(turn?.credential).toBe(
      createHmac('sha1', 'a-very-secret-shared-value').update(turn!.username!).digest('base64'),
    );
  });

  it('offers nothing when nothing is configured, and refuses TURN URLs without a secret', () => {
    expect(iceServersFor(loadConfig({}), 'agent:x')).toEqual([]);
    expect(() => loadConfig({ TURN_URLS: 'turn:x:3478' })).toThrow(/TURN_SECRET/);
    expect(() => loadConfig({ TURN_URLS: 'http://x', TURN_SECRET: 'a-very-secret-shared-value' })).toThrow(
      /TURN_URLS/,
    );
  });
});
