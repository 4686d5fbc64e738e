import { useAuth } from '../auth/context';
import { type AdminSection, canWrite } from '../auth/permissions';

export function useCanWrite(section: AdminSection): boolean {
  const { me } = useAuth();
  return me ? canWrite(me.role, section) : false;
}
