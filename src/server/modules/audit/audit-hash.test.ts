import { describe, expect, it } from 'vitest';
import {
  type AuditContent,
  auditHash,
  CHAIN_KEYED_ACTION,
  deriveAuditKeys,
  firstBrokenLink,
  GENESIS,
  legacyAuditHash,
  type StoredAuditEvent,
} from './audit-hash';

const keys = deriveAuditKeys('k'.repeat(48));

/** A chain of n events, the first `legacy` of them hashed as before the key (plain SHA-256). */
function chain(n: number, legacy = 0): StoredAuditEvent[] {
  const events: StoredAuditEvent[] = [];
  let prev = GENESIS;
  for (let seq = 1; seq <= n; seq++) {
    const content: AuditContent = {
      tenantId: 't',
      seq,
      at: `2026-11-24T10:00:0${seq}.000Z`,
      actor: 'staff:a',
      action: legacy > 0 && seq === legacy + 1 ? CHAIN_KEYED_ACTION : 'auth.signed_in',
      object: null,
      details: legacy > 0 && seq === legacy + 1 ? { legacyUpTo: legacy } : { b: 1, a: [seq] },
    };
    const hash = seq <= legacy ? legacyAuditHash(prev, content) : auditHash(keys, prev, content);
    events.push({ ...content, prevHash: prev, hash });
    prev = hash;
  }
  return events;
}

describe('audit hash chain', () => {
  it('holds when nothing changed, and hashes independently of key order', () => {
    expect(firstBrokenLink(keys, chain(5))).toBeNull();
    const [first] = chain(1);
    const { prevHash: _p, hash, ...content } = first!;
    expect(auditHash(keys, GENESIS, { ...content, details: { a: [1], b: 1 } })).toBe(hash);
  });

  it('names the changed row, a removed row and a rewritten tail', () => {
    const changed = chain(5);
    changed[2] = { ...changed[2]!, action: 'auth.signed_out' };
    expect(firstBrokenLink(keys, changed)).toEqual({ seq: 3, problem: 'changed' });
    const removed = chain(5).filter((e) => e.seq !== 4);
    expect(firstBrokenLink(keys, removed)).toEqual({ seq: 5, problem: 'missing', expectedSeq: 4 });
    // Rehashing a changed row alone does not help: the next row still points at the old hash.
    const rehashed = chain(5);
    const { prevHash, hash: _h, ...content } = rehashed[1]!;
    const forged = { ...content, actor: 'staff:intruder' };
    rehashed[1] = { ...forged, prevHash, hash: auditHash(keys, prevHash, forged) };
    expect(firstBrokenLink(keys, rehashed)).toEqual({ seq: 3, problem: 'broken-link' });
  });

  it('finds a tail re-hashed without the key (plain SHA-256) and a chain hashed with another key', () => {
    const events = chain(5);
    let prev = events[1]!.hash;
    for (let i = 2; i < 5; i++) {
      const { prevHash: _p, hash: _h, ...content } = events[i]!;
      const edited = i === 2 ? { ...content, actor: 'staff:intruder' } : content;
      const hash = legacyAuditHash(prev, edited);
      events[i] = { ...edited, prevHash: prev, hash };
      prev = hash;
    }
    expect(firstBrokenLink(keys, events)).toMatchObject({ seq: 3, problem: 'changed' });
    expect(firstBrokenLink(deriveAuditKeys('x'.repeat(48)), chain(3))).toEqual({
      seq: 1,
      problem: 'changed',
    });
  });

  it('accepts events from before the key only as a prefix sealed by a keyed event', () => {
    expect(firstBrokenLink(keys, chain(6, 3))).toBeNull();
    // Unsealed: a chain rewritten entirely with plain SHA-256 (as an attacker without the key would).
    expect(firstBrokenLink(keys, chain(4, 4))).toMatchObject({ seq: 1, problem: 'changed' });
    // A changed event of the prefix, re-hashed with SHA-256 up to the seal: the seal pins the old head.
    const events = chain(6, 3);
    let prev = GENESIS;
    for (let i = 0; i < 3; i++) {
      const { prevHash: _p, hash: _h, ...content } = events[i]!;
      const edited = i === 1 ? { ...content, actor: 'staff:intruder' } : content;
      const hash = legacyAuditHash(prev, edited);
      events[i] = { ...edited, prevHash: prev, hash };
      prev = hash;
    }
    expect(firstBrokenLink(keys, events)).toMatchObject({ seq: 1, problem: 'changed' });
  });
});
