/**
 * Public events through Debian's Janus: what one Janus costs for an audience of N, and how long the
 * last citizen to join waits for the stage's first frame. A host page publishes camera and microphone
 * (Chromium's fake devices, through the app's host page); the audience are N watchers in one headless
 * page, each with its own seat, socket and peer connection, signalled exactly as the audience page does
 * (event.watch → Janus's offer relayed by the server → answer), but without a <video> element each, so
 * that the client machine's decoding does not stand in for the SFU's limit. Janus runs in its own
 * network namespace (test/support/janus.ts), the app in this process on PGlite.
 *
 *   npm run build && npx tsx bench/events.ts [sizes=25,50,100]
 *
 * For each N: the first N-1 watchers join together, then the last one alone; prints the last joiner's
 * time from event.watch to the first received video frame, Janus's CPU (% of one core, over 10 s with
 * all N receiving) and resident memory, and this process's and Chromium's CPU for scale. Figures only.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { launchChromium } from '../test/support/browser';
import { goOnStage, scheduleOpenEvent } from '../test/support/event-world';
import { startJanus } from '../test/support/janus';
import { createTestTenant, startTestServer } from '../test/support/server';
import { newPerson } from '../test/support/walk-in';
import { fmt } from './support/stats';

const NOW = Temporal.Instant.from('2027-03-10T17:50:00Z');
const SIZES = (process.argv[2] ?? '25,50,100').split(',').map(Number);
const STEADY_MS = 10_000;
const WEB_INDEX = fileURLToPath(new URL('../dist/web/index.html', import.meta.url));
if (!existsSync(WEB_INDEX)) {
  console.error(`dist/web is missing (${WEB_INDEX}): run "npm run build" first.`);
  process.exit(1);
}

/** CPU seconds (user + system) and resident memory of a process, from /proc. */
function usage(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return { cpuSeconds: ticks / 100, rssMb: Number(rss) / 1024 };
}
const pidsOf = (name: string) =>
  execFileSync('pgrep', ['-x', name], { encoding: 'utf8' }).trim().split('\n').map(Number);

/**
 * Adds one watcher in the page: its own socket with the seat's hello, event.watch, the relayed offer
 * answered, candidates both ways. Resolves with the ms from event.watch to the first received frame.
 */
function addWatcher(page: Page, eventId: string, audienceToken: string): Promise<number> {
  return page.evaluate(
    ({ eventId, audienceToken }) =>
      new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(`ws://${location.host}/api/ws`);
        const pc = new RTCPeerConnection();
        const send = (message: object) => socket.send(JSON.stringify(message));
        let asked = 0;
        pc.onicecandidate = ({ candidate }) =>
          send({
            type: 'event.candidate',
            eventId,
            media: 'watch',
            candidate: candidate
              ? {
                  candidate: candidate.candidate,
                  sdpMid: candidate.sdpMid,
                  sdpMLineIndex: candidate.sdpMLineIndex,
                  usernameFragment: candidate.usernameFragment,
                }
              : null,
          });
        socket.onopen = () => send({ type: 'hello', as: 'audience', audienceToken });
        socket.onmessage = async ({ data }) => {
          const message = JSON.parse(String(data));
          if (message.type === 'ready') {
            asked = performance.now();
            send({ type: 'event.watch', eventId });
          } else if (message.type === 'event.offer' && message.media === 'watch') {
            await pc.setRemoteDescription({ type: 'offer', sdp: message.sdp });
            await pc.setLocalDescription(await pc.createAnswer());
            send({ type: 'event.answer', eventId, media: 'watch', sdp: pc.localDescription?.sdp });
          } else if (message.type === 'event.candidate' && message.media === 'watch') {
            await pc.addIceCandidate(message.candidate ?? undefined).catch(() => {});
          } else if (message.type === 'error') {
            reject(new Error(JSON.stringify(message)));
          }
        };
        const poll = setInterval(async () => {
          let frames = 0;
          (await pc.getStats()).forEach(
            (report: { type: string; kind?: string; framesReceived?: number }) => {
              if (report.type === 'inbound-rtp' && report.kind === 'video')
                frames = report.framesReceived ?? 0;
            },
          );
          if (frames > 0 && asked > 0) {
            clearInterval(poll);
            resolve(performance.now() - asked);
          }
        }, 20);
        setTimeout(() => {
          clearInterval(poll);
          reject(new Error('no frame within 60 s'));
        }, 60_000);
      }),
    { eventId, audienceToken },
  );
}

const janus = await startJanus();
const server = await startTestServer('pglite', {
  listen: true,
  env: { JANUS_URL: janus.url, JANUS_API_SECRET: janus.apiSecret, JANUS_ADMIN_SECRET: janus.adminKey },
});
server.ctx.clock = () => NOW;
const browser = await launchChromium();
try {
  const tenant = await createTestTenant(server, 'Musterstadt');
  const admin = await tenant.staff('admin');
  const hostAccount = await tenant.staff('agent');
  const maxAudience = Math.max(...SIZES);
  const event = await scheduleOpenEvent(server, admin.cookie, {
    title: 'Infoabend',
    hostId: hostAccount.id,
    maxAudience,
    now: NOW,
  });
  await goOnStage(await newPerson(browser), server, event, hostAccount.cookie);

  const [janusPid] = pidsOf('janus');
  if (!janusPid) throw new Error('janus is not running');
  const seat = () => server.ctx.events.seats.admit(event.id, maxAudience, new Date(NOW.epochMilliseconds));
  console.log(`Janus with the host on stage, no audience: ${usage(janusPid).rssMb.toFixed(0)} MB resident`);

  for (const size of SIZES) {
    const audience = await browser.newPage();
    await audience.goto(`${server.baseUrl}/robots.txt`);
    // tsx keeps function names with a helper the page does not have.
    await audience.evaluate('globalThis.__name = (f) => f');
    const tokens = await Promise.all(Array.from({ length: size }, seat));
    await Promise.all(tokens.slice(0, -1).map((token) => addWatcher(audience, event.id, token)));
    const lastJoiner = await addWatcher(audience, event.id, tokens.at(-1)!);
    const before = { janus: usage(janusPid), self: process.cpuUsage() };
    await new Promise((resolve) => setTimeout(resolve, STEADY_MS));
    const after = { janus: usage(janusPid), self: process.cpuUsage(before.self) };
    const janusCpu = ((after.janus.cpuSeconds - before.janus.cpuSeconds) / (STEADY_MS / 1000)) * 100;
    const selfCpu = ((after.self.user + after.self.system) / 1000 / STEADY_MS) * 100;
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
    console.log(
      `N = ${size}: last joiner's first frame ${fmt(lastJoiner)}; Janus ${janusCpu.toFixed(0)} % of a core, ` +
        `${after.janus.rssMb.toFixed(0)} MB resident; app process ${selfCpu.toFixed(0)} %; load ${load}`,
    );
    await audience.close();
    // Janus notices the closed connections; give it a moment before the next size.
    await new Promise((resolve) => setTimeout(resolve, 3000));
  }
} finally {
  await browser.close();
  await server.close();
  await janus.stop();
}
