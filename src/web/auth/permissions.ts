import type { Role } from '../../shared/admin';

export type AdminSection =
  | 'units'
  | 'services'
  | 'offices'
  | 'staff'
  | 'settings'
  | 'outbox'
  | 'apiKeys'
  | 'webhooks'
  | 'audit'
  | 'apiDocs'
  | 'statistics'
  | 'dataProtection';

/** Mirrors the server's rules: admins write everything, leads services and offices of their units. */
export function canWrite(role: Role, section: AdminSection): boolean {
  if (role === 'admin') return true;
  if (role === 'lead') return section === 'services' || section === 'offices';
  return false;
}
