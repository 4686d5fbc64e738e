import type { Role } from '../../../shared/admin';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { hashToken, newToken } from '../../security/tokens';

/** The signed-in staff member a request acts for. */
export interface StaffPrincipal {
  id: string;
  tenantId: string;
  role: Role;
  unitId: string | null;
}

export function createSessionStore(db: Db, config: Pick<Config, 'sessionIdleMs' | 'sessionMaxMs'>) {
  return {
    async create(staffId: string): Promise<string> {
      const token = newToken();
      await db.query('INSERT INTO staff_sessions (token_hash, staff_id) VALUES ($1, $2)', [
        hashToken(token),
        staffId,
      ]);
      return token;
    },

    /** The principal of a live session, touching its idle timer; null when unknown, expired or disabled. */
    async resolve(token: string): Promise<StaffPrincipal | null> {
      const rows = await db.query<StaffPrincipal>(
        `UPDATE staff_sessions s SET last_seen_at = now()
           FROM staff a
          WHERE s.token_hash = $1 AND a.id = s.staff_id AND a.active
            AND s.last_seen_at > now() - make_interval(secs => $2::double precision / 1000)
            AND s.created_at > now() - make_interval(secs => $3::double precision / 1000)
        RETURNING a.id, a.tenant_id AS "tenantId", a.role, a.unit_id AS "unitId"`,
        [hashToken(token), config.sessionIdleMs, config.sessionMaxMs],
      );
      return rows[0] ?? null;
    },

    async end(token: string) {
      await db.query('DELETE FROM staff_sessions WHERE token_hash = $1', [hashToken(token)]);
    },

    /** Ends every session of one staff member (account disabled, password changed, admin action). */
    async endAllOf(staffId: string) {
      await db.query('DELETE FROM staff_sessions WHERE staff_id = $1', [staffId]);
    },
  };
}
export type SessionStore = ReturnType<typeof createSessionStore>;
