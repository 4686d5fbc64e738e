import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Another live process has the embedded database open. */
export class EmbeddedDatabaseInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `the embedded database in ${dataDir} is open in process ${pid} (a running Amtsraum?): PGlite admits ` +
        'one process per data directory, a second one would damage it. Stop that process first, or use ' +
        'PostgreSQL (DATABASE_URL), which any number of processes and tools share',
    );
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Claims DATA_DIR's embedded database for this process with a pid file; a file left by a process that
 * is gone (killed) is taken over. Returns the release.
 */
export async function lockEmbeddedDatabase(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, 'pglite.pid');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      return () => rm(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    // Our own pid in a file we did not write: left by an earlier life of a container's pid 1.
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && alive(holder))
      throw new EmbeddedDatabaseInUseError(dataDir, holder);
    await rm(path, { force: true });
  }
  throw new Error(`cannot claim ${path}: other processes keep creating it`);
}
