import { expect } from 'vitest';
import type { GuestJoinResult, GuestView } from '../../src/shared/guests';
import { connectSocket } from '../support/realtime';
import type { TestServer } from '../support/server';
import { authHeaders, type CallScene, type Who } from './consultation-fixtures';

/**
 * Guests of a consultation in API tests: the agent's invitations, the guest's public routes and the
 * sockets of everyone in the call. `server` is read at each call (test files start it in beforeAll).
 */
export function guestFixtures(server: () => TestServer) {
  const guestsApi = (
    who: Who,
    method: 'GET' | 'POST' | 'DELETE',
    consultationId: string,
    path = '',
    body?: object,
  ) =>
    server().app.inject({
      method,
      url: `/api/consultations/${consultationId}/guests${path}`,
      headers: authHeaders(who),
      ...(body ? { payload: body } : {}),
    });
  const publicApi = (method: 'GET' | 'POST', path: string, token?: string) =>
    server().app.inject({
      method,
      url: `/api/public/guests/${path}`,
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
  const invite = async (scene: CallScene, label = '') => {
    const response = await guestsApi({ cookie: scene.agent.cookie }, 'POST', scene.consultationId, '', {
      label,
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as GuestView;
  };
  const linkTokenOf = (guest: GuestView) => guest.url!.split('#')[1]!;
  const redeem = async (guest: GuestView) => {
    const response = await publicApi('POST', 'join', linkTokenOf(guest));
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as GuestJoinResult;
  };
  /** The agent's and the citizen's sockets, both in the scene's call. */
  const sockets = async (scene: CallScene) => {
    const agent = await connectSocket(server().baseUrl, { cookie: scene.agent.cookie });
    agent.send({ type: 'hello', as: 'staff' });
    await agent.next('ready');
    const agentStart = await agent.next('call.start');
    const citizen = await connectSocket(server().baseUrl);
    citizen.send({ type: 'hello', as: 'citizen', visitToken: scene.citizen.token });
    await citizen.next('call.start');
    // The citizen's page came after the call began: the agent connects to it afresh.
    await agent.next('call.peer-joined', (m) => m.peer.id === `citizen:${scene.citizen.visitId}`);
    return { agent, citizen, agentStart };
  };
  const guestSocket = async (guestToken: string) => {
    const socket = await connectSocket(server().baseUrl);
    socket.send({ type: 'hello', as: 'guest', guestToken });
    await socket.next('ready');
    return socket;
  };
  return { guestsApi, publicApi, invite, linkTokenOf, redeem, sockets, guestSocket };
}
