import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Manifest } from '../../src/server/backup/manifest';
import { restoreBackup } from '../../src/server/backup/restore-backup';
import { takeBackup } from '../../src/server/backup/take-backup';
import { serviceRepository } from '../../src/server/modules/admin/services';
import { verifyChain } from '../../src/server/modules/audit/audit-log';
import { openTestDb } from '../support/db';
import { describeEachDb } from '../support/each-db';
import { citizenPost } from '../support/proof-of-work';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';
import { appNow, scratchDir, serveRestored } from './backup-fixtures';
import { serviceBody } from './fixtures';
import { agentFor, enter, openOffice } from './visits-fixtures';

const BOOKINGS = 16;
const ENTRIES = 24;
/** Finished bookings before the backup starts, so it falls in the middle of the traffic. */
const BEFORE_BACKUP = 4;

/** A table of a backup as objects by column name. */
async function records(dir: string, manifest: Manifest, table: string) {
  const entry = manifest.tables.find((t) => t.name === table)!;
  const lines = (await readFile(join(dir, entry.path), 'utf8')).split('\n').filter(Boolean);
  return lines.map((line) => {
    const values = JSON.parse(line) as (string | null)[];
    return Object.fromEntries(entry.columns.map((c, i) => [c, values[i]]));
  });
}

describeEachDb('a backup taken while citizens enter and book', (kind) => {
  let server: TestServer;
  let tenant: TestTenant;
  let backupDir: string;
  beforeAll(async () => {
    server = await startTestServer(kind);
    backupDir = await scratchDir('backup-live');
  });
  afterAll(async () => {
    await server.close();
    await rm(backupDir, { recursive: true, force: true });
  });

  it('holds each booking whole or not at all, and restores into a chain that verifies', {
    timeout: 120_000,
  }, async () => {
    tenant = await createTestTenant(server);
    const office = await openOffice(server, tenant, 'buergerbuero', BOOKINGS + ENTRIES);
    await agentFor(server, tenant, [office.id]);
    const service = await serviceRepository(server.ctx).create(tenant.tenantId, {
      ...serviceBody(tenant.unitId),
      durationMinutes: 30,
    });
    const base = `/api/public/tenants/${tenant.slug}`;
    const { slots } = (
      await server.app.inject({ url: `${base}/services/${service.id}/slots?days=21` })
    ).json() as {
      slots: { start: string }[];
    };
    // Starts an hour apart: the list offers overlapping starts, of which only one could be booked.
    const starts: string[] = [];
    for (const { start } of slots) {
      const last = starts.at(-1);
      if (!last || Date.parse(start) - Date.parse(last) >= 3_600_000) starts.push(start);
    }
    expect(starts.length).toBeGreaterThanOrEqual(BOOKINGS);

    let booked = 0;
    let bookedBefore = 0;
    let bookedAfter = 0;
    let backup: Promise<Manifest> | undefined;
    // Started right as the BEFORE_BACKUP-th booking is answered, while the others are still under way.
    const startBackup = () => {
      bookedBefore = booked;
      backup = takeBackup({
        db: server.ctx.db,
        dataDir: server.ctx.config.dataDir,
        target: backupDir,
        now: appNow(server),
      }).then((written) => {
        bookedAfter = booked;
        return written;
      });
    };
    await Promise.all([
      ...starts.slice(0, BOOKINGS).map(async (start, i) => {
        const answer = await citizenPost(server.app, `${base}/services/${service.id}/appointments`, {
          start,
          name: `Bürger ${i}`,
          email: `buerger${i}@example.org`,
          consent: true,
        });
        expect(answer.statusCode, answer.body).toBe(201);
        if (++booked === BEFORE_BACKUP) startBackup();
      }),
      ...Array.from({ length: ENTRIES }, (_, i) => enter(server, tenant.slug, office.slug, `Gast ${i}`)),
    ]);
    const manifest = await backup!;

    // In one transaction a booking writes its appointment and its audit event: both or neither.
    const appointments = (await records(backupDir, manifest, 'appointments')).filter(
      (a) => a.tenant_id === tenant.tenantId,
    );
    const bookedEvents = (await records(backupDir, manifest, 'audit_events')).filter(
      (e) => e.tenant_id === tenant.tenantId && e.action === 'appointment.booked',
    );
    const ids = appointments.map((a) => a.id).sort();
    expect(bookedEvents.map((e) => e.object!.replace('appointment:', '')).sort()).toEqual(ids);
    expect(ids.length).toBeGreaterThanOrEqual(bookedBefore);
    expect(ids.length).toBeLessThanOrEqual(bookedAfter);
    const visits = (await records(backupDir, manifest, 'visits')).filter(
      (v) => v.tenant_id === tenant.tenantId,
    );
    const [live] = await server.ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM visits WHERE tenant_id = $1',
      [tenant.tenantId],
    );
    expect(visits.length).toBeLessThanOrEqual(live!.n);
    console.log(
      `[${kind}] backup during traffic: ${ids.length} of ${BOOKINGS} bookings (${bookedBefore} done at its start, ` +
        `${bookedAfter} at its end), ${visits.length} of ${ENTRIES} walk-ins`,
    );

    // Every foreign key finds its row (the load checks them) and the audit chain is a whole prefix.
    const target = await openTestDb(kind, { bare: true });
    const dataDir = join(await scratchDir('restore-live'), 'data');
    try {
      await restoreBackup({ source: backupDir, db: target.db, dataDir });
      const restored = await serveRestored(target.db, dataDir, server);
      const chain = await verifyChain(restored.ctx.db, tenant.tenantId);
      await restored.app.close();
      expect(chain.broken).toBeNull();
      expect(chain.events).toBe(
        (await records(backupDir, manifest, 'audit_events')).filter((e) => e.tenant_id === tenant.tenantId)
          .length,
      );
    } finally {
      await target.dispose();
    }
  });
});
