import { createHash } from 'node:crypto';
import type { AuditVerification } from '../../../shared/audit';

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

/** Key order fixed at every depth, so the same content always hashes the same. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function auditHash(prevHash: string, content: AuditContent): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonical(content)).digest('hex');
}

export interface StoredAuditEvent extends AuditContent {
  prevHash: string;
  hash: string;
}

export type ChainProblem = NonNullable<AuditVerification['broken']>;

/** Walks one authority's chain in order and names the first row that does not hold. */
export function firstBrokenLink(events: readonly StoredAuditEvent[]): ChainProblem | null {
  let prev = GENESIS;
  let expectedSeq = 1;
  for (const event of events) {
    if (event.seq !== expectedSeq) return { seq: event.seq, problem: 'missing', expectedSeq };
    if (event.prevHash !== prev) return { seq: event.seq, problem: 'broken-link' };
    const { prevHash: _p, hash, ...content } = event;
    if (auditHash(prev, content) !== hash) return { seq: event.seq, problem: 'changed' };
    prev = hash;
    expectedSeq++;
  }
  return null;
}
