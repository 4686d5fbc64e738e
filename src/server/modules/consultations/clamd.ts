import { connect } from 'node:net';

export interface ClamdTarget {
  host: string;
  port: number;
}

/** clamd's INSTREAM chunks; its StreamMaxLength (default 25 MB) limits the sum, not the chunk. */
const CHUNK_BYTES = 64 * 1024;

/**
 * Asks clamd whether the bytes are clean, by its INSTREAM command over TCP ("zINSTREAM\0", then chunks
 * each preceded by their length as 4 bytes big-endian, then a zero length). Resolves to null when clean
 * ("stream: OK"), to the signature name when infected ("stream: <name> FOUND"). Rejects when clamd
 * cannot be reached, answers nothing within `timeoutMs` of silence, or answers anything else (e.g.
 * "INSTREAM size limit exceeded. ERROR"), so the caller can refuse the file rather than pass it unscanned.
 */
export function clamScan(target: ClamdTarget, bytes: Buffer, timeoutMs = 30_000): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const socket = connect(target.port, target.host);
    const received: Buffer[] = [];
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      socket.destroy();
      fn();
    };
    // The "z" form ends the reply with a NUL; clamd closes the connection after it, but we need not wait.
    const answer = () => {
      const text = Buffer.concat(received).toString('utf8').split('\0')[0]!.trim();
      if (/^stream: OK$/.test(text)) return settle(() => resolve(null));
      const found = text.match(/^stream: (.+) FOUND$/)?.[1];
      if (found) return settle(() => resolve(found));
      settle(() => reject(new Error(`unexpected clamd answer: ${text.slice(0, 200)}`)));
    };
    socket.setTimeout(timeoutMs, () => settle(() => reject(new Error('clamd did not answer in time'))));
    socket.on('error', (error) => settle(() => reject(error)));
    socket.on('data', (chunk) => {
      received.push(chunk);
      if (chunk.includes(0)) answer();
    });
    socket.on('close', () =>
      received.length > 0 ? answer() : settle(() => reject(new Error('clamd closed without answer'))),
    );
    socket.on('connect', () => {
      socket.write('zINSTREAM\0');
      for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
        const chunk = bytes.subarray(at, at + CHUNK_BYTES);
        const length = Buffer.alloc(4);
        length.writeUInt32BE(chunk.length);
        socket.write(length);
        socket.write(chunk);
      }
      socket.write(Buffer.alloc(4));
    });
  });
}
