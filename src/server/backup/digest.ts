import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ManifestContent } from './manifest';

export interface Digest {
  bytes: number;
  sha256: string;
}

/** Counts and hashes what flows through, unchanged. */
function digesting() {
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  return { tap, result: (): Digest => ({ bytes, sha256: hash.digest('hex') }) };
}

/** The size and SHA-256 of a file, read as a stream (files may be large). */
export async function digestFile(path: string): Promise<Digest> {
  const { tap, result } = digesting();
  await pipeline(createReadStream(path), tap, async (source) => {
    for await (const _ of source);
  });
  return result();
}

/** Copies a file into a new one (never over an existing one, mode 0600) and returns what was copied. */
export async function copyWithDigest(from: string, to: string): Promise<Digest> {
  await mkdir(dirname(to), { recursive: true, mode: 0o700 });
  const { tap, result } = digesting();
  await pipeline(createReadStream(from), tap, createWriteStream(to, { flags: 'wx', mode: 0o600 }));
  return result();
}

/** Whether a file still is what the manifest says; a description of the difference, or null. */
export async function checkContent(path: string, expected: ManifestContent): Promise<string | null> {
  let actual: Digest;
  try {
    actual = await digestFile(path);
  } catch (error) {
    return `${expected.path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  if (actual.bytes !== expected.bytes)
    return `${expected.path}: ${actual.bytes} bytes, the manifest says ${expected.bytes}`;
  if (actual.sha256 !== expected.sha256) return `${expected.path}: SHA-256 differs from the manifest`;
  return null;
}
