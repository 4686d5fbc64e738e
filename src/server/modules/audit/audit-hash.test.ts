import { describe, expect, it } from 'vitest';
import { type AuditContent, auditHash, firstBrokenLink, GENESIS, type StoredAuditEvent } from './audit-hash';

function chain(n: number): StoredAuditEvent[] {
  const events: StoredAuditEvent[] = [];
  let prev = GENESIS;
  for (let seq = 1; seq <= n; seq++) {
    const content: AuditContent = {
      tenantId: 't',
      seq,
      at: `2026-11-24T10:00:0${seq}.000Z`,
      actor: 'staff:a',
      action: 'auth.signed_in',
      object: null,
      details: { b: 1, a: [seq] },
    };
    const hash = auditHash(prev, content);
    events.push({ ...content, prevHash: prev, hash });
    prev = hash;
  }
  return events;
}

describe('audit hash chain', () => {
  it('holds when nothing changed, and hashes independently of key order', () => {
    expect(firstBrokenLink(chain(5))).toBeNull();
    const [first] = chain(1);
    const { prevHash: _p, hash, ...content } = first!;
    expect(auditHash(GENESIS, { ...content, details: { a: [1], b: 1 } })).toBe(hash);
  });

  it('names the changed row, a removed row and a rewritten tail', () => {
    const changed = chain(5);
    changed[2] = { ...changed[2]!, action: 'auth.signed_out' };
    expect(firstBrokenLink(changed)).toEqual({ seq: 3, problem: 'changed' });
    const removed = chain(5).filter((e) => e.seq !== 4);
    expect(firstBrokenLink(removed)).toEqual({ seq: 5, problem: 'missing', expectedSeq: 4 });
    // Rehashing a changed row alone does not help: the next row still points at the old hash.
    const rehashed = chain(5);
    const { prevHash, hash: _h, ...content } = rehashed[1]!;
    const forged = { ...content, actor: 'staff:intruder' };
    rehashed[1] = { ...forged, prevHash, hash: auditHash(prevHash, forged) };
    expect(firstBrokenLink(rehashed)).toEqual({ seq: 3, problem: 'broken-link' });
  });
});
