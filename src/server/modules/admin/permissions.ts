import type { AppContext } from '../../context';
import { forbidden } from '../../http/problem';
import type { StaffPrincipal } from '../auth/sessions';
import { isUnitInSubtree } from './unit-tree';

export function requireAdmin(who: StaffPrincipal) {
  if (who.role !== 'admin') throw forbidden('Only an administrator may do this');
}

/** Admins manage everything; a lead manages their home unit and the units below it. */
export async function requireUnitManager(ctx: AppContext, who: StaffPrincipal, unitId: string) {
  if (who.role === 'admin') return;
  if (who.role === 'lead' && who.unitId) {
    if (await isUnitInSubtree(ctx.db, who.tenantId, who.unitId, unitId)) return;
  }
  throw forbidden('You may manage only your own units');
}
