import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRecordingList } from '../../src/shared/event-recordings';
import { goOnStage, type JanusWorld, openEventWithHost, startJanusWorld } from '../support/event-world';
import { janusUnavailable } from '../support/janus';
import type { TestServer } from '../support/server';
import { expectNoAxeViolations, expectNoErrorsThenClose, newPerson, type Person } from '../support/walk-in';

const NOW = Temporal.Instant.from('2027-03-10T17:50:00Z');
const PP_REC = '/usr/bin/janus-pp-rec';
const EVENT = { tenantName: 'Aufnahmestadt', title: 'Infoabend mit Aufzeichnung', maxAudience: 10, now: NOW };
/** The stage is recorded at least this long (the two turns on the floor may take longer); the video lasts as long as measured. */
const RECORDED_MS = 6_000;
/** Janus starts writing when the host's socket hears of the start (and the first keyframe comes). */
const TOLERANCE_MS = 1_500;

const unavailable =
  janusUnavailable() ??
  (existsSync(PP_REC)
    ? undefined
    : `${PP_REC} is missing: apt-get install -y janus-tools (.ci/run does this)`);
if (unavailable) console.warn(`event-recording.e2e.test.ts is skipped: ${unavailable}`);

const RECORDING_ON = /Aufzeichnung läuft/;
const RECORDING_OFF = 'Die Aufzeichnung ist beendet.';

/** A citizen of the audience: the event's page, Zuschauen, until the stage plays. */
async function watch(citizen: Person, server: TestServer, tenantSlug: string, eventId: string) {
  await citizen.page.goto(`${server.baseUrl}/${tenantSlug}/veranstaltungen/${eventId}`);
  await citizen.page.getByRole('button', { name: 'Zuschauen' }).click();
  await citizen.page
    .getByRole('status')
    .getByText('Sie sehen und hören die Gastgeber live.')
    .waitFor({ timeout: 30_000 });
}

/** A citizen raises a hand with a name, the host gives the floor; the consent question comes first. */
async function takeTheFloor(citizen: Page, host: Page, name: string, consent: 'Ja' | 'Nein') {
  await citizen.getByLabel('Ihr Name').fill(name);
  await citizen.getByRole('button', { name: 'Melden' }).click();
  await host.getByRole('button', { name: `${name} das Wort erteilen` }).click();
  await citizen.getByText(/Darf Ihr Wortbeitrag mit aufgezeichnet werden/).waitFor({ timeout: 15_000 });
  await citizen
    .getByRole('button', {
      name: consent === 'Ja' ? 'Ja, mit Aufzeichnung sprechen' : 'Nein, ohne Aufzeichnung sprechen',
    })
    .click();
  await citizen
    .getByRole('status')
    .getByText('Sie haben das Wort: alle hören Sie jetzt.')
    .waitFor({ timeout: 15_000 });
  // Long enough for Janus to write the voice (when it records it).
  await citizen.waitForTimeout(1_500);
  await host.getByRole('button', { name: `${name} das Wort entziehen` }).click();
  await citizen.getByRole('button', { name: 'Melden' }).waitFor();
}

