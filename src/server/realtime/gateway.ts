import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import { type AppContext, clockDate } from '../context';
import { sendProblem } from '../http/problem';
import { staffCookie } from '../modules/auth/cookie';
import { serveConnection } from './connection';
import { watchLiveness } from './liveness';
import { createOfficeFanout } from './office-fanout';

/** The one WebSocket per tab, at /api/ws; only pages of our own origin may open it. */
export async function registerGateway(app: FastifyInstance, ctx: AppContext) {
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  const fanout = createOfficeFanout(
    ctx.db,
    ctx.bus,
    () => clockDate(ctx),
    (error) => app.log.warn({ err: error }, 'queue reload failed'),
  );
  const cookie = staffCookie(ctx.config);
  const stopLiveness = watchLiveness(app.websocketServer);
  await ctx.citizenConnections.start();
  app.addHook('onClose', async () => {
    stopLiveness();
    fanout.close();
    await ctx.citizenConnections.stop();
  });
  app.get(
    '/api/ws',
    {
      websocket: true,
      preValidation: async (request, reply) => {
        if (request.headers.origin !== ctx.config.publicUrl.origin) {
          return sendProblem(
            reply,
            403,
            'Forbidden',
            'WebSocket connections are accepted from this site only',
          );
        }
      },
    },
    (socket, request) =>
      serveConnection(socket, { ctx, fanout, staffToken: request.cookies[cookie.name], log: request.log }),
  );
}
