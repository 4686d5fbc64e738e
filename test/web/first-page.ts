import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Manifest, readManifest } from '../../src/server/http/manifest';

export { staticFiles } from '../../src/server/http/manifest';

/** The build's manifest, or a hint to build first. */
export function builtManifest(webDir: string): Manifest {
  if (!existsSync(join(webDir, '.vite/manifest.json'))) {
    throw new Error(`${webDir} has no build manifest: run "npm run build" before this test (npm test does).`);
  }
  return readManifest(webDir);
}

/** Bytes on the wire with gzip: the .gz file the build wrote beside it, else the file gzipped here. */
export function gzipBytes(webDir: string, files: readonly string[]): number {
  return files.reduce((sum, file) => {
    const path = join(webDir, file);
    const size = existsSync(`${path}.gz`)
      ? readFileSync(`${path}.gz`).length
      : gzipSync(readFileSync(path), { level: 9 }).length;
    return sum + size;
  }, 0);
}
