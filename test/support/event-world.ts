import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import type { Temporal } from 'temporal-polyfill';
import type { StaffEvent } from '../../src/shared/events';
import { launchChromium } from './browser';
import type { DbKind } from './db';
import { type JanusServer, startJanus } from './janus';
import { citizenPost } from './proof-of-work';
import { connectSocket } from './realtime';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from './server';
import type { Person } from './walk-in';

/** A Janus address nothing listens on: scheduling, questions and hands never talk to Janus. */
export const JANUS_ENV = { JANUS_URL: 'ws://127.0.0.1:9/janus' };

export interface EventWorld {
  server: TestServer;
  tenant: TestTenant;
  admin: { id: string; cookie: string };
  /** The staff member events are scheduled with as host. */
  host: { id: string; cookie: string };
}

/**
 * A listening server with events available (but no Janus), an authority, its administrator and a host;
 * `env` adds settings (e.g. JANUS_RECORDING_DIR).
 */
export async function startEventWorld(
  kind: DbKind,
  tenantName: string,
  env: Record<string, string> = {},
): Promise<EventWorld> {
  const server = await startTestServer(kind, { listen: true, env: { ...JANUS_ENV, ...env } });
  const tenant = await createTestTenant(server, tenantName);
  const admin = await tenant.staff('admin');
  const host = await tenant.staff('agent', { displayName: 'Erika Mustermann' });
  return { server, tenant, admin, host };
}

/**
 * What API tests of an event's audience and hosts do: requests as a staff member (cookie) or a seat
 * (token), an event open at `now` hosted by the world's host, and sockets following an event.
 */
export function eventTestKit({ server, tenant, admin, host }: EventWorld, now: Temporal.Instant) {
  const request = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    auth: { cookie?: string; seat?: string },
    payload?: object,
  ) =>
    server.app.inject({
      method,
      url,
      headers: {
        ...(auth.cookie ? { cookie: auth.cookie } : {}),
        ...(auth.seat ? { authorization: `Bearer ${auth.seat}` } : {}),
      },
      ...(payload ? { payload } : {}),
    });

  /** An event open now (doors open), with the world's host as its host and room for 10. */
  const openEvent = async () => {
    const event = await scheduleOpenEvent(server, admin.cookie, {
      title: 'Infoabend',
      hostId: host.id,
      maxAudience: 10,
      now,
    });
    const base = `/api/public/tenants/${tenant.slug}/events/${event.id}`;
    /** Takes a seat as the audience page does (with a proof of work): its token. */
    const takeSeat = async () => {
      const seat = await citizenPost(server.app, `${base}/audience`, {});
      if (seat.statusCode !== 201) throw new Error(`taking a seat: ${seat.statusCode} ${seat.body}`);
      return seat.json<{ audienceToken: string }>().audienceToken;
    };
    return { event, base, takeSeat, staffBase: `/api/staff/events/${event.id}` };
  };

  /** A socket following the event: a host's (cookie) or a seat's (token). */
  const follow = async (eventId: string, who: { cookie: string } | { seat: string }) => {
    const socket = await connectSocket(server.baseUrl, 'cookie' in who ? { cookie: who.cookie } : {});
    socket.send(
      'cookie' in who
        ? { type: 'hello', as: 'staff' }
        : { type: 'hello', as: 'audience', audienceToken: who.seat },
    );
    await socket.next('ready');
    socket.send({ type: 'event.follow', eventId });
    return socket;
  };
  return { request, openEvent, follow };
}
export type EventTestKit = ReturnType<typeof eventTestKit>;

/**
 * An event whose doors are open at `now` (it starts 10 minutes later, for 90 minutes), public, with
 * `hostId` as its host, scheduled by the administrator as the admin page does.
 */
export async function scheduleOpenEvent(
  server: TestServer,
  adminCookie: string,
  event: { title: string; hostId: string; maxAudience: number; now: Temporal.Instant },
): Promise<StaffEvent> {
  const created = await server.app.inject({
    method: 'POST',
    url: '/api/admin/events',
    headers: { cookie: adminCookie },
    payload: {
      title: event.title,
      startsAt: event.now.add({ minutes: 10 }).toString(),
      endsAt: event.now.add({ minutes: 100 }).toString(),
      hostIds: [event.hostId],
      maxAudience: event.maxAudience,
      public: true,
    },
  });
  if (created.statusCode !== 201) throw new Error(`scheduling the event: ${created.body}`);
  return created.json<StaffEvent>();
}

/**
 * A new authority with an administrator and a host (staff), and an event of it open at `now` that the
 * host hosts: what each browser test of events begins with.
 */
export async function openEventWithHost(
  server: TestServer,
  event: { tenantName: string; title: string; maxAudience: number; now: Temporal.Instant },
) {
  const tenant = await createTestTenant(server, event.tenantName);
  const admin = await tenant.staff('admin');
  const hostAccount = await tenant.staff('agent', { displayName: 'Erika Bürgermeisterin' });
  const scheduled = await scheduleOpenEvent(server, admin.cookie, { ...event, hostId: hostAccount.id });
  return { tenant, admin, hostAccount, event: scheduled };
}

/** The host's page of the event, signed in by cookie. */
export async function openHostPage(host: Person, server: TestServer, event: StaffEvent, hostCookie: string) {
  const [name, value] = hostCookie.split('=');
  await host.context.addCookies([{ name: name as string, value: value as string, url: server.baseUrl }]);
  await host.page.goto(`${server.baseUrl}/staff/veranstaltungen/${event.id}`);
  await host.page.getByRole('heading', { level: 1, name: event.title }).waitFor();
}

/** The host's page (signed in by cookie) shows the event and goes on stage; resolves once it is live. */
export async function goOnStage(host: Person, server: TestServer, event: StaffEvent, hostCookie: string) {
  await openHostPage(host, server, event, hostCookie);
  await host.page.getByRole('button', { name: 'Auf die Bühne gehen' }).click();
  await host.page.getByRole('status').getByText('Sie sind live').waitFor({ timeout: 30_000 });
}

const WEB_INDEX = new URL('../../dist/web/index.html', import.meta.url);

export interface JanusWorld {
  janus: JanusServer;
  server: TestServer;
  browser: Browser;
  close(): Promise<void>;
}

/**
 * For browser tests of events: Debian's Janus in its network namespace, a listening server using it
 * (its clock fixed at `now`; `env` adds settings) and Chromium. Needs the built web app.
 */
export async function startJanusWorld(
  now: Temporal.Instant,
  env: Record<string, string> = {},
): Promise<JanusWorld> {
  if (!existsSync(WEB_INDEX)) throw new Error('dist/web is missing: run "npm run build" before this test');
  const janus = await startJanus();
  const server = await startTestServer('pglite', {
    listen: true,
    env: {
      JANUS_URL: janus.url,
      JANUS_API_SECRET: janus.apiSecret,
      JANUS_ADMIN_SECRET: janus.adminKey,
      ...env,
    },
  });
  server.ctx.clock = () => now;
  const browser = await launchChromium();
  return {
    janus,
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
      await janus.stop();
    },
  };
}
