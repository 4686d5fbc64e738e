import { createHash, createHmac } from 'node:crypto';

export interface AuditContent {
  tenantId: string;
  seq: number;
  /** ISO 8601 with milliseconds, as stored. */
  at: string;
  actor: string;
  action: string;
  object: string | null;
  details: Record<string, unknown>;
}

/** The first link of every authority's chain points at this. */
export const GENESIS = '0'.repeat(64);

/**
 * Written once into every chain that began before events were keyed (plain SHA-256): it is itself keyed
 * and names the last unkeyed event, so the unkeyed prefix ends there and cannot be extended or
 * re-hashed without the key (its prev_hash pins the prefix's head).
 */
export const CHAIN_KEYED_ACTION = 'audit.chain_keyed';

/** Keys derived from AUDIT_KEY: one for the events' HMACs, one for the anchors' signatures. */
export interface AuditKeys {
  events: Buffer;
  anchors: Buffer;
}

export function deriveAuditKeys(secret: string): AuditKeys {
  const derive = (purpose: string) =>
    createHmac('sha256', secret).update(`amtsraum.audit:${purpose}`).digest();
  return { events: derive('events'), anchors: derive('anchors') };
}

/** Key order fixed at every depth, so the same content always hashes the same. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** An event's link: HMAC-SHA-256 with the audit key over the previous link and the content. */
export function auditHash(keys: AuditKeys, prevHash: string, content: AuditContent): string {
  return createHmac('sha256', keys.events)
    .update(prevHash)
    .update('\n')
    .update(canonical(content))
    .digest('hex');
}

/** How events were linked before the key (and how anyone without it can link them): plain SHA-256. */
export function legacyAuditHash(prevHash: string, content: AuditContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical(content)).digest('hex');
}

export interface StoredAuditEvent extends AuditContent {
  prevHash: string;
  hash: string;
}

/**
 * The first event that does not hold. `changed`: its hash is not the keyed hash of its content (changed,
 * or re-hashed by someone without the key); `anchor-mismatch`: the chain disagrees with a signed anchor
 * kept outside the database, and this is the first event after the last anchor that still agrees.
 */
export type ChainProblem =
  | { seq: number; problem: 'changed'; detail?: string }
  | { seq: number; problem: 'broken-link' }
  | { seq: number; problem: 'missing'; expectedSeq: number }
  | { seq: number; problem: 'anchor-mismatch'; detail: string };

/**
 * Walks one authority's chain in order and names the first row that does not hold. Events hashed
 * before the key are accepted only as a prefix sealed by a keyed CHAIN_KEYED_ACTION event; an unkeyed
 * event anywhere else is reported, as the first of an unsealed unkeyed run.
 */
export function firstBrokenLink(keys: AuditKeys, events: readonly StoredAuditEvent[]): ChainProblem | null {
  let prev = GENESIS;
  let expectedSeq = 1;
  let keyedSeen = false;
  /** The first of the unkeyed events read so far that no seal has covered yet. */
  let unsealedFrom: number | null = null;
  const unsealed = (): ChainProblem => ({
    seq: unsealedFrom!,
    problem: 'changed',
    detail: 'hashed without the audit key and not sealed as an event from before the key',
  });
  for (const event of events) {
    if (event.seq !== expectedSeq) {
      return unsealedFrom !== null ? unsealed() : { seq: event.seq, problem: 'missing', expectedSeq };
    }
    if (event.prevHash !== prev) {
      return unsealedFrom !== null ? unsealed() : { seq: event.seq, problem: 'broken-link' };
    }
    const { prevHash: _p, hash, ...content } = event;
    if (auditHash(keys, prev, content) === hash) {
      if (unsealedFrom !== null) {
        const seal = event.action === CHAIN_KEYED_ACTION && event.details.legacyUpTo === event.seq - 1;
        if (!seal) return unsealed();
        unsealedFrom = null;
      }
      keyedSeen = true;
    } else if (!keyedSeen && legacyAuditHash(prev, content) === hash) {
      unsealedFrom ??= event.seq;
    } else {
      if (unsealedFrom !== null) return unsealed();
      const rehashed = legacyAuditHash(prev, content) === hash;
      return rehashed
        ? { seq: event.seq, problem: 'changed', detail: 're-hashed without the audit key (plain SHA-256)' }
        : { seq: event.seq, problem: 'changed' };
    }
    prev = hash;
    expectedSeq++;
  }
  return unsealedFrom !== null ? unsealed() : null;
}
