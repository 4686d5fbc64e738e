import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/fields';
import {
  GuestInviteRequest,
  GuestJoinResult,
  GuestList,
  GuestParams,
  GuestSelf,
  GuestView,
} from '../../../shared/guests';
import type { AppContext } from '../../context';
import { HttpProblem } from '../../http/problem';
import { guestParticipant } from '../visits/participants';
import { VisitAuthHeaders } from '../visits/schema';
import { bearerToken } from './guest-session-token';
import { createGuestStore, findGuestBySession, liveOf, selfView } from './guests-store';
import { consultationGuard } from './participant-guard';

/**
 * /api/consultations/:id/guests — the agent of a live consultation invites guests by one-time links,
 * sees them and removes them. Only that agent: guests are part of how the call is run.
 */
export const guestRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const actorFor = consultationGuard(ctx);
  const guests = createGuestStore(ctx);
  const agentOf = async (request: FastifyRequest, id: string) => {
    const { actor, consultation } = await actorFor(request, id, ['agent']);
    const { visitId, officeId, endedAt } = consultation;
    return {
      staffId: actor.staff.id,
      consultation,
      live: endedAt ? undefined : { id, visitId, officeId, agentId: actor.staff.id },
    };
  };

  app.post(
    '/:id/guests',
    { schema: { params: IdParams, body: GuestInviteRequest, response: { 201: GuestView } } },
    async (request, reply) => {
      const { staffId, consultation } = await agentOf(request, request.params.id);
      const guest = await guests.invite(consultation, staffId, request.body.label);
      return reply.code(201).send(guest);
    },
  );

  app.get('/:id/guests', { schema: { params: IdParams, response: { 200: GuestList } } }, async (request) => {
    const { consultation } = await agentOf(request, request.params.id);
    return { guests: await guests.list(consultation) };
  });

  app.delete('/:id/guests/:guestId', { schema: { params: GuestParams } }, async (request, reply) => {
    const { staffId, consultation, live } = await agentOf(request, request.params.id);
    const { joined } = await guests.remove(consultation, request.params.guestId, staffId);
    if (joined && live) await ctx.visitEvents.leaveCall(live, guestParticipant(request.params.guestId));
    return reply.code(204).send();
  });
};

const bearer = (request: FastifyRequest) => bearerToken(request.headers.authorization);

/**
 * /api/public/guests/… — the guest's side, without an account: the link's token (from the URL fragment)
 * is redeemed once for a session token of this browser tab, which then says who the guest is.
 */
export const publicGuestRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const guests = createGuestStore(ctx);
  const headers = VisitAuthHeaders;
  const guestOf = async (request: FastifyRequest) => {
    const token = bearer(request);
    const guest = token ? await findGuestBySession(ctx.db, token) : undefined;
    if (!guest) throw new HttpProblem(401, 'Unauthorized', 'This guest link is not valid (any more)');
    return guest;
  };

  app.post('/guests/join', { schema: { headers, response: { 200: GuestJoinResult } } }, async (request) => {
    const token = bearer(request);
    if (!token) throw new HttpProblem(401, 'Unauthorized', 'This link is not valid');
    const { row, guestToken } = await guests.redeem(token);
    return { ...selfView(row), guestToken };
  });

  app.get('/guests/me', { schema: { headers, response: { 200: GuestSelf } } }, async (request) =>
    selfView(await guestOf(request)),
  );

  app.post('/guests/leave', { schema: { headers } }, async (request, reply) => {
    const guest = await guestOf(request);
    const live = liveOf(guest);
    if ((await guests.leave(guest)) && live)
      await ctx.visitEvents.leaveCall(live, guestParticipant(guest.id));
    return reply.code(204).send();
  });
};
