import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { IntakeField } from '../../src/shared/admin';
import { PROOF_OF_WORK_HEADER } from '../../src/shared/proof-of-work';
import { startMain } from '../support/main-process';
import { solveProofOfWork } from '../support/proof-of-work';

/** Personal data the flows below send; none of it may reach the log. */
const CITIZEN = {
  name: 'Zora Protokollfrei',
  email: 'zora.protokollfrei@example.org',
  phone: '+49 170 5550123',
};
const SECRETS = ['Zora', 'Protokollfrei', 'protokollfrei@', '5550123'];

const answer = (field: IntakeField) => (field.type === 'checkbox' ? true : (field.options?.[0] ?? 'Angabe'));

const dataDir = mkdtempSync(join(tmpdir(), 'amtsraum-logs-'));
const server = startMain({ DATA_DIR: dataDir, LOG_LEVEL: 'info' });
afterAll(async () => {
  server.child.kill('SIGTERM');
  await server.exited;
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the server log', { timeout: 120_000 }, () => {
  it('is one JSON object per line and carries no names, e-mail addresses or phone numbers', async () => {
    const [, url] = await server.until(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
    const api = (path: string, init?: { method: string; body: unknown; headers?: Record<string, string> }) =>
      fetch(`${url}${path}`, {
        ...(init
          ? {
              method: init.method,
              headers: { 'content-type': 'application/json', ...init.headers },
              body: JSON.stringify(init.body),
            }
          : {}),
      });

    const { services } = await (await api('/api/public/tenants/musterstadt/services')).json();
    const service = services.find((s: { channel: string }) => s.channel !== 'on_site') ?? services[0];
    const base = `/api/public/tenants/musterstadt/services/${service.id}`;
    const { slots } = await (await api(`${base}/slots?days=30`)).json();
    const intake = Object.fromEntries(service.intakeFields.map((f: IntakeField) => [f.key, answer(f)]));
    const booking = { start: slots[0].start, ...CITIZEN, intake, consent: true };
    const proof = async () => ({
      [PROOF_OF_WORK_HEADER]: await solveProofOfWork(await (await api(`${base}/challenge`)).json()),
    });
    const booked = await api(`${base}/appointments`, {
      method: 'POST',
      body: booking,
      headers: await proof(),
    });
    expect(booked.status, await booked.clone().text()).toBe(201);
    // A malformed booking (400) and a failed sign-in with an address (401) are logged too.
    const malformed = { ...booking, email: `${CITIZEN.name} <${CITIZEN.email}`, phone: `${CITIZEN.phone}x` };
    const refused = await api(`${base}/appointments`, {
      method: 'POST',
      body: malformed,
      headers: await proof(),
    });
    expect(refused.status).toBe(400);
    const signIn = { email: CITIZEN.email, password: `${CITIZEN.name} 123` };
    expect((await api('/api/auth/login', { method: 'POST', body: signIn })).status).toBe(401);
    // The confirmation mail is written to the outbox by a job: its work is part of what is checked.
    await expect
      .poll(() => existsSync(join(dataDir, 'outbox')) && readdirSync(join(dataDir, 'outbox')).length, {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);

    const lines = server
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'));
    expect(lines.length).toBeGreaterThan(8);
    for (const line of lines) {
      const entry = JSON.parse(line);
      expect(entry).toMatchObject({
        level: expect.any(Number),
        time: expect.any(Number),
        msg: expect.any(String),
      });
      for (const secret of SECRETS) expect(line).not.toContain(secret);
    }
    // Requests are logged (method and path), so the check above looked at real traffic.
    expect(lines.some((line) => line.includes('/appointments'))).toBe(true);
    expect(lines.some((line) => line.includes('/api/auth/login'))).toBe(true);
  });
});
