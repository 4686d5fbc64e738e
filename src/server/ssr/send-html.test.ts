import { describe, expect, it } from 'vitest';
import { jsonForScript } from './first-page';
import { pickEncoding } from './send-html';

describe('server-rendered HTML', () => {
  it('picks Brotli before gzip, and neither when refused or not named', () => {
    expect(pickEncoding('gzip, deflate, br')).toBe('br');
    expect(pickEncoding('gzip')).toBe('gzip');
    expect(pickEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
    expect(pickEncoding('BR')).toBe('br');
    expect(pickEncoding('identity')).toBeNull();
    expect(pickEncoding('gzip;q=0')).toBeNull();
    expect(pickEncoding(undefined)).toBeNull();
  });

  it('writes JSON that no text can end the data block of, and that reads back the same', () => {
    const value = { name: '</script><script>alert(1)</script><!-- & \u2028' };
    const inScript = jsonForScript(JSON.stringify(value));
    expect(inScript).not.toMatch(/<\/script|<!--/i);
    expect(JSON.parse(inScript)).toEqual(value);
  });
});
