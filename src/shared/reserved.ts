/**
 * First path segments the app keeps for itself. Citizen pages live at /:tenantSlug, so tenant slugs
 * must never take one of these.
 */
export const RESERVED_SEGMENTS = [
  'login',
  'admin',
  'staff',
  'barrierefreiheit',
  'api',
  'api-docs',
  'assets',
] as const;

/** Second path segments below /:tenantSlug that the app keeps: no virtual office may take them as slug. */
export const RESERVED_OFFICE_SEGMENTS = [
  'termin',
  'termine',
  'einladung',
  'gast',
  'einbetten',
  'veranstaltungen',
] as const;
