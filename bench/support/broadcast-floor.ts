import WebSocket from 'ws';
import type { ClientWorkers } from './client-workers';
import { spawnServerScript } from './spawn-server';

/**
 * How long bare `ws` servers (as many processes as the app ran) take until each of `clients` sockets,
 * spread over them round-robin and held by the same client processes as the app's, received one message
 * of `size` bytes, per round: what the waiting room's fan-out cannot beat on this machine.
 */
export async function measureBroadcastFloor(
  workers: ClientWorkers,
  { clients, size, rounds, servers }: { clients: number; size: number; rounds: number; servers: number },
): Promise<number[]> {
  const started = await Promise.all(
    Array.from({ length: servers }, () =>
      spawnServerScript<{ url: string }>('bench/support/broadcast-floor-server.ts'),
    ),
  );
  const open = (url: string) =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => resolve(ws));
      ws.once('error', reject);
    });
  try {
    await workers.connect(
      Array.from({ length: clients }, (_, i) => ({ url: started[i % servers]!.info.url, group: 0 })),
    );
    // One control socket per server: each tells its own sockets, as each app process tells its own.
    const controls = await Promise.all(started.map((s) => open(s.info.url)));
    const times: number[] = [];
    for (let round = 0; round < rounds; round++)
      times.push(
        await workers.round(null, async () => {
          for (const control of controls) control.send(JSON.stringify({ size }));
        }),
      );
    for (const control of controls) control.terminate();
    await workers.disconnect();
    return times;
  } finally {
    await Promise.all(started.map((s) => s.stop()));
  }
}
