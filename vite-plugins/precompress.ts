import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Text formats worth compressing; fonts (woff2) and images are compressed already. */
const COMPRESSIBLE = /\.(js|mjs|css|json|svg|txt|map)$/;

/** The two encodings every browser accepts, at their strongest: compressing happens once, at build. */
const ENCODERS = {
  br: (data: Buffer) =>
    brotli(data, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
  gz: (data: Buffer) => gzipAsync(data, { level: constants.Z_BEST_COMPRESSION }),
};

/**
 * Writes NAME.br and NAME.gz beside each hashed text asset (under assets/), which @fastify/static
 * serves by Accept-Encoding (`preCompressed`). Skips an encoding that would not make a file smaller;
 * the server then falls back to the next encoding or the file itself.
 */
export function precompress(): Plugin {
  return {
    name: 'amtsraum:precompress',
    apply: 'build',
    enforce: 'post',
    async writeBundle(options, bundle) {
      const dir = options.dir;
      if (!dir) return;
      const files = Object.values(bundle).filter(
        (file) => file.fileName.startsWith('assets/') && COMPRESSIBLE.test(file.fileName),
      );
      await Promise.all(
        files.flatMap((file) => {
          const data = Buffer.from(file.type === 'chunk' ? file.code : file.source);
          return Object.entries(ENCODERS).map(async ([extension, encode]) => {
            const encoded = await encode(data);
            if (encoded.length < data.length)
              await writeFile(join(dir, `${file.fileName}.${extension}`), encoded);
          });
        }),
      );
    },
  };
}
