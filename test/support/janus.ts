import { type ChildProcess, execFileSync, spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realClockEnv } from './real-clock-env';

/**
 * Debian's Janus (package `janus`) for media tests. Janus never offers loopback candidates, so it runs
 * in a network namespace of its own, joined to the root namespace by a veth pair: Janus's candidates
 * are the namespace end's address, which Chromium in the root namespace reaches over the other end.
 * Needs root (CI is root) for the namespace; Janus itself runs as nobody from a config in a temp dir.
 * Names are unique per test process; stop() (and the process's exit) removes everything.
 */
const JANUS_BINARY = process.env.JANUS_PATH ?? '/usr/bin/janus';
const JANUS_LIB = '/usr/lib/x86_64-linux-gnu/janus';
const WS_PORT = 8188;
const NOBODY = '65534';

export interface JanusServer {
  /** The WebSocket API as the root namespace reaches it, e.g. ws://10.77.3.2:8188. */
  url: string;
  apiSecret: string;
  adminKey: string;
  /** The root namespace's end of the veth pair (where a test's SIP phone sends from). */
  hostAddress: string;
  /** Janus's end: its ICE candidates, and its SIP plugin's signalling and media address. */
  janusAddress: string;
  /** Runs a command inside Janus's network namespace (e.g. `ss` to find a SIP port). */
  inside(...args: string[]): string;
  /** What Janus printed so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/** Why Janus cannot run here (not installed, not root), or undefined when it can. */
export function janusUnavailable(): string | undefined {
  // Janus prints its version for --version but exits with 1 ("Unknown option"): the output says it runs.
  const probe = spawnSync(JANUS_BINARY, ['--version'], { encoding: 'utf8' });
  if (probe.error || !probe.stdout.includes('Janus version')) {
    return `Debian's Janus ("${JANUS_BINARY}") is not installed: apt-get install -y janus janus-tools (.ci/run does this on CI)`;
  }
  if (process.getuid?.() !== 0)
    return 'Janus media tests need root for a network namespace (CI runs as root)';
  return undefined;
}

const run = (command: string, args: string[]) => execFileSync(command, args, { stdio: 'pipe' });
const quietly = (command: string, args: string[]) => spawnSync(command, args, { stdio: 'ignore' });

/**
 * The configuration: the VideoRoom plugin (and with `sip`, the SIP plugin on the namespace's address)
 * and the WebSocket transport, ICE on the namespace's end.
 */
function writeConfig(
  dir: string,
  names: { iface: string; apiSecret: string; adminKey: string; sipAddress: string | undefined },
) {
  const disabled = [
    'libjanus_audiobridge.so',
    'libjanus_duktape.so',
    'libjanus_echotest.so',
    'libjanus_lua.so',
  ]
    .concat(['libjanus_nosip.so', 'libjanus_recordplay.so', 'libjanus_streaming.so', 'libjanus_textroom.so'])
    .concat(['libjanus_videocall.so', 'libjanus_voicemail.so'])
    .concat(names.sipAddress ? [] : ['libjanus_sip.so']);
  const files: Record<string, string> = {
    'janus.jcfg': `general: {
  configs_folder = "${dir}"
  plugins_folder = "${JANUS_LIB}/plugins"
  transports_folder = "${JANUS_LIB}/transports"
  events_folder = "${JANUS_LIB}/events"
  loggers_folder = "${JANUS_LIB}/loggers"
  debug_level = 4
  api_secret = "${names.apiSecret}"
  admin_secret = "${randomBytes(18).toString('base64url')}"
  protected_folders = ["/bin", "/boot", "/dev", "/etc", "/lib", "/lib64", "/proc", "/sbin", "/sys", "/usr", "/var"]
}
media: {
  rtp_port_range = "20000-20999"
}
nat: {
  ice_enforce_list = "${names.iface}"
  ice_lite = false
  ice_tcp = false
}
plugins: {
  disable = "${disabled.join(',')}"
}
transports: {
  disable = "libjanus_http.so,libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,libjanus_rabbitmq.so"
}
events: {
  broadcast = false
  disable = "libjanus_gelfevh.so,libjanus_mqttevh.so,libjanus_nanomsgevh.so,libjanus_rabbitmqevh.so,libjanus_sampleevh.so,libjanus_wsevh.so"
}
loggers: {
  disable = "libjanus_jsonlog.so"
}
`,
    'janus.transport.websockets.jcfg': `general: {
  json = "compact"
  ws = true
  ws_port = ${WS_PORT}
  wss = false
}
admin: {
  admin_ws = false
  admin_wss = false
}
`,
    'janus.plugin.videoroom.jcfg': `general: {
  admin_key = "${names.adminKey}"
  lock_rtp_forward = true
}
`,
  };
  if (names.sipAddress) {
    files['janus.plugin.sip.jcfg'] = `general: {
  local_ip = "${names.sipAddress}"
  sdp_ip = "${names.sipAddress}"
  local_media_ip = "${names.sipAddress}"
  rtp_port_range = "21000-21999"
  keepalive_interval = 0
}
`;
  }
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text, { mode: 0o644 });
  // Janus runs as nobody and must read its configuration.
  chmodSync(dir, 0o755);
}

