/**
 * The floor of the waiting-room fan-out: a bare `ws` server in its own process, no application, no
 * database. A client's message `{ "size": n }` makes it send one message of n bytes to every other
 * client, as the app pushes one visit.state to every waiting citizen. Prints one JSON line once it listens.
 */
import { WebSocketServer } from 'ws';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
server.on('listening', () => {
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('not listening');
  console.log(JSON.stringify({ url: `ws://127.0.0.1:${address.port}` }));
});
server.on('connection', (socket) =>
  socket.on('message', (raw) => {
    const { size } = JSON.parse(String(raw)) as { size: number };
    const message = JSON.stringify({ pad: 'x'.repeat(Math.max(0, size - 10)) });
    for (const client of server.clients) if (client !== socket) client.send(message);
  }),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
