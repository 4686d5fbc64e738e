import { describe, expect, it } from 'vitest';
import { createSealedText } from './sealed-text';

describe('sealed text', () => {
  const box = createSealedText('a-file-master-key-of-at-least-32-characters');

  it('opens what it sealed, for the same row only, and never shows the secret', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP', 'totp:staff-1');
    expect(sealed).toMatch(/^sealed:v1:/);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.seal('JBSWY3DPEHPK3PXP', 'totp:staff-1')).not.toBe(sealed);
    expect(box.open(sealed, 'totp:staff-1')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => box.open(sealed, 'totp:staff-2')).toThrow();
    expect(() =>
      createSealedText('another-master-key-of-at-least-32-chars').open(sealed, 'totp:staff-1'),
    ).toThrow();
  });

  it('reads values stored before sealing as they are', () => {
    expect(box.open('JBSWY3DPEHPK3PXP', 'totp:staff-1')).toBe('JBSWY3DPEHPK3PXP');
  });
});