/** Resolves once something accepts TCP connections at host:port; fails after timeoutMs or when `gone` says so. */
async function listening(host: string, port: number, gone: () => string | undefined, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const reason = gone();
    if (reason) throw new Error(reason);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > until) throw new Error(`Janus did not listen on ${host}:${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts Janus; `sip`: with its SIP plugin as well (issue 18's dial-in tests). */
export async function startJanus(options: { sip?: boolean } = {}): Promise<JanusServer> {
  const unavailable = janusUnavailable();
  if (unavailable) throw new Error(unavailable);
  // Interface names have at most 15 characters; the pid and a random tag keep parallel runs apart.
  const tag = `${process.pid.toString(36)}${randomBytes(2).toString('hex')}`.slice(-9);
  const namespace = `amtsraum-janus-${tag}`;
  const hostEnd = `jh${tag}`;
  const janusEnd = `jn${tag}`;
  // A /30 of its own in 10.77.0.0/16: .1 the root namespace's end, .2 Janus's.
  const block = randomInt(0, 16_384) * 4;
  const prefix = `10.77.${block >> 8}.${block & 255}`.split('.');
  const address = (last: number) => [...prefix.slice(0, 3), Number(prefix[3]) + last].join('.');
  const hostAddress = address(1);
  const janusAddress = address(2);
  const apiSecret = randomBytes(18).toString('base64url');
  const adminKey = randomBytes(18).toString('base64url');
  const dir = mkdtempSync(join(tmpdir(), 'amtsraum-janus-'));
  let child: ChildProcess | undefined;
  let output = '';
  const inside = (...args: string[]) => run('ip', ['netns', 'exec', namespace, ...args]);

  const cleanup = () => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    quietly('ip', ['link', 'del', hostEnd]);
    quietly('ip', ['netns', 'del', namespace]);
    rmSync(dir, { recursive: true, force: true });
  };
  // A test process that dies without stop() still takes its namespace and veth pair with it.
  process.once('exit', cleanup);

  try {
    run('ip', ['netns', 'add', namespace]);
    run('ip', ['link', 'add', hostEnd, 'type', 'veth', 'peer', 'name', janusEnd]);
    run('ip', ['link', 'set', janusEnd, 'netns', namespace]);
    run('ip', ['addr', 'add', `${hostAddress}/30`, 'dev', hostEnd]);
    run('ip', ['link', 'set', hostEnd, 'up']);
    inside('ip', 'addr', 'add', `${janusAddress}/30`, 'dev', janusEnd);
    inside('ip', 'link', 'set', janusEnd, 'up');
    inside('ip', 'link', 'set', 'lo', 'up');
    // A page without camera permission sends from the root namespace's default-route address only:
    // Janus answers every root-namespace address through the host end (nothing goes further).
    inside('ip', 'route', 'add', 'default', 'via', hostAddress);
    writeConfig(dir, {
      iface: janusEnd,
      apiSecret,
      adminKey,
      sipAddress: options.sip ? janusAddress : undefined,
    });
    child = spawn(
      'ip',
      [
        'netns',
        'exec',
        namespace,
        'setpriv',
        `--reuid=${NOBODY}`,
        `--regid=${NOBODY}`,
        '--clear-groups',
        JANUS_BINARY,
        '-C',
        join(dir, 'janus.jcfg'),
        '-F',
        dir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], env: realClockEnv() },
    );
    child.stdout?.on('data', (chunk) => (output += String(chunk)));
    child.stderr?.on('data', (chunk) => (output += String(chunk)));
    const exited = () =>
      child?.exitCode !== null ? `Janus exited (${child?.exitCode}):\n${output.slice(-3000)}` : undefined;
    await listening(janusAddress, WS_PORT, exited);
  } catch (error) {
    cleanup();
    process.removeListener('exit', cleanup);
    throw error;
  }

  return {
    url: `ws://${janusAddress}:${WS_PORT}`,
    apiSecret,
    adminKey,
    hostAddress,
    janusAddress,
    inside: (...args) => String(inside(...args)),
    log: () => output,
    async stop() {
      const running = child;
      if (running && running.exitCode === null) {
        const ended = new Promise((resolve) => running.once('exit', resolve));
        running.kill('SIGTERM');
        const timer = setTimeout(() => running.kill('SIGKILL'), 3_000);
        await ended;
        clearTimeout(timer);
      }
      cleanup();
      process.removeListener('exit', cleanup);
    },
  };
}
