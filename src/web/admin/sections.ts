import type { Role } from '../../shared/admin';
import type { AdminSection } from '../auth/permissions';

/**
 * The admin sections in navigation order, with their paths below /admin; some only for some roles. A
 * section with a namespace keeps its texts below that top-level translation key.
 */
export const ADMIN_SECTIONS: {
  section: AdminSection;
  path: string;
  roles?: Role[];
  namespace?: 'adminIntegrations';
}[] = [
  { section: 'units', path: 'units' },
  { section: 'services', path: 'services' },
  { section: 'offices', path: 'offices' },
  { section: 'staff', path: 'staff', roles: ['admin', 'lead'] },
  { section: 'settings', path: 'settings' },
  { section: 'statistics', path: 'statistics', roles: ['admin', 'lead', 'reporting'] },
  { section: 'outbox', path: 'outbox', roles: ['admin'] },
  { section: 'apiKeys', path: 'api-keys', roles: ['admin'], namespace: 'adminIntegrations' },
  { section: 'webhooks', path: 'webhooks', roles: ['admin'], namespace: 'adminIntegrations' },
  { section: 'audit', path: 'audit', roles: ['admin'], namespace: 'adminIntegrations' },
  { section: 'dataProtection', path: 'data-protection', roles: ['admin', 'privacy'] },
  { section: 'apiDocs', path: 'api-docs', roles: ['admin'], namespace: 'adminIntegrations' },
];

const namespaceOf = (section: AdminSection) => ADMIN_SECTIONS.find((s) => s.section === section)?.namespace;

/** The translation key of a section's title or description (navigation, overview, page header). */
export const sectionTitleKey = (section: AdminSection, text: 'title' | 'description') =>
  `${namespaceOf(section) ?? 'admin'}.sections.${section}.${text}`;

/** Where a section's own page texts (list heading, form texts) live: "staff", "adminIntegrations.apiKeys". */
export const sectionTextsKey = (section: AdminSection) => {
  const namespace = namespaceOf(section);
  return namespace ? `${namespace}.${section}` : section;
};

/** The sections a role sees in the navigation. */
export const sectionsFor = (role: Role | undefined) =>
  ADMIN_SECTIONS.filter((s) => !s.roles || (role !== undefined && s.roles.includes(role)));
