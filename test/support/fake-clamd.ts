import { createServer, type Socket } from 'node:net';

/** How the fake answers: scan for the EICAR string, or misbehave as a broken or overloaded clamd would. */
export type FakeClamdMode = 'scan' | 'size-limit' | 'hang-up';

export interface FakeClamd {
  port: number;
  mode: FakeClamdMode;
  /** Each stream received in full: its bytes and the number of INSTREAM chunks they came in. */
  streams: { bytes: Buffer; chunks: number }[];
  close(): Promise<void>;
}

const COMMAND = Buffer.from('zINSTREAM\0');

/** The EICAR anti-virus test string, put together at run time so no scanner flags this source file. */
export const EICAR = ['X5O!P%@AP[4\\PZX54(P^)7CC)7}$', 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'].join('');

/**
 * A clamd speaking INSTREAM on 127.0.0.1 as clamav documents it: "zINSTREAM\0", then chunks each led by
 * its length (4 bytes, big-endian), a zero length to finish; the answer "stream: OK\0" or
 * "stream: <signature> FOUND\0", then it closes the connection.
 */
export async function startFakeClamd(): Promise<FakeClamd> {
  const fake: FakeClamd = { port: 0, mode: 'scan', streams: [], close: async () => {} };
  const serve = (socket: Socket) => {
    let pending = Buffer.alloc(0);
    let commandRead = false;
    const parts: Buffer[] = [];
    socket.on('error', () => {});
    socket.on('data', (data) => {
      pending = Buffer.concat([pending, data]);
      if (!commandRead) {
        if (pending.length < COMMAND.length) return;
        if (!pending.subarray(0, COMMAND.length).equals(COMMAND)) {
          socket.end('UNKNOWN COMMAND\0');
          return;
        }
        commandRead = true;
        pending = pending.subarray(COMMAND.length);
        if (fake.mode === 'hang-up') return void socket.destroy();
      }
      while (pending.length >= 4) {
        const length = pending.readUInt32BE(0);
        if (length === 0) return finish();
        if (pending.length < 4 + length) return;
        parts.push(pending.subarray(4, 4 + length));
        pending = pending.subarray(4 + length);
      }
    });
    const finish = () => {
      const bytes = Buffer.concat(parts);
      fake.streams.push({ bytes, chunks: parts.length });
      if (fake.mode === 'size-limit') return void socket.end('INSTREAM size limit exceeded. ERROR\0');
      const infected = bytes.includes(EICAR);
      socket.end(infected ? 'stream: Eicar-Test-Signature FOUND\0' : 'stream: OK\0');
    };
  };
  const server = createServer(serve);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('fake clamd did not listen');
  fake.port = address.port;
  fake.close = () => new Promise((resolve) => server.close(() => resolve()));
  return fake;
}

/** A local port nothing listens on: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
