import type { Role } from '../../../shared/admin';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { channels, type EventBus } from '../../realtime/bus';
import { hashToken, newToken } from '../../security/tokens';

/** The signed-in staff member a request acts for. */
export interface StaffPrincipal {
  id: string;
  tenantId: string;
  role: Role;
  unitId: string | null;
}

/**
 * Staff sessions in the database. Every end is also published on the bus, so the sockets of that
 * session (or staff member) close at once on every server process, not at their next re-check.
 */
export function createSessionStore(
  db: Db,
  config: Pick<Config, 'sessionIdleMs' | 'sessionMaxMs'>,
  bus: EventBus,
) {
  const ended = (staffId: string, tokenHash: string | null) =>
    bus.publish(channels.staffSessions(staffId), { kind: 'session.ended', tokenHash });
  return {
    /** A new session; `sso`: the identity provider's session and ID token it came from. */
    async create(staffId: string, sso?: { sid: string | undefined; idToken: string }): Promise<string> {
      const token = newToken();
      await db.query(
        'INSERT INTO staff_sessions (token_hash, staff_id, oidc_sid, oidc_id_token) VALUES ($1, $2, $3, $4)',
        [hashToken(token), staffId, sso?.sid ?? null, sso?.idToken ?? null],
      );
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

    /**
     * How long a live session lasts at most from now, by the database's clock (idle or absolute end,
     * whichever comes first); null when it is gone, over or its account disabled. Touches nothing, so an
     * open socket re-checking its session does not keep it alive on its own.
     */
    async remainingMs(token: string): Promise<number | null> {
      const [row] = await db.query<{ remainingMs: number }>(
        `SELECT extract(epoch FROM least(
                  s.last_seen_at + make_interval(secs => $2::double precision / 1000),
                  s.created_at + make_interval(secs => $3::double precision / 1000)) - now()
                ) * 1000 AS "remainingMs"
           FROM staff_sessions s JOIN staff a ON a.id = s.staff_id
          WHERE s.token_hash = $1 AND a.active`,
        [hashToken(token), config.sessionIdleMs, config.sessionMaxMs],
      );
      const remaining = row === undefined ? null : Number(row.remainingMs);
      return remaining !== null && remaining > 0 ? remaining : null;
    },

    /** Ends the session; returns the provider's ID token when it came from single sign-on. */
    async end(token: string): Promise<{ idToken: string | null } | undefined> {
      const tokenHash = hashToken(token);
      const rows = await db.query<{ staffId: string; idToken: string | null }>(
        'DELETE FROM staff_sessions WHERE token_hash = $1 RETURNING staff_id AS "staffId", oidc_id_token AS "idToken"',
        [tokenHash],
      );
      for (const { staffId } of rows) await ended(staffId, tokenHash);
      return rows[0] ? { idToken: rows[0].idToken } : undefined;
    },

    /**
     * The identity provider ended its session (back-channel logout): every session of the authority that
     * came from it ends; without a session id, every provider session of the person (its subject).
     */
    async endProviderSession(tenantId: string, logout: { sid?: string; subject?: string }) {
      const rows = await db.query<{ staffId: string; tokenHash: string }>(
        `DELETE FROM staff_sessions s USING staff a
          WHERE a.id = s.staff_id AND a.tenant_id = $1 AND s.oidc_id_token IS NOT NULL
            AND ($2::text IS NULL OR s.oidc_sid = $2) AND ($3::text IS NULL OR a.oidc_subject = $3)
        RETURNING s.staff_id AS "staffId", s.token_hash AS "tokenHash"`,
        [tenantId, logout.sid ?? null, logout.subject ?? null],
      );
      for (const { staffId, tokenHash } of rows) await ended(staffId, tokenHash);
      return rows.length;
    },

    /** Ends every session of one staff member (account disabled, password changed, admin action). */
    async endAllOf(staffId: string) {
      await db.query('DELETE FROM staff_sessions WHERE staff_id = $1', [staffId]);
      // Published even when no row was left: a socket may outlive its row (expired, swept by retention).
      await ended(staffId, null);
    },
  };
}
export type SessionStore = ReturnType<typeof createSessionStore>;
