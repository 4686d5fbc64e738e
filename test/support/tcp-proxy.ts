import { type AddressInfo, connect, createServer, type Socket } from 'node:net';

/**
 * A real network fault for browser tests: a TCP proxy on 127.0.0.1 between the browser and the test
 * server. cut() breaks every connection through it (as a dropped route or a restarting server
 * does) and then treats new ones as told: 'refuse' resets them at once (a server that is down),
 * 'blackhole' accepts them and never answers (a train tunnel, a dead route). restore() lets new
 * connections through again. Each connection attempt is counted, so a test can see a client retry.
 */
export type CutMode = 'refuse' | 'blackhole';

export interface TcpProxy {
  /** http://127.0.0.1:PORT: the origin the browser uses. */
  readonly url: string;
  /** Connection attempts seen so far, passed or not. */
  readonly attempts: number;
  cut(mode?: CutMode): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: CutMode | 'pass' = 'pass';
  let attempts = 0;
  /** Piped pairs (browser side first) and held blackholed sockets, so cut() and close() reach them. */
  const piped = new Set<[Socket, Socket]>();
  const held = new Set<Socket>();

  const server = createServer((client) => {
    attempts += 1;
    client.on('error', () => {});
    if (mode === 'refuse') {
      client.resetAndDestroy();
      return;
    }
    if (mode === 'blackhole') {
      client.pause(); // read nothing, answer nothing
      held.add(client);
      client.on('close', () => held.delete(client));
      return;
    }
    const upstream = connect(target.port, target.host);
    const pair: [Socket, Socket] = [client, upstream];
    piped.add(pair);
    upstream.on('error', () => client.destroy());
    const forget = () => {
      piped.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', forget);
    upstream.on('close', forget);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    get attempts() {
      return attempts;
    },
    cut(next: CutMode = 'refuse') {
      mode = next;
      // A reset, not a polite FIN: the browser learns at once, as it does when a route breaks.
      for (const [client, upstream] of piped) {
        client.resetAndDestroy();
        upstream.destroy();
      }
      piped.clear();
    },
    restore() {
      mode = 'pass';
    },
    async close() {
      for (const [client, upstream] of piped) {
        client.destroy();
        upstream.destroy();
      }
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
