/**
 * Staff roles, without schemas: the header (on every citizen's first page too) asks which links a role
 * sees and must not load zod for it (the size budget caught that). shared/admin.ts builds its schema
 * from ROLES.
 */
export const ROLES = ['admin', 'lead', 'agent', 'reporting', 'privacy'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who serves offices and books for citizens; 'reporting' only reads (statistics, the authority's setup),
 * 'privacy' (the data-protection officer) answers citizens' data-protection requests.
 */
export const SERVING_ROLES = ['admin', 'lead', 'agent'] as const satisfies readonly Role[];
/** Who reads the statistics. */
export const STATISTICS_ROLES = ['admin', 'lead', 'reporting'] as const satisfies readonly Role[];
/** Who answers citizens' requests (access, rectification, erasure) and files the records of processing. */
export const DATA_PROTECTION_ROLES = ['admin', 'privacy'] as const satisfies readonly Role[];
/** Roles that serve no office: they are given none (a queue would show them citizens they do not serve). */
export const OFFICELESS_ROLES = ['reporting', 'privacy'] as const satisfies readonly Role[];

/** Where a role's work is, so signing in lands there: serving staff in the workspace, admins in administration. */
export function homePath(role: Role): string {
  switch (role) {
    case 'admin':
      return '/admin';
    case 'reporting':
      return '/admin/statistics';
    case 'privacy':
      return '/admin/data-protection';
    case 'lead':
    case 'agent':
      return '/staff';
  }
}

/** Who schedules, changes and cancels public events (hosts are any staff named in the event). */
export const EVENT_MANAGER_ROLES = ['admin', 'lead'] as const satisfies readonly Role[];
