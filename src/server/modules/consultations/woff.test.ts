import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { woffToSfnt } from './woff';

const require = createRequire(import.meta.url);
const noto = readFileSync(require.resolve('@kern-ux/native/dist/fonts/noto-sans/NotoSans-Regular.woff'));

/** The OpenType table checksum: the sum of the table's big-endian 32-bit words. */
const checksum = (data: Buffer) => {
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum = (sum + data.readUInt32BE(i)) >>> 0;
  return sum;
};

describe('woffToSfnt', () => {
  it('unpacks every table of the shipped Noto Sans so its checksums hold', () => {
    const sfnt = woffToSfnt(noto);
    expect(sfnt.readUInt32BE(0)).toBe(noto.readUInt32BE(4));
    const numTables = sfnt.readUInt16BE(4);
    expect(numTables).toBe(noto.readUInt16BE(12));
    const tags: string[] = [];
    for (let i = 0; i < numTables; i++) {
      const record = 12 + i * 16;
      const tag = sfnt.toString('latin1', record, record + 4);
      const offset = sfnt.readUInt32BE(record + 8);
      const length = sfnt.readUInt32BE(record + 12);
      tags.push(tag);
      expect(offset % 4).toBe(0);
      // head's checksum is taken with its checkSumAdjustment field as zero.
      if (tag !== 'head') {
        const padded = sfnt.subarray(offset, offset + ((length + 3) & ~3));
        expect(checksum(padded), tag).toBe(sfnt.readUInt32BE(record + 4));
      }
    }
    expect(tags).toEqual(expect.arrayContaining(['cmap', 'glyf', 'head', 'hmtx', 'loca', 'name', 'post']));
  });

  it('refuses what is not a well-formed WOFF', () => {
    expect(() => woffToSfnt(Buffer.from('not a font at all, but long enough to have a header...'))).toThrow(
      /WOFF/,
    );
    const truncated = Buffer.from(noto.subarray(0, 200));
    expect(() => woffToSfnt(truncated)).toThrow(/outside/);
    // A table whose stored length claims more than inflating gives.
    const forged = Buffer.from(noto);
    const first = 44;
    const offset = forged.readUInt32BE(first + 4);
    const stored = deflateSync(Buffer.alloc(8));
    stored.copy(forged, offset);
    forged.writeUInt32BE(stored.length, first + 8);
    forged.writeUInt32BE(4096, first + 12);
    expect(() => woffToSfnt(forged)).toThrow(/length/);
  });
});
