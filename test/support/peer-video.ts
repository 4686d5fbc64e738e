import type { Page } from 'playwright-core';

/**
 * Remote video per peer ("guest:<id>" …) over the page's calls, one connection each: of the video lines
 * that receive now (camera, and a shared screen while it is shared), the most frames decoded and the
 * biggest picture's size — a screen while one is shared, else the camera.
 */
export function videoByPeer(
  page: Page,
): Promise<Record<string, { frames: number; width: number; height: number }>> {
  return page.evaluate(async () => {
    type Call = { connections: ReadonlyMap<string, { pc: RTCPeerConnection }> };
    const calls = (globalThis as { __amtsraumCalls?: Set<Call> }).__amtsraumCalls ?? new Set<Call>();
    const seen: Record<string, { frames: number; width: number; height: number }> = {};
    for (const call of calls) {
      for (const [peer, { pc }] of call.connections) {
        // A stopped share's line keeps its last figures in the stats: only lines that receive now count.
        const live = new Set(
          pc
            .getTransceivers()
            .filter((t) => t.currentDirection === 'recvonly' || t.currentDirection === 'sendrecv')
            .map((t) => t.receiver.track.id),
        );
        const stats = await pc.getStats();
        const video = { frames: 0, width: 0, height: 0 };
        stats.forEach(
          (report: {
            type: string;
            kind?: string;
            trackIdentifier?: string;
            framesDecoded?: number;
            frameWidth?: number;
            frameHeight?: number;
          }) => {
            if (report.type !== 'inbound-rtp' || report.kind !== 'video') return;
            if (!live.has(report.trackIdentifier ?? '')) return;
            const { framesDecoded = 0, frameWidth = 0, frameHeight = 0 } = report;
            video.frames = Math.max(video.frames, framesDecoded);
            if (frameWidth * frameHeight > video.width * video.height) {
              Object.assign(video, { width: frameWidth, height: frameHeight });
            }
          },
        );
        seen[peer] = video;
      }
    }
    return seen;
  });
}

export async function framesByPeer(page: Page): Promise<Record<string, number>> {
  const seen = await videoByPeer(page);
  return Object.fromEntries(Object.entries(seen).map(([peer, video]) => [peer, video.frames]));
}

/** Per peer: the connection's states and its video transceivers, to tell a stuck negotiation from a slow machine. */
function connectionsOf(page: Page) {
  return page.evaluate(async () => {
    type Call = { connections: ReadonlyMap<string, { pc: RTCPeerConnection }> };
    const calls = (globalThis as { __amtsraumCalls?: Set<Call> }).__amtsraumCalls ?? new Set<Call>();
    const seen: Record<string, unknown> = {};
    for (const call of calls) {
      for (const [peer, { pc }] of call.connections) {
        const packets: number[] = [];
        (await pc.getStats()).forEach((report: { type: string; kind?: string; packetsReceived?: number }) => {
          if (report.type === 'inbound-rtp' && report.kind === 'video')
            packets.push(report.packetsReceived ?? 0);
        });
        seen[peer] = {
          connection: pc.connectionState,
          signaling: pc.signalingState,
          packets,
          video: pc
            .getTransceivers()
            .filter((t) => t.receiver.track.kind === 'video')
            .map((t) => `${t.direction}/${t.currentDirection}/${t.sender.track ? 'track' : 'none'}`),
        };
      }
    }
    return seen;
  });
}

/**
 * Waits until the page has exactly `peers` connections and decodes video on each of them, above what
 * `before` counted for that peer; returns the counts.
 */
export async function waitForFramesFromEach(
  page: Page,
  peers: number,
  before: Record<string, number> = {},
  timeoutMs = 45_000,
): Promise<Record<string, number>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const frames = await framesByPeer(page);
    const entries = Object.entries(frames);
    if (entries.length === peers && entries.every(([peer, n]) => n > (before[peer] ?? 0))) return frames;
    if (Date.now() > until) {
      throw new Error(
        `wanted frames from ${peers} peers above ${JSON.stringify(before)}: ${JSON.stringify(frames)}; ` +
          `connections: ${JSON.stringify(await connectionsOf(page))}`,
      );
    }
    await page.waitForTimeout(250);
  }
}
