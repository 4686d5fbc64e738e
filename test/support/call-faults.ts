import type { Page, WebSocketRoute } from 'playwright-core';
import type { Config } from '../../src/server/config';
import { startTurnServer, type Turn } from './coturn';
import { type Person, waitForFlowingVideo } from './walk-in';

/**
 * Real network faults for call tests and benchmarks: a coturn that can be stopped and started again on
 * the same address and secret (every relayed packet is dropped meanwhile), and a citizen's WebSocket cut
 * as a tunnel cuts it.
 */
export interface CuttableRelay {
  /** The ICE settings that send both browsers through this coturn (with forceRelay pages). */
  ice: Config['ice'];
  cut(): Promise<void>;
  restore(): Promise<void>;
  stop(): Promise<void>;
}

export async function startCuttableRelay(): Promise<CuttableRelay> {
  let turn: Turn = await startTurnServer();
  const { port, secret } = turn;
  return {
    ice: {
      stunUrls: [],
      turnUrls: [`turn:127.0.0.1:${port}?transport=udp`],
      turnSecret: secret,
      turnTtlSeconds: 600,
    },
    cut: () => turn.stop(),
    async restore() {
      turn = await startTurnServer({ port, secret });
    },
    stop: () => turn.stop(),
  };
}

/**
 * The page's WebSocket to the server as a tunnel sees it: while cut, nothing passes either way and new
 * connections are accepted by the "network" but answered by nobody (the page must notice by itself);
 * the server's end is closed, as its own liveness check would close it.
 */
export async function cuttableSocket(page: Page) {
  let cut = false;
  const live = new Set<() => void>();
  await page.routeWebSocket(/\/api\/ws$/, (ws: WebSocketRoute) => {
    if (cut) return;
    const server = ws.connectToServer();
    const closeServer = () => void server.close();
    live.add(closeServer);
    ws.onMessage((message) => {
      if (!cut) server.send(message);
    });
    server.onMessage((message) => {
      if (!cut) ws.send(message);
    });
    ws.onClose(() => {
      live.delete(closeServer);
      closeServer();
    });
    server.onClose(() => {
      live.delete(closeServer);
      if (!cut) void ws.close();
    });
  });
  return {
    cut() {
      cut = true;
      for (const close of live) close();
      live.clear();
    },
    restore() {
      cut = false;
    },
  };
}

/** How long after `restored` (epoch ms) remote video flows again on every page (ms). */
export async function recoveredAfter(restored: number, people: Person[], timeoutMs = 60_000) {
  const times = await Promise.all(
    people.map(async ({ page }) => {
      await waitForFlowingVideo(page, timeoutMs);
      return Date.now() - restored;
    }),
  );
  return Math.max(...times);
}
