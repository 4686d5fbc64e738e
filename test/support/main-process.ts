import { spawn } from 'node:child_process';

/**
 * Runs src/server/main.ts as `npm start` does (without the web build), or another entry such as
 * test/support/clocked-main.ts, and collects its output.
 */
export function startMain(env: Record<string, string>, entry = 'src/server/main.ts') {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => {
    output += d;
  });
  child.stderr!.on('data', (d) => {
    output += d;
  });
  const until = (pattern: RegExp, timeoutMs = 90_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setInterval(() => {
        const match = output.match(pattern);
        if (match) {
          clearInterval(timer);
          resolve(match);
        }
      }, 50);
      setTimeout(() => {
        clearInterval(timer);
        reject(new Error(`timed out waiting for ${pattern}; output:\n${output}`));
      }, timeoutMs);
    });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, until, exited, output: () => output };
}
