import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../../../shared/admin';
import type { AppContext } from '../../context';
import { forbidden, HttpProblem } from '../../http/problem';
import { staffCookie } from './cookie';
import type { StaffPrincipal } from './sessions';

declare module 'fastify' {
  interface FastifyRequest {
    staff: StaffPrincipal | null;
  }
}

/** A preHandler that lets through only signed-in staff, and of the given roles when named. */
export function requireStaff(ctx: AppContext, roles?: readonly Role[]) {
  const cookie = staffCookie(ctx.config);
  return async (request: FastifyRequest, _reply: FastifyReply) => {
    const token = request.cookies[cookie.name];
    const staff = token ? await ctx.sessions.resolve(token) : null;
    if (!staff) throw new HttpProblem(401, 'Unauthorized', 'Please sign in');
    if (roles && !roles.includes(staff.role)) throw forbidden();
    request.staff = staff;
  };
}

/** The principal set by requireStaff; calling it on an unguarded route is a programming error. */
export function principal(request: FastifyRequest): StaffPrincipal {
  if (!request.staff) throw new Error('route is missing requireStaff');
  return request.staff;
}
