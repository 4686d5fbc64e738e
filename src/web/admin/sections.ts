import type { AdminSection } from '../auth/permissions';

/** The admin sections in navigation order, with their paths below /admin. */
export const ADMIN_SECTIONS: { section: AdminSection; path: string }[] = [
  { section: 'units', path: 'units' },
  { section: 'services', path: 'services' },
  { section: 'offices', path: 'offices' },
  { section: 'staff', path: 'staff' },
  { section: 'settings', path: 'settings' },
];
