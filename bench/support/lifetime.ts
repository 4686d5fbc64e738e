/**
 * What a bench must undo however it ends (servers, client processes, databases): run in reverse order
 * on a normal end and on SIGINT/SIGTERM (e.g. from `timeout`), so no process or database is left behind.
 */
const cleanups: (() => Promise<unknown>)[] = [];
let installed = false;

async function runAll() {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((e) => console.error(e));
}

/** Registers `cleanup`; the returned function runs it now (once) instead of at exit. */
export function atExit(cleanup: () => Promise<unknown>): () => Promise<void> {
  if (!installed) {
    installed = true;
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, () => void runAll().finally(() => process.exit(130)));
  }
  cleanups.push(cleanup);
  return async () => {
    const at = cleanups.indexOf(cleanup);
    if (at < 0) return;
    cleanups.splice(at, 1);
    await cleanup();
  };
}
