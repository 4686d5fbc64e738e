import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { recordingFolder } from '../../src/server/modules/events/event-recordings';
import { createRetentionJob } from '../../src/server/modules/retention/retention-job';
import type { EventRecording, EventRecordingList } from '../../src/shared/event-recordings';
import type { StaffEvent } from '../../src/shared/events';
import { describeEachDb } from '../support/each-db';
import { scheduleOpenEvent, startEventWorld } from '../support/event-world';
import { connectSocket, type TestSocket } from '../support/realtime';
import { createTestTenant, type TestServer, type TestTenant } from '../support/server';

const NOW = Temporal.Instant.from('2027-03-10T17:50:00Z');

/**
 * Stands in for janus-pp-rec (the real one is driven by the browser test against Janus): `-e` prints a
 * report with the duration written in the source, otherwise the source is copied to the target.
 */
const FAKE_PP_REC = `#!/bin/sh
if [ "$3" = "-e" ]; then
  echo "[info] extended report follows"
  echo "{\\"extended\\": {\\"duration\\": $(head -c 5 "$4")}}"
  exit 0
fi
cp "$3" "$4"
`;

describeEachDb('public events: recording with consent', (kind) => {
  let server: TestServer;
  let tenant: TestTenant;
  let admin: { id: string; cookie: string };
  let host: { id: string; cookie: string };
  const scratch = mkdtempSync(join(tmpdir(), 'amtsraum-recordings-'));
  const janusDir = join(scratch, 'janus');
  const postProcessor = join(scratch, 'janus-pp-rec');
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    mkdirSync(janusDir);
    writeFileSync(postProcessor, FAKE_PP_REC);
    chmodSync(postProcessor, 0o755);
    ({ server, tenant, admin, host } = await startEventWorld(kind, 'Aufnahmestadt', {
      JANUS_RECORDING_DIR: janusDir,
      JANUS_PP_REC_PATH: postProcessor,
    }));
    server.ctx.clock = () => NOW;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server.close();
  });

  const send = (cookie: string | null, method: 'GET' | 'POST' | 'DELETE', url: string) =>
    server.app.inject({ method, url, ...(cookie ? { headers: { cookie } } : {}) });
  const openEvent = () =>
    scheduleOpenEvent(server, admin.cookie, {
      title: 'Infoabend',
      hostId: host.id,
      maxAudience: 20,
      now: NOW,
    });
  /** What Janus would have written for one feed: a file per stream, last written 10 s ago. */
  const janusWrote = (recordingId: string, place: 'stage' | 'floor', seconds: string) => {
    const base = `amtsraum-${recordingId}-${place}-0a1b2c3d`;
    for (const [stream, body] of [
      ['audio-0', `${seconds}|opus`],
      ['video-1', `${seconds}|vp8`],
    ] as const) {
      const file = join(janusDir, `${base}-${stream}.mjr`);
      writeFileSync(file, body);
      const past = new Date(Date.now() - 10_000);
      utimesSync(file, past, past);
    }
  };
  const audits = async (action: string) =>
    server.ctx.db.query<{ actor: string; details: Record<string, string> }>(
      'SELECT actor, details FROM audit_events WHERE tenant_id = $1 AND action = $2 ORDER BY seq',
      [tenant.tenantId, action],
    );

  it('a host starts and stops; everyone following hears it; the files are converted and downloaded, audited', async () => {
    const event = await openEvent();
    const staffBase = `/api/staff/events/${event.id}`;
    const follower = await connectSocket(server.baseUrl, { cookie: host.cookie });
    sockets.push(follower);
    follower.send({ type: 'hello', as: 'staff' });
    await follower.next('ready');
    follower.send({ type: 'event.follow', eventId: event.id });
    expect((await follower.next('event.recording')).recording).toBe(false);

    const started = await send(host.cookie, 'POST', `${staffBase}/recording`);
    expect(started.statusCode, started.body).toBe(201);
    const recording = started.json<EventRecording>();
    expect(recording).toMatchObject({ status: 'recording', stoppedAt: null, files: [] });
    expect((await follower.next('event.recording')).recording).toBe(true);
    const again = await send(host.cookie, 'POST', `${staffBase}/recording`);
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');

    janusWrote(recording.id, 'stage', '12.48');
    const stopped = await send(host.cookie, 'DELETE', `${staffBase}/recording`);
    expect(stopped.statusCode, stopped.body).toBe(200);
    expect(stopped.json<EventRecording>()).toMatchObject({
      status: 'converting',
      stoppedAt: expect.any(String),
    });
    expect((await follower.next('event.recording')).recording).toBe(false);
    expect((await send(host.cookie, 'DELETE', `${staffBase}/recording`)).statusCode).toBe(409);

    await server.ctx.jobs.runDue();
    const listed = await send(host.cookie, 'GET', `${staffBase}/recordings`);
    expect(listed.statusCode, listed.body).toBe(200);
    const [ready] = listed.json<EventRecordingList>().recordings;
    expect(ready).toMatchObject({ id: recording.id, status: 'ready' });
    expect(ready?.files.map((f) => [f.place, f.media, f.durationMs]).sort()).toEqual([
      ['stage', 'audio', 12480],
      ['stage', 'video', 12480],
    ]);
    // Janus's sources are gone once converted.
    expect(readdirSync(janusDir).filter((n) => n.includes(recording.id))).toEqual([]);

    const video = ready?.files.find((f) => f.media === 'video');
    const download = await send(
      admin.cookie,
      'GET',
      `${staffBase}/recordings/${recording.id}/files/${video?.id}`,
    );
    expect(download.statusCode, download.body).toBe(200);
    expect(download.headers['content-type']).toBe('video/webm');
    expect(download.headers['content-disposition']).toMatch(
      /^attachment; filename="veranstaltung-2027-03-10-buehne-.*\.webm"/,
    );
    expect(download.body).toBe('12.48|vp8');

    expect((await audits('event.recording.started')).map((a) => a.actor)).toEqual([`staff:${host.id}`]);
    expect((await audits('event.recording.stopped')).map((a) => a.details.recordingId)).toEqual([
      recording.id,
    ]);
    expect(await audits('event.recording.downloaded')).toEqual([
      { actor: `staff:${admin.id}`, details: { recordingId: recording.id, fileId: video?.id } },
    ]);
  });

  it('only the hosts record; staff of another authority find nothing; bad ids are problems', async () => {
    const event = await openEvent();
    const staffBase = `/api/staff/events/${event.id}`;
    const colleague = await tenant.staff('agent');
    expect((await send(colleague.cookie, 'POST', `${staffBase}/recording`)).statusCode).toBe(403);
    // Administrators and leads look and download, but the hosts decide what is recorded.
    expect((await send(admin.cookie, 'POST', `${staffBase}/recording`)).statusCode).toBe(403);
    expect((await send(admin.cookie, 'GET', `${staffBase}/recordings`)).statusCode).toBe(200);
    expect((await send(colleague.cookie, 'GET', `${staffBase}/recordings`)).statusCode).toBe(403);
    expect((await send(null, 'GET', `${staffBase}/recordings`)).statusCode).toBe(401);

    const started = await send(host.cookie, 'POST', `${staffBase}/recording`);
    expect(started.statusCode, started.body).toBe(201);
    const recordingId = started.json<EventRecording>().id;
    const other = await createTestTenant(server, 'Andere Stadt');
    const otherAdmin = await other.staff('admin');
    for (const [method, url] of [
      ['GET', `${staffBase}/recordings`],
      ['DELETE', `${staffBase}/recording`],
      ['GET', `${staffBase}/recordings/${recordingId}/files/${randomUUID()}`],
    ] as const) {
      const refused = await send(otherAdmin.cookie, method, url);
      expect(refused.statusCode, `${method} ${url}`).toBe(404);
      expect(refused.headers['content-type']).toContain('application/problem+json');
    }
    const unknownFile = await send(
      host.cookie,
      'GET',
      `${staffBase}/recordings/${recordingId}/files/${randomUUID()}`,
    );
    expect(unknownFile.statusCode).toBe(404);
    const malformed = await send(
      host.cookie,
      'GET',
      `${staffBase}/recordings/not-an-id/files/${randomUUID()}`,
    );
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({
      status: 400,
      errors: [expect.objectContaining({ field: expect.stringContaining('recordingId') })],
    });
    expect((await send(host.cookie, 'DELETE', `${staffBase}/recording`)).statusCode).toBe(200);
  });

  it('an event whose doors are not open yet is not recorded', async () => {
    const later = await scheduleOpenEvent(server, admin.cookie, {
      title: 'Später',
      hostId: host.id,
      maxAudience: 20,
      now: NOW.add({ hours: 5 }),
    });
    const refused = await send(host.cookie, 'POST', `/api/staff/events/${later.id}/recording`);
    expect(refused.statusCode).toBe(409);
  });

  it('cancelling the event stops its recording', async () => {
    const event = await openEvent();
    expect((await send(host.cookie, 'POST', `/api/staff/events/${event.id}/recording`)).statusCode).toBe(201);
    const cancelled = await send(admin.cookie, 'POST', `/api/admin/events/${event.id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    const [recording] = (
      await send(host.cookie, 'GET', `/api/staff/events/${event.id}/recordings`)
    ).json<EventRecordingList>().recordings;
    expect(recording?.status).not.toBe('recording');
  });

  it('the retention sweep deletes the recordings (rows and files) of events over for the retention days', async () => {
    const events: Record<'old' | 'recent', string> = { old: randomUUID(), recent: randomUUID() };
    const recordings: Record<'old' | 'recent', string> = { old: randomUUID(), recent: randomUUID() };
    for (const [which, endedAgo] of [
      ['old', '91 days'],
      ['recent', '1 day'],
    ] as const) {
      await server.ctx.db.query(
        `INSERT INTO events (id, tenant_id, title, starts_at, ends_at, max_audience, public)
         VALUES ($1, $2, 'Infoabend', now() - $3::interval - interval '1 hour', now() - $3::interval, 50, true)`,
        [events[which], tenant.tenantId, endedAgo],
      );
      await server.ctx.db.query(
        `INSERT INTO event_recordings (id, tenant_id, event_id, started_at, stopped_at, status)
         VALUES ($1, $2, $3, now() - $4::interval - interval '1 hour', now() - $4::interval, 'ready')`,
        [recordings[which], tenant.tenantId, events[which], endedAgo],
      );
      const folder = recordingFolder(server.ctx.config.dataDir, tenant.tenantId, recordings[which]);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, `${randomUUID()}.webm`), 'webm');
      // A source the conversion never took (it failed): it goes too.
      writeFileSync(join(janusDir, `amtsraum-${recordings[which]}-stage-00ff00ff-audio-0.mjr`), 'mjr');
    }
    await createRetentionJob({
      db: server.ctx.db,
      dataDir: server.ctx.config.dataDir,
      recordingDir: janusDir,
    })({}, { signal: new AbortController().signal });
    const left = await server.ctx.db.query<{ id: string }>(
      'SELECT id FROM event_recordings WHERE event_id = ANY ($1::uuid[])',
      [Object.values(events)],
    );
    expect(left.map((r) => r.id)).toEqual([recordings.recent]);
    const folder = (which: 'old' | 'recent') =>
      existsSync(recordingFolder(server.ctx.config.dataDir, tenant.tenantId, recordings[which]));
    expect({ old: folder('old'), recent: folder('recent') }).toEqual({ old: false, recent: true });
    const sources = readdirSync(janusDir);
    expect(sources.some((n) => n.includes(recordings.old))).toBe(false);
    expect(sources.some((n) => n.includes(recordings.recent))).toBe(true);
    const [audit] = await audits('retention.deleted');
    expect(audit?.details).toMatchObject({ eventRecordings: 1 });
  });

  it('without JANUS_RECORDING_DIR the hosts cannot record and the list says so', async () => {
    const plain = await startEventWorld(kind, 'Ohne Aufnahme');
    try {
      plain.server.ctx.clock = () => NOW;
      const event: StaffEvent = await scheduleOpenEvent(plain.server, plain.admin.cookie, {
        title: 'Ohne',
        hostId: plain.host.id,
        maxAudience: 5,
        now: NOW,
      });
      const refused = await plain.server.app.inject({
        method: 'POST',
        url: `/api/staff/events/${event.id}/recording`,
        headers: { cookie: plain.host.cookie },
      });
      expect(refused.statusCode).toBe(404);
      expect(refused.json()).toMatchObject({ reason: 'recording-unavailable' });
      const listed = await plain.server.app.inject({
        method: 'GET',
        url: `/api/staff/events/${event.id}/recordings`,
        headers: { cookie: plain.host.cookie },
      });
      expect(listed.json()).toEqual({ available: false, recordings: [] });
    } finally {
      await plain.server.close();
    }
  });
});
