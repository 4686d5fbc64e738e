import type { Unit } from '../../shared/admin';
import { useAuth } from '../auth/context';
import type { AdminSection } from '../auth/permissions';
import { subtreeIds } from '../lib/unitTree';
import { useCanWrite } from './useCanWrite';

/** Which units the signed-in person may assign things to: all for admins, their subtree for leads. */
export function useUnitScope(section: AdminSection, units: Unit[] | undefined) {
  const { me } = useAuth();
  const canWrite = useCanWrite(section);
  const allowed =
    me?.role === 'lead' && units ? (me.unitId ? subtreeIds(units, me.unitId) : new Set<string>()) : undefined;
  return {
    canWrite,
    /** undefined means "every unit". */
    allowed,
    canManage: (unitId: string) => canWrite && (!allowed || allowed.has(unitId)),
  };
}
