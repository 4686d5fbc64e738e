import { randomInt, randomUUID } from 'node:crypto';
import type { SipSettings } from '../../config-sip';
import type { Db, Queryable } from '../../db/client';
import { conflict } from '../../http/problem';
import type { LinkTokens } from '../../security/link-tokens';
import { recordAudit } from '../audit/audit-log';

/** Nine digits: one in a billion per guess, with SIP_PIN_ATTEMPTS guesses per caller before a lock. */
export const PIN_DIGITS = 9;

export interface IssuedPin {
  number: string;
  pin: string;
  expiresAt: string;
}

export type PinOutcome =
  | { outcome: 'joined'; callId: string; tenantId: string; consultationId: string; callerHash: string }
  | { outcome: 'wrong'; locked: boolean }
  | { outcome: 'locked' };

/**
 * The caller part a tile may show: the last four digits of the number, nothing else. The number
 * itself is never stored; the SIP From user ("+4930123456", "030123456") is all we get of it.
 */
export const callerTail = (caller: string) => caller.replace(/\D/g, '').slice(-4);

/**
 * PINs of consultations and the lockout of callers who guess. Both the PIN and the caller number are
 * stored only as keyed hashes (HMAC with the link secret), so a copy of the database reveals neither.
 */
export function createDialInPins(deps: { db: Db; links: LinkTokens; sip: SipSettings; now: () => Date }) {
  const { db, links, sip, now } = deps;
  const pinHash = (pin: string) => links.hash('dial-in-pin', pin, 1);
  const callerHash = (caller: string) => links.hash('dial-in-caller', caller, 1);

  /** Counts a wrong PIN; says whether the caller is now locked out. */
  async function countWrong(tx: Queryable, hash: string, at: Date) {
    // Wrong PINs older than a lock period are forgotten: a caller who mistyped yesterday starts afresh.
    const since = new Date(at.getTime() - sip.lockMinutes * 60_000);
    const [row] = await tx.query<{ wrong: number }>(
      `INSERT INTO dial_in_callers (caller_hash, wrong_pins, last_wrong_at) VALUES ($1, 1, $2)
       ON CONFLICT (caller_hash) DO UPDATE SET
         wrong_pins = CASE WHEN dial_in_callers.last_wrong_at < $3 THEN 1 ELSE dial_in_callers.wrong_pins + 1 END,
         last_wrong_at = $2
       RETURNING wrong_pins AS wrong`,
      [hash, at, since],
    );
    if ((row?.wrong ?? 0) < sip.maxWrongPins) return false;
    await tx.query('UPDATE dial_in_callers SET locked_until = $2, wrong_pins = 0 WHERE caller_hash = $1', [
      hash,
      new Date(at.getTime() + sip.lockMinutes * 60_000),
    ]);
    return true;
  }

  return {
    /**
     * A new PIN for the agent's live consultation; it replaces the one issued before (whose callers
     * already in the call stay). Returned once: only its hash is kept.
     */
    async issue(consultation: { id: string; tenantId: string }, agentId: string): Promise<IssuedPin> {
      const issuedAt = now();
      const expiresAt = new Date(issuedAt.getTime() + sip.pinValidHours * 3_600_000);
      return db.transaction(async (tx) => {
        const [live] = await tx.query(
          'SELECT 1 FROM consultations WHERE id = $1 AND tenant_id = $2 AND ended_at IS NULL FOR UPDATE',
          [consultation.id, consultation.tenantId],
        );
        if (!live) throw conflict('This consultation has ended');
        await tx.query(
          'UPDATE dial_in_pins SET revoked_at = $2 WHERE consultation_id = $1 AND revoked_at IS NULL',
          [consultation.id, issuedAt],
        );
        const id = randomUUID();
        // A PIN names one consultation on the whole line: a clash with any PIN ever issued draws again.
        for (;;) {
          const pin = String(randomInt(0, 10 ** PIN_DIGITS)).padStart(PIN_DIGITS, '0');
          const [inserted] = await tx.query(
            `INSERT INTO dial_in_pins (id, tenant_id, consultation_id, pin_hash, issued_by, issued_at, expires_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (pin_hash) DO NOTHING RETURNING id`,
            [id, consultation.tenantId, consultation.id, pinHash(pin), agentId, issuedAt, expiresAt],
          );
          if (!inserted) continue;
          await recordAudit(tx, {
            tenantId: consultation.tenantId,
            actor: `staff:${agentId}`,
            action: 'dial-in.pin-issued',
            object: `consultation:${consultation.id}`,
            details: { expiresAt: expiresAt.toISOString() },
          });
          return { number: sip.dialInNumber, pin, expiresAt: expiresAt.toISOString() };
        }
      });
    },

    /**
     * A caller typed a PIN. A locked caller is refused without looking at the PIN; a wrong one counts
     * towards the lock; a valid one makes the caller a phone participant of that consultation (audited
     * with the caller's hash, never the number).
     */
    async redeem(caller: string, pin: string): Promise<PinOutcome> {
      const at = now();
      const hash = callerHash(caller);
      return db.transaction(async (tx) => {
        const [known] = await tx.query<{ lockedUntil: Date | null }>(
          'SELECT locked_until AS "lockedUntil" FROM dial_in_callers WHERE caller_hash = $1 FOR UPDATE',
          [hash],
        );
        if (known?.lockedUntil && known.lockedUntil > at) return { outcome: 'locked' };
        const [found] = await tx.query<{ tenantId: string; consultationId: string }>(
          `SELECT p.tenant_id AS "tenantId", p.consultation_id AS "consultationId"
             FROM dial_in_pins p JOIN consultations c ON c.id = p.consultation_id AND c.tenant_id = p.tenant_id
            WHERE p.pin_hash = $1 AND p.revoked_at IS NULL AND p.expires_at > $2 AND c.ended_at IS NULL`,
          [pinHash(pin), at],
        );
        if (!found || !/^\d+$/.test(pin)) return { outcome: 'wrong', locked: await countWrong(tx, hash, at) };
        await tx.query('DELETE FROM dial_in_callers WHERE caller_hash = $1', [hash]);
        const callId = randomUUID();
        await tx.query(
          `INSERT INTO dial_in_calls (id, tenant_id, consultation_id, caller_hash, caller_tail, joined_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [callId, found.tenantId, found.consultationId, hash, callerTail(caller), at],
        );
        await recordAudit(tx, {
          tenantId: found.tenantId,
          actor: `phone:${callId}`,
          action: 'dial-in.joined',
          object: `consultation:${found.consultationId}`,
          details: { callerHash: hash },
        });
        return { outcome: 'joined', callId, ...found, callerHash: hash };
      });
    },

    /** Whether a joined caller's consultation still runs (and the caller is still in it). */
    async isLive(callId: string) {
      const [row] = await db.query(
        `SELECT 1 FROM dial_in_calls d JOIN consultations c ON c.id = d.consultation_id AND c.tenant_id = d.tenant_id
          WHERE d.id = $1 AND d.left_at IS NULL AND c.ended_at IS NULL`,
        [callId],
      );
      return row !== undefined;
    },

    /** The phone callers now in the consultation, first joined first. */
    async liveCalls(consultation: { id: string; tenantId: string }) {
      const rows = await db.query<{ id: string; callerTail: string; joinedAt: Date }>(
        `SELECT id, caller_tail AS "callerTail", joined_at AS "joinedAt" FROM dial_in_calls
          WHERE consultation_id = $1 AND tenant_id = $2 AND left_at IS NULL ORDER BY joined_at, id`,
        [consultation.id, consultation.tenantId],
      );
      return rows.map((r) => ({ ...r, joinedAt: new Date(r.joinedAt).toISOString() }));
    },

    /** The phone participant left (hung up, was removed, or the consultation ended); audited once. */
    async leave(callId: string, reason: 'hung_up' | 'removed' | 'ended') {
      await db.transaction(async (tx) => {
        const [call] = await tx.query<{ tenantId: string; consultationId: string; callerHash: string }>(
          `UPDATE dial_in_calls SET left_at = $2, end_reason = $3 WHERE id = $1 AND left_at IS NULL
           RETURNING tenant_id AS "tenantId", consultation_id AS "consultationId", caller_hash AS "callerHash"`,
          [callId, now(), reason],
        );
        if (!call) return;
        await recordAudit(tx, {
          tenantId: call.tenantId,
          actor: `phone:${callId}`,
          action: 'dial-in.left',
          object: `consultation:${call.consultationId}`,
          details: { callerHash: call.callerHash, reason },
        });
      });
    },
  };
}
export type DialInPins = ReturnType<typeof createDialInPins>;
