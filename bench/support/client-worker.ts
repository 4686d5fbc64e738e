/**
 * A client process of the fan-out benches (forked by client-workers.ts): holds thousands of WebSockets,
 * so no process comes near the 20,000 open files it may have. Citizen sockets say hello with their visit
 * token and follow their position; bare sockets (the floor) count whatever arrives. When armed for a
 * round, it reports `seen` once every socket of the group received what it waits for.
 */
import WebSocket from 'ws';
import type { ServerMessage } from '../../src/shared/realtime';
import type { SocketSpec, WorkerCommand, WorkerEvent } from './client-workers';

interface Client {
  spec: SocketSpec;
  ws: WebSocket;
  /** The position last told (citizens only). */
  position: number | null;
}

const clients: Client[] = [];
/** Per socket of the armed group, the position it waits for (null: any message). */
let expecting = new Map<Client, number | null>();
let round = 0;
/**
 * visit.state messages and their bytes; `skipped`: a position moved on by more than the round's call;
 * `calledOutOfTurn`: a citizen behind the first in line was called.
 */
const pushes = { count: 0, bytes: 0, skipped: 0, calledOutOfTurn: 0 };

const send = (event: WorkerEvent) => process.send!(event);
const seenOne = (client: Client) => {
  if (!expecting.delete(client)) return;
  if (expecting.size === 0) send({ type: 'seen', round });
};

function open(spec: SocketSpec): Promise<Client> {
  const client: Client = {
    spec,
    ws: new WebSocket(spec.url, spec.origin ? { headers: { origin: spec.origin } } : {}),
    position: null,
  };
  return new Promise((resolve, reject) => {
    client.ws.once('error', reject);
    client.ws.on('open', () => {
      if (!spec.visitToken) return resolve(client);
      client.ws.send(JSON.stringify({ type: 'hello', as: 'citizen', visitToken: spec.visitToken }));
    });
    client.ws.on('message', (raw) => {
      const text = String(raw);
      const message = JSON.parse(text) as ServerMessage; // as the app's clients do
      if (!spec.visitToken) return seenOne(client);
      if (message.type !== 'visit.state') return;
      pushes.count++;
      pushes.bytes += text.length;
      const first = client.position === null;
      client.position = message.visit.position;
      if (first) resolve(client);
      // A citizen ahead who left meanwhile moves it on by more than one.
      const expected = expecting.get(client);
      if (expected == null) return;
      // Called although not first in line (call-next skips a row locked at that moment): its new state.
      if (client.position === null) pushes.calledOutOfTurn++;
      else if (client.position < expected) pushes.skipped++;
      if (client.position === null || client.position <= expected) seenOne(client);
    });
  });
}

async function handle(command: WorkerCommand): Promise<unknown> {
  switch (command.type) {
    case 'connect':
      for (let start = 0; start < command.sockets.length; start += 250)
        clients.push(...(await Promise.all(command.sockets.slice(start, start + 250).map(open))));
      return clients.length;
    case 'arm': {
      round = command.round;
      const group = clients.filter((c) => command.group === null || c.spec.group === command.group);
      expecting = new Map(
        group.flatMap((c): [Client, number | null][] => {
          if (!c.spec.visitToken) return [[c, null]];
          return (c.position ?? 0) > 1 ? [[c, c.position! - 1]] : [];
        }),
      );
      if (expecting.size === 0) setImmediate(() => send({ type: 'seen', round: command.round }));
      return expecting.size;
    }
    case 'stats':
      return { ...pushes };
    case 'stuck':
      return [...expecting].slice(0, 5).map(([c, expected]) => ({
        url: c.spec.url,
        expected,
        position: c.position,
        open: c.ws.readyState === WebSocket.OPEN,
      }));
    case 'disconnect':
      for (const c of clients.splice(0)) c.ws.terminate();
      Object.assign(pushes, { count: 0, bytes: 0, skipped: 0, calledOutOfTurn: 0 });
      return 0;
  }
}

process.on('message', (command: WorkerCommand) => {
  handle(command).then(
    (result) => send({ type: 'reply', id: command.id, result }),
    (error: Error) => send({ type: 'reply', id: command.id, error: String(error.stack ?? error) }),
  );
});
// Gone with its bench, however the bench ended.
process.on('disconnect', () => process.exit(0));
