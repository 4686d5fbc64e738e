import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSX = join(ROOT, 'node_modules/.bin/tsx');

export interface ScriptRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `npm run <script>` as the operator runs it: a process of its own with the server's configuration in
 * `env`; the test process's DATABASE_URL and DATA_DIR never leak into it.
 */
export function runScript(script: string, args: string[], env: Record<string, string>, timeout = 240_000) {
  const { DATABASE_URL: _url, DATA_DIR: _dir, ...inherited } = process.env;
  return new Promise<ScriptRun>((resolve) => {
    execFile(
      TSX,
      [script, ...args],
      { cwd: ROOT, env: { ...inherited, LOG_LEVEL: 'silent', ...env }, timeout },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}
