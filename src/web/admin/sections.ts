import type { Role } from '../../shared/admin';
import type { AdminSection } from '../auth/permissions';

/** The admin sections in navigation order, with their paths below /admin; some only for some roles. */
export const ADMIN_SECTIONS: { section: AdminSection; path: string; roles?: Role[] }[] = [
  { section: 'units', path: 'units' },
  { section: 'services', path: 'services' },
  { section: 'offices', path: 'offices' },
  { section: 'staff', path: 'staff' },
  { section: 'settings', path: 'settings' },
  { section: 'outbox', path: 'outbox', roles: ['admin'] },
];

/** The sections a role sees in the navigation. */
export const sectionsFor = (role: Role | undefined) =>
  ADMIN_SECTIONS.filter((s) => !s.roles || (role !== undefined && s.roles.includes(role)));