describe.skipIf(unavailable !== undefined)("recording an information session through Debian's Janus", () => {
  let world: JanusWorld;
  let server: TestServer;
  let browser: Browser;
  let recordingDir = '';
  beforeAll(async () => {
    // Janus runs as nobody and writes here; the test (root) reads what it wrote.
    recordingDir = mkdtempSync(join(tmpdir(), 'amtsraum-janus-rec-'));
    chmodSync(recordingDir, 0o777);
    world = await startJanusWorld(NOW, { JANUS_RECORDING_DIR: recordingDir, JANUS_PP_REC_PATH: PP_REC });
    ({ server, browser } = world);
  }, 60_000);
  afterAll(async () => {
    await world?.close();
    if (recordingDir) rmSync(recordingDir, { recursive: true, force: true });
  });

  it('the host records the stage; everyone sees it; a citizen who declines is not recorded, one who agrees is; the files are converted, last as long as recorded and are offered for download', async () => {
    const { tenant, hostAccount, event } = await openEventWithHost(server, EVENT);
    const host = await newPerson(browser);
    await goOnStage(host, server, event, hostAccount.cookie);
    const audience = [await newPerson(browser), await newPerson(browser)];
    for (const citizen of audience) await watch(citizen, server, tenant.slug, event.id);
    const [declining, agreeing] = audience.map((c) => c.page) as [Page, Page];

    await host.page.getByRole('button', { name: 'Aufzeichnung starten' }).click();
    const started = performance.now();
    for (const page of [host.page, declining, agreeing])
      await page.getByRole('status').filter({ hasText: RECORDING_ON }).waitFor({ timeout: 10_000 });
    await expectNoAxeViolations(declining, 'audience page while recording');
    await expectNoAxeViolations(host.page, 'host page while recording');

    await takeTheFloor(declining, host.page, 'Dora', 'Nein');
    await takeTheFloor(agreeing, host.page, 'Anna', 'Ja');
    await host.page.waitForTimeout(Math.max(0, RECORDED_MS - (performance.now() - started)));
    await host.page.getByRole('button', { name: 'Aufzeichnung beenden' }).click();
    const recordedMs = performance.now() - started;
    for (const page of [host.page, declining, agreeing])
      await page.getByRole('status').getByText(RECORDING_OFF).waitFor({ timeout: 10_000 });

    // The conversion job (the test runs the job queue itself) turns Janus's files into webm and opus.
    const list = async () => {
      await server.ctx.jobs.runDue();
      const listed = await server.app.inject({
        method: 'GET',
        url: `/api/staff/events/${event.id}/recordings`,
        headers: { cookie: hostAccount.cookie },
      });
      return listed.json<EventRecordingList>().recordings;
    };
    await expect
      .poll(async () => (await list())[0]?.status, { timeout: 60_000, interval: 500, message: 'conversion' })
      .toBe('ready')
      .catch(async (error: unknown) => {
        const [job] = await server.ctx.db.query<{ error: string | null }>(
          `SELECT last_error AS error FROM jobs WHERE kind = 'event.recording.convert'`,
        );
        throw new Error(`${String(error)}; the job said: ${job?.error}`);
      });
    const [recording] = await list();
    const files = recording?.files ?? [];
    expect(files.map((f) => `${f.place} ${f.media}`).sort()).toEqual([
      'floor audio',
      'stage audio',
      'stage video',
    ]);
    const video = files.find((f) => f.media === 'video');
    expect(
      Math.abs((video?.durationMs ?? 0) - recordedMs),
      `video ${video?.durationMs} ms, recorded ${recordedMs} ms`,
    ).toBeLessThan(TOLERANCE_MS);
    // Only Anna, who agreed, spoke while recorded on the floor; Dora's voice is in no file.
    expect(files.find((f) => f.place === 'floor')?.durationMs).toBeLessThan(4_000);
    expect(readdirSync(recordingDir)).toEqual([]);

    // The host page lists the files; the link downloads a real webm (EBML) and opus in Ogg.
    await host.page
      .getByRole('link', { name: /Bühne, Video \(webm\), \d+:\d\d herunterladen/ })
      .waitFor({ timeout: 10_000 });
    const fetchBytes = async (fileId: string) => {
      const url = `${server.baseUrl}/api/staff/events/${event.id}/recordings/${recording?.id}/files/${fileId}`;
      const response = await host.context.request.get(url);
      expect(response.status()).toBe(200);
      return response.body();
    };
    expect((await fetchBytes(video?.id ?? '')).subarray(0, 4).toString('hex')).toBe('1a45dfa3');
    const audio = files.find((f) => f.place === 'stage' && f.media === 'audio');
    expect((await fetchBytes(audio?.id ?? '')).subarray(0, 4).toString('latin1')).toBe('OggS');
    await expectNoAxeViolations(host.page, 'host page with the recordings listed');
    await expectNoErrorsThenClose(host, ...audience);
  }, 240_000);
});
