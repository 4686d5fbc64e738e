import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../context';
import { sendProblem } from '../http/problem';
import type { RateLimiter } from '../http/rate-limits/limiter';
import { sendTooMany } from '../http/rate-limits/too-many';
import { staffCookie } from '../modules/auth/cookie';
import { serveConnection } from './connection';
import { watchLiveness } from './liveness';
import { createSocketAdmission } from './socket-admission';

/**
 * The one WebSocket per tab, at /api/ws; only pages of our own origin may open it, and citizens' and
 * guests' sockets are limited per address (see socket-admission.ts).
 */
export async function registerGateway(app: FastifyInstance, ctx: AppContext, limiter: RateLimiter) {
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  const cookie = staffCookie(ctx.config);
  const stopLiveness = watchLiveness(app.websocketServer);
  const admission = createSocketAdmission(ctx, limiter, app.log);
  await ctx.citizenConnections.start();
  app.addHook('onClose', async () => {
    stopLiveness();
    admission.close();
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
        // Refused before the upgrade: a script sees 429, a browser a failed connect it retries with back-off.
        const refusal = await admission.admit(request);
        if (refusal) return sendTooMany(reply, refusal);
      },
    },
    (socket, request) =>
      serveConnection(socket, {
        ctx,
        staffToken: request.cookies[cookie.name],
        log: request.log,
        helloWait: admission.helloWait(request),
      }),
  );
}
