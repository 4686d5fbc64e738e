import { describe, expect, it } from 'vitest';
import { clientOf, createClientKeys } from './client-keys';

describe('client keys', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:aa:1::5', '2001:db8:aa:1::/64'],
    ['2001:0DB8:00aa:0001:ffff:1:2:3', '2001:db8:aa:1::/64'],
    ['2001::1:2:3:4:5:6', '2001:0:1:2::/64'],
    ['2001:db8::', '2001:db8:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('takes %s as the client %s', (address, client) => {
    expect(clientOf(address)).toBe(client);
  });

  it('gives one key per client, none that shows the address, and others under another secret', () => {
    const keyOf = createClientKeys('a secret of this installation, long enough');
    expect(keyOf('2001:db8:aa:1::5')).toBe(keyOf('2001:db8:aa:1:9999::1'));
    expect(keyOf('2001:db8:aa:1::5')).not.toBe(keyOf('2001:db8:aa:2::5'));
    expect(keyOf('203.0.113.7')).not.toContain('203');
    expect(keyOf('203.0.113.7')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(createClientKeys('another secret of another installation')('203.0.113.7')).not.toBe(
      keyOf('203.0.113.7'),
    );
  });
});
