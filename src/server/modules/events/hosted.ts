import type { FastifyRequest } from 'fastify';
import { EVENT_MANAGER_ROLES } from '../../../shared/roles';
import type { AppContext } from '../../context';
import { principal } from '../auth/guard';
import { EventError } from './event-errors';

/**
 * The event of the signed-in staff member's authority (another authority's is not found), when they
 * host it; `managers`: administrators and leads may too (looking, never moderating).
 */
export async function hostedEvent(
  ctx: AppContext,
  request: FastifyRequest,
  eventId: string,
  { managers = false } = {},
) {
  const who = principal(request);
  const event = await ctx.events.store.get(who.tenantId, eventId);
  const manager = managers && (EVENT_MANAGER_ROLES as readonly string[]).includes(who.role);
  if (!manager && !event.hosts.some((h) => h.id === who.id)) throw new EventError('not-host');
  return { who, event };
}
