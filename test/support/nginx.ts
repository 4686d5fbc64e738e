import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realClockEnv } from './real-clock-env';

const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
const SITE = new URL('../../deploy/nginx/amtsraum.conf', import.meta.url);

/** Whether Debian's nginx is installed (.ci/run installs it). */
export const nginxAvailable = () => spawnSync(NGINX, ['-v']).status === 0;

/** A free TCP port on 127.0.0.1 (closed again before it is returned). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/**
 * nginx in the foreground with deploy/nginx/amtsraum.conf as shipped, but listening on `port` and
 * proxying to `upstreams`; each response names the process that served it (X-Upstream), so a test can
 * tell which process holds which socket.
 */
export async function startNginx(port: number, upstreams: number[]) {
  const dir = mkdtempSync(join(tmpdir(), 'amtsraum-nginx-'));
  const site = readFileSync(SITE, 'utf8')
    .replace(/^\s*server 127\.0\.0\.1:\d+ .*\n/gm, '')
    .replace(
      /(upstream amtsraum \{\n)/,
      `$1${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=10s;\n`).join('')}`,
    )
    .replace(/listen 80;/, `listen 127.0.0.1:${port};\n    add_header X-Upstream $upstream_addr always;`);
  writeFileSync(join(dir, 'amtsraum.conf'), site);
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      // Run as root (CI), the workers would be www-data and could not use the temp directories here.
      process.getuid?.() === 0 ? 'user root;' : '',
      'daemon off;',
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      'events { worker_connections 4096; }',
      'http {',
      '  access_log off;',
      `  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;`,
      `  fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;`,
      `  include ${dir}/amtsraum.conf;`,
      '}',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(NGINX, ['-c', join(dir, 'nginx.conf'), '-p', dir], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: realClockEnv(),
  });
  let errors = '';
  child.stderr!.on('data', (d) => {
    errors += d;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Ready when it accepts connections (or it failed: its error log says why).
  const until = Date.now() + 10_000;
  for (;;) {
    const answered = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      () => true,
      () => false,
    );
    if (answered) break;
    if (child.exitCode !== null || Date.now() > until) {
      throw new Error(`nginx did not start: ${errors}${readFileSync(join(dir, 'error.log'), 'utf8')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
