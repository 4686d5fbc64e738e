import { describe, expect, it } from 'vitest';
import { formatInstant, formatTime } from '../../src/web/citizen/format';
import { knowFormatted, recordFormatted } from '../../src/web/lib/dateTimeFormat';

describe('dates the server formatted for the browser', () => {
  it('records what a render formats in the authority’s zone, and the browser reads those back', () => {
    const { result, formatted } = recordFormatted(() => [
      formatTime('2026-12-02T11:00:00Z', 'Europe/Berlin', 'de'),
      formatInstant('2026-12-03T07:00:00Z', 'Europe/Berlin', 'de'),
      // The device's own zone differs between server and browser: never carried over.
      formatTime('2026-12-02T11:00:00Z', undefined, 'de'),
    ]);
    expect(result.slice(0, 1)).toEqual(['12:00']);
    expect(Object.values(formatted)).toEqual(result.slice(0, 2));

    // The browser takes the server's text as it is (so hydration sees the same), here a marked one.
    const key = Object.keys(formatted)[0]!;
    knowFormatted({ [key]: '12:00 (server)' });
    expect(formatTime('2026-12-02T11:00:00Z', 'Europe/Berlin', 'de')).toBe('12:00 (server)');
    expect(formatTime('2026-12-02T12:00:00Z', 'Europe/Berlin', 'de')).toBe('13:00');
    // Nothing is recorded outside a server render.
    expect(recordFormatted(() => null).formatted).toEqual({});
  });
});
