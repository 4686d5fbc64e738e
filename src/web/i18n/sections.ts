/**
 * The message sections the first page a citizen opens needs (page frame, the authority's office list,
 * error texts), loaded with the app; all others come with the first page that needs them
 * (loadAllMessages). A section missing here still shows: a missing text loads the rest (see index.ts).
 */
export const FIRST_PAGE_SECTIONS = [
  'app',
  'layout',
  'header',
  'language',
  'footer',
  'notFound',
  'common',
  'form',
  'problem',
  'citizen.tenant',
  'citizen.office',
  'citizen.wait',
] as const;

/**
 * The sections only staff pages show (sign-in, administration, the staff workspace's own pages): a
 * third part, fetched by staff pages alone, so a citizen's booking page does not carry the admin texts.
 */
export const STAFF_PAGE_SECTIONS = [
  'login',
  'admin',
  'roles',
  'settings',
  'adminEmbed',
  'adminIntegrations',
  'adminBookingRules',
  'outbox',
  'staff',
  'units',
  'offices',
  'specialDates',
  'localHolidays',
  'availability',
  'statistics',
  'dataProtection',
  'eventHost',
] as const;
