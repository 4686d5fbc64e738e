import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  AUDIT_ANCHOR_JOB,
  anchorAuditChains,
  scheduleAuditAnchors,
} from '../../src/server/modules/audit/audit-anchors';
import {
  type AuditContent,
  CHAIN_KEYED_ACTION,
  deriveAuditKeys,
  auditHash as keyedHash,
  legacyAuditHash,
} from '../../src/server/modules/audit/audit-hash';
import { loadChain, verifyChain } from '../../src/server/modules/audit/audit-log';
import { describeEachDb } from '../support/each-db';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';

/** Anchor times are informative only; fixed, so nothing depends on the real date. */
const AT = new Date('2026-11-25T09:00:00Z');

describeEachDb('audit chain keyed with AUDIT_KEY and anchored outside the database', (kind) => {
  let server: TestServer;
  const dir = mkdtempSync(join(tmpdir(), 'amtsraum-audit-anchors-'));
  const anchorFile = join(dir, 'anchors.jsonl');
  beforeAll(async () => {
    server = await startTestServer(kind, {
      listen: true,
      env: { SECRETS_DIR: join(dir, 'secrets'), AUDIT_ANCHOR_FILE: anchorFile },
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const keys = () => deriveAuditKeys(server.ctx.config.secrets.configured.audit!);
  const verify = (admin: { cookie: string }) =>
    server.app.inject({ url: '/api/admin/audit/verify', headers: { cookie: admin.cookie } });

  /** As someone who owns the database: the guard off, the rows rewritten, the guard on again. */
  async function rewrite(
    tenant: TestTenant,
    fromSeq: number,
    edit: (c: AuditContent) => AuditContent,
    rehash: (prev: string, c: AuditContent) => string,
    untilSeq = Number.POSITIVE_INFINITY,
  ) {
    const chain = await loadChain(server.ctx.db, tenant.tenantId);
    await server.ctx.db.exec('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update');
    try {
      let prev = chain[fromSeq - 2]?.hash ?? '0'.repeat(64);
      for (const event of chain.slice(fromSeq - 1, untilSeq)) {
        const { prevHash: _p, hash: _h, ...content } = event;
        const changed = event.seq === fromSeq ? edit(content) : content;
        const hash = rehash(prev, changed);
        await server.ctx.db.query(
          `UPDATE audit_events SET details = $3, actor = $4, prev_hash = $5, hash = $6 WHERE tenant_id = $1 AND seq = $2`,
          [tenant.tenantId, event.seq, JSON.stringify(changed.details), changed.actor, prev, hash],
        );
        prev = hash;
      }
    } finally {
      await server.ctx.db.exec('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update');
    }
  }

  it('names an event edited and re-hashed with plain SHA-256, as anyone without the key would', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    await tenant.staff('agent');
    await tenant.staff('agent');
    await tenant.staff('lead');
    expect((await verify(admin)).json()).toEqual({ events: 4, broken: null });
    // Event 2 (a sign-in) now claims another actor; it and every later link recomputed, consistently.
    await rewrite(tenant, 2, (c) => ({ ...c, actor: 'staff:someone-else' }), legacyAuditHash);
    expect((await verify(admin)).json()).toEqual({ events: 4, broken: { seq: 2, problem: 'changed' } });
    const result = await verifyChain(server.ctx.db, tenant.tenantId);
    expect(result.broken).toMatchObject({ seq: 2, detail: expect.stringMatching(/without the audit key/) });
  });

  it('names the first event after the last agreeing anchor when history was rewritten with the key', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    await tenant.staff('agent');
    // Anchors: the recurring job's round (and the one at shutdown) write the heads that moved.
    await scheduleAuditAnchors(server.ctx.db);
    await server.ctx.jobs.runDue();
    const anchored = (await anchorAuditChains(server.ctx.db, AT)).filter((a) => a.tenant === tenant.tenantId);
    expect(anchored).toEqual([]);
    const lines = () =>
      readFileSync(anchorFile, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .filter((a) => a.tenant === tenant.tenantId);
    expect(lines()).toMatchObject([{ seq: 2 }]);
    const [job] = await server.ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM jobs WHERE kind = $1 AND done_at IS NULL',
      [AUDIT_ANCHOR_JOB],
    );
    expect(job!.n).toBe(1);
    await tenant.staff('agent');
    await tenant.staff('lead');
    expect((await anchorAuditChains(server.ctx.db, AT)).map((a) => a.seq)).toContain(4);
    expect(lines().map((a) => a.seq)).toEqual([2, 4]);
    expect(await verifyChain(server.ctx.db, tenant.tenantId)).toMatchObject({
      events: 4,
      broken: null,
      anchors: { agreeing: 2, anchoredUpTo: 4, forged: 0 },
    });

    // Someone with the key (stolen, or an insider) rewrites event 4 and re-hashes it: every HMAC holds,
    // but the anchor of event 4 outside the database disagrees; event 3 is the first after the last
    // agreeing anchor (event 2).
    await rewrite(
      tenant,
      4,
      (c) => ({ ...c, actor: 'staff:someone-else' }),
      (p, c) => keyedHash(keys(), p, c),
    );
    const result = await verifyChain(server.ctx.db, tenant.tenantId);
    expect(result.broken).toMatchObject({ seq: 3, problem: 'anchor-mismatch' });
    expect((await verify(admin)).json()).toEqual({ events: 4, broken: { seq: 3, problem: 'changed' } });

    // A forged anchor line (signed without the key) is no anchor, and is reported.
    appendFileSync(anchorFile, `${JSON.stringify({ ...lines()[1], hash: 'f'.repeat(64) })}\n`);
    expect((await verifyChain(server.ctx.db, tenant.tenantId)).anchors.forged).toBe(1);
  });

  it('seals a chain from before the key at start, and accepts it only as that prefix', async () => {
    const tenant = await createTestTenant(server);
    // Three events written as the version before the key wrote them (plain SHA-256).
    let prev = '0'.repeat(64);
    for (let seq = 1; seq <= 3; seq++) {
      const content: AuditContent = {
        tenantId: tenant.tenantId,
        seq,
        at: `2026-11-2${seq}T09:00:00.000Z`,
        actor: 'system',
        action: 'legacy.event',
        object: null,
        details: { n: seq },
      };
      const hash = legacyAuditHash(prev, content);
      await server.ctx.db.query(
        `INSERT INTO audit_events (tenant_id, seq, at, actor, action, object, details, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          tenant.tenantId,
          seq,
          content.at,
          content.actor,
          content.action,
          null,
          JSON.stringify(content.details),
          prev,
          hash,
        ],
      );
      prev = hash;
    }
    expect((await verifyChain(server.ctx.db, tenant.tenantId)).broken).toMatchObject({
      seq: 1,
      problem: 'changed',
    });
    await server.restart();
    const chain = await loadChain(server.ctx.db, tenant.tenantId);
    expect(chain.at(-1)).toMatchObject({ seq: 4, action: CHAIN_KEYED_ACTION, details: { legacyUpTo: 3 } });
    expect((await verifyChain(server.ctx.db, tenant.tenantId)).broken).toBeNull();
    // Another start seals nothing again.
    await server.restart();
    expect(await loadChain(server.ctx.db, tenant.tenantId)).toHaveLength(4);
    // The prefix is pinned by the keyed seal: a changed unkeyed event re-hashed up to the seal is found
    // (the unkeyed prefix as a whole is no longer vouched for, from its first event).
    await rewrite(tenant, 2, (c) => ({ ...c, details: { n: 99 } }), legacyAuditHash, 3);
    expect((await verifyChain(server.ctx.db, tenant.tenantId)).broken).toMatchObject({
      seq: 1,
      problem: 'changed',
    });
  });

  it.skipIf(kind !== 'postgres')(
    'npm run audit:verify prints the anchor disagreement and exits 1',
    async () => {
      const tenant = await createTestTenant(server, 'Ankerstadt');
      await tenant.staff('admin');
      await tenant.staff('agent');
      await anchorAuditChains(server.ctx.db, AT);
      const run = (env: Record<string, string> = {}) =>
        spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], {
          env: {
            PATH: process.env.PATH ?? '',
            DATABASE_URL: server.databaseUrl!,
            AUDIT_KEY: server.ctx.config.secrets.configured.audit!,
            AUDIT_ANCHOR_FILE: anchorFile,
            ...env,
          },
          encoding: 'utf8',
        });
      expect(run().stdout).toContain(`${tenant.slug}: 2 events, chain intact, anchored up to event 2`);
      await rewrite(
        tenant,
        1,
        (c) => ({ ...c, actor: 'staff:someone-else' }),
        (p, c) => keyedHash(keys(), p, c),
      );
      const broken = run();
      expect(broken.status).toBe(1);
      expect(broken.stdout).toContain(`${tenant.slug}: BROKEN at event 1 (anchor-mismatch) of 2`);
      // With another key every event fails its HMAC.
      const otherKey = run({ AUDIT_KEY: 'x'.repeat(48) });
      expect(otherKey.stdout).toContain(`${tenant.slug}: BROKEN at event 1 (changed) of 2`);
    },
  );
});
