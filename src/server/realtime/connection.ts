import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import { isEventMessage } from '../../shared/event-signals';
import {
  ClientMessage,
  type OfficeQueue,
  type ParticipantId,
  type ServerMessage,
  type VisitView,
} from '../../shared/realtime';
import { isFormMessage } from '../../shared/shared-form';
import { CLOSE_RATE_LIMITED, rateLimitedReason } from '../../shared/socket-limits';
import { type AppContext, clockDate } from '../context';
import { watchSession } from '../modules/auth/session-watch';
import type { StaffPrincipal } from '../modules/auth/sessions';
import { findGuestBySession, liveOf } from '../modules/consultations/guests-store';
import { createSharedFormSocket } from '../modules/consultations/shared-form-socket';
import { createEventSocket } from '../modules/events/event-socket';
import { helpOnlyQueue, ledOfficesNotServed } from '../modules/help-calls/help-reach';
import {
  type OfficeSnapshot,
  queueForStaff,
  sameView,
  showsVisit,
  type VisitRecord,
  viewOfVisit,
} from '../modules/visits/office-snapshot';
import { agentParticipant, citizenParticipant, guestParticipant } from '../modules/visits/participants';
import type { LiveConsultation } from '../modules/visits/visit-store';
import { type BusEvent, channels } from './bus';
import { createCallTab } from './call-tab';
import { createTokenBucket } from './rate-limit';

/** Policy violation (bad or expired hello): the client shows a message instead of reconnecting forever. */
export const CLOSE_UNAUTHORIZED = 1008;
const HELLO_TIMEOUT_MS = 10_000;
/** An agent's heartbeat (and session re-check) at most this often. */
const HEARTBEAT_EVERY_MS = 15_000;

export interface ConnectionDeps {
  ctx: AppContext;
  /** The staff session token from the upgrade request's cookie, if any. */
  staffToken: string | undefined;
  /** For failures of message handlers (never the messages themselves). */
  log: FastifyBaseLogger;
  /** Counts the hello against its address's limit: the seconds to wait when over it. Absent for staff. */
  helloWait?: () => Promise<number | undefined>;
}

/** One browser tab: says hello once, then receives pushes and relays WebRTC signaling of its calls. */
export function serveConnection(socket: WebSocket, { ctx, staffToken, log, helloWait }: ConnectionDeps) {
  const cleanups: (() => void)[] = [];
  /** Per live call of this participant, whom it may signal to: the others in that call. */
  const liveCalls = new Map<string, Set<ParticipantId>>();
  const bucket = createTokenBucket(30, 200);
  let self: ParticipantId | undefined;
  /** Set at the first hello, before anything is awaited: a second hello is refused even while it runs. */
  let greeted = false;
  /** An event's audience: no participant of any call, it only watches (see helloAudience). */
  let audience = false;
  /** The consultation this participant is in now, looked up afresh (set by hello). */
  let findLive: () => Promise<LiveConsultation | undefined> = async () => undefined;
  let onPing: () => Promise<void> = async () => {};
  let lastHeartbeat = 0;

  const send = (message: ServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const refuse = (code: string, message: string, field?: string) =>
    send({ type: 'error', code, message, ...(field === undefined ? {} : { field }) });
  const tab = createCallTab({
    connectionId: randomUUID(),
    publish: async (event) => {
      if (self) await ctx.bus.publish(channels.participant(self), event);
    },
    lost: (consultationId) => {
      liveCalls.delete(consultationId);
      send({ type: 'call.taken-over', consultationId });
    },
  });
  cleanups.push(() => void tab.closed().catch(() => {}));
  // The shared form may be joined while this socket knows of the call (see shared-form-socket.ts).
  const form = createSharedFormSocket({ ctx, send, inCall: (id) => liveCalls.has(id) });
  cleanups.push(() => form.close());
  // Hosts' and the audience's media of public events, relayed to Janus (see event-socket.ts).
  const events = createEventSocket({
    ctx,
    send,
    log,
    removed: () => socket.close(CLOSE_UNAUTHORIZED, 'removed by a host'),
  });
  cleanups.push(() => events.close());
  const helloTimer = setTimeout(() => socket.close(CLOSE_UNAUTHORIZED, 'hello expected'), HELLO_TIMEOUT_MS);

  /** Messages addressed to this participant: forwarded, and call bookkeeping for signaling. */
  const onParticipantEvent = (onVisitChanged?: () => void) => (event: BusEvent) => {
    if (tab.heard(event)) return;
    if (event.kind === 'visit.changed') return onVisitChanged?.();
    if (event.kind !== 'deliver') return;
    const message = event.message;
    // Call messages go to the one tab that holds the call (see call-tab.ts).
    if (!tab.admits(message)) return;
    if (message.type === 'call.start')
      liveCalls.set(message.consultationId, new Set(message.peers.map((p) => p.id)));
    if (message.type === 'call.peer-joined') liveCalls.get(message.consultationId)?.add(message.peer.id);
    if (message.type === 'call.peer-left') liveCalls.get(message.consultationId)?.delete(message.peer);
    if (message.type === 'call.ended') liveCalls.delete(message.consultationId);
    send(message);
  };

  type CallHello = { activeConsultationId?: string; standby?: true };
  /**
   * The newest tab takes the person's call (unless it gave the call away before and only reconnected).
   * A tab that still holds its call's peer connections keeps them; a reloaded one (or a guest arriving)
   * starts afresh, and the others replace only their connection to it.
   */
  const rejoinLiveCall = async ({ activeConsultationId, standby }: CallHello) => {
    if (standby) return;
    await tab.takeCall();
    const live = await findLive();
    // The call this tab still holds ended while its socket was away (call.ended went nowhere): say so now.
    if (activeConsultationId && live?.id !== activeConsultationId) {
      send({ type: 'call.ended', consultationId: activeConsultationId });
    }
    if (live && self) await ctx.visitEvents.joinCall(live, self, live.id === activeConsultationId);
  };

  /** The visit's join link was opened on another device: this tab is told, and its socket ends. */
  const takenOver = () => {
    send({ type: 'visit.taken-over' });
    for (const cleanup of cleanups.splice(0)) cleanup();
    socket.close(CLOSE_UNAUTHORIZED, 'visit taken over');
  };

  async function helloCitizen(visitToken: string, call: CallHello) {
    let visit: VisitRecord | undefined = await ctx.visits.findByToken(visitToken);
    if (!visit) {
      if (await ctx.visits.wasHandedOver(visitToken)) return takenOver();
      refuse('unknown-visit', 'This visit is not known (any more)');
      return socket.close(CLOSE_UNAUTHORIZED, 'unknown visit');
    }
    // Closed while the visit was looked up: its close already ran, so nothing may be counted any more.
    if (socket.readyState !== socket.OPEN) return;
    const visitId = visit.id;
    self = citizenParticipant(visitId);
    findLive = () => ctx.visits.liveConsultationOf({ visitId });
    // Counted as connected while this socket is open; its close (or the liveness check) ends that.
    cleanups.push(ctx.citizenConnections.opened(visitId));
    let unwatch = () => {};
    /** The view this socket was sent last: a snapshot that leaves it as it was sends nothing. */
    let shown: VisitView | undefined;
    const show = (snapshot: OfficeSnapshot) => {
      if (!visit || snapshot.office.id !== visit.officeId) return;
      // Waiting here no more (called, transferred, gone): its own change follows on the participant
      // channel, and a "waiting, no position" in between would only flicker.
      if (!showsVisit(visit)(snapshot)) return;
      const view = viewOfVisit(snapshot, visit, ctx.config.disconnectGraceMinutes);
      if (sameView(shown, view)) return;
      shown = view;
      send({ type: 'visit.state', visit: view });
    };
    // Looked up by the token, not the id: a token handed over to another device ends this tab.
    const follow = async () => {
      visit = await ctx.visits.findByToken(visitToken);
      if (!visit) return (await ctx.visits.wasHandedOver(visitToken)) ? takenOver() : undefined;
      unwatch();
      unwatch = ctx.queues.watch(visit.officeId, show);
      // A citizen who just entered must find themselves in the queue, whenever the bus says so.
      const snapshot = await ctx.queues.current(visit.officeId, showsVisit(visit), visit.id);
      if (snapshot) show(snapshot);
    };
    cleanups.push(
      ctx.bus.subscribe(
        channels.participant(self),
        onParticipantEvent(() => void follow().catch(() => {})),
      ),
      () => unwatch(),
    );
    send({ type: 'ready', as: 'citizen' });
    await follow();
    await rejoinLiveCall(call);
  }

  async function helloStaff(call: CallHello) {
    const token = staffToken;
    const staff: StaffPrincipal | null = token ? await ctx.sessions.resolve(token) : null;
    if (!staff || !token) {
      refuse('unauthorized', 'Please sign in');
      return socket.close(CLOSE_UNAUTHORIZED, 'not signed in');
    }
    // Closed while the session was read: its cleanups already ran, so nothing may be registered.
    if (socket.readyState !== socket.OPEN) return;
    /** The session is gone: every subscription stops first, so no queue push can follow, then the close. */
    const endSession = (reason: string) => {
      for (const cleanup of cleanups.splice(0)) cleanup();
      socket.close(CLOSE_UNAUTHORIZED, reason);
    };
    // Sign-out, disabling, a new password or an admin end it at once on any process; timeouts by timer.
    cleanups.push(
      watchSession({
        bus: ctx.bus,
        sessions: ctx.sessions,
        token,
        staffId: staff.id,
        onEnded: endSession,
        onError: (error) => log.warn({ err: error }, 'staff session re-check failed'),
      }),
    );
    self = agentParticipant(staff.id);
    events.identify({ staff });
    findLive = () => ctx.visits.liveConsultationOf({ agentId: staff.id });
    cleanups.push(ctx.bus.subscribe(channels.participant(self), onParticipantEvent()));
    const offices = await ctx.db.query<{ officeId: string }>(
      'SELECT office_id AS "officeId" FROM staff_offices WHERE staff_id = $1',
      [staff.id],
    );
    /** The offices this workspace watches, and what it is shown of each. */
    const watched = [
      ...offices.map(({ officeId }) => ({ officeId, view: queueForStaff })),
      // A lead hears the calls for help from the offices they lead without serving them.
      ...(await ledOfficesNotServed(ctx.db, staff)).map((officeId) => ({ officeId, view: helpOnlyQueue })),
    ];
    if (socket.readyState !== socket.OPEN) return; // signed out or closed meanwhile: watch no queue
    /** Per office, the queue this socket was sent last: a change beyond the head and counts sends nothing. */
    const sent = new Map<string, string>();
    const changedQueue = (queue: OfficeQueue) => {
      const json = JSON.stringify(queue);
      if (sent.get(queue.officeId) === json) return undefined;
      sent.set(queue.officeId, json);
      return queue;
    };
    for (const { officeId, view } of watched) {
      const show = (snapshot: OfficeSnapshot) => {
        const queue = changedQueue(view(snapshot));
        if (queue) send({ type: 'queues.state', offices: [queue] });
      };
      cleanups.push(ctx.queues.watch(officeId, show));
    }
    onPing = async () => {
      if (Date.now() - lastHeartbeat < HEARTBEAT_EVERY_MS) return;
      lastHeartbeat = Date.now();
      // A disabled account or an ended session loses its socket too.
      if (!(await ctx.sessions.resolve(token))) return endSession('session ended');
      // Back after the presence had expired: the chair counts again, everywhere.
      await ctx.visitEvents.officeChanged(await ctx.visits.heartbeat(staff.id), []);
    };
    send({ type: 'ready', as: 'staff' });
    const current = await Promise.all(
      watched.map(async ({ officeId, view }) => {
        const snapshot = await ctx.queues.current(officeId);
        return snapshot ? [view(snapshot)] : [];
      }),
    );
    const queues = current.flat();
    for (const queue of queues) changedQueue(queue);
    // Every office once, so the workspace shows them all, even those a push showed meanwhile.
    send({ type: 'queues.state', offices: queues });
    await rejoinLiveCall(call);
  }

  /** A guest takes part in one consultation only, while it lasts and until they leave or are removed. */
  async function helloGuest(guestToken: string, call: CallHello) {
    const guest = await findGuestBySession(ctx.db, guestToken);
    const live = guest && !guest.endReason ? liveOf(guest) : undefined;
    if (!guest || !live) {
      refuse('unknown-guest', 'This guest link is not valid (any more)');
      return socket.close(CLOSE_UNAUTHORIZED, 'unknown guest');
    }
    self = guestParticipant(guest.id);
    findLive = async () => {
      const current = await findGuestBySession(ctx.db, guestToken);
      return current && !current.endReason ? liveOf(current) : undefined;
    };
    cleanups.push(ctx.bus.subscribe(channels.participant(self), onParticipantEvent()));
    send({ type: 'ready', as: 'guest' });
    await rejoinLiveCall(call);
  }

  /** The audience of an event: no visit, no call; the seat's socket watches the stage and frees the seat at its close. */
  async function helloAudience(audienceToken: string) {
    const connected = await ctx.events.seats.connect(audienceToken, clockDate(ctx));
    if (!connected) {
      refuse('unknown-seat', 'This seat is not known (any more): join the event again');
      return socket.close(CLOSE_UNAUTHORIZED, 'unknown seat');
    }
    const { seen, ...seat } = connected;
    const { news } = ctx.events;
    // A page back within the reconnect time brings its raised hand back onto the hosts' list.
    if (seen) void news.hands(seat.eventId).catch(() => {});
    void news.room(seat.eventId, clockDate(ctx)).catch(() => {});
    // Freed at the close (the hosts' list changes when it showed the seat's hand, their count always);
    // a socket closed while the seat was looked up frees it at once.
    const leave = () =>
      void ctx.events.seats
        .leave(seat.id, clockDate(ctx))
        .then((seen) => (seen ? news.hands(seat.eventId) : undefined))
        .then(() => news.room(seat.eventId, clockDate(ctx)))
        .catch(() => {});
    if (socket.readyState !== socket.OPEN) return leave();
    cleanups.push(leave);
    audience = true;
    events.identify({ seat });
    send({ type: 'ready', as: 'audience' });
  }

  async function handle(message: ClientMessage) {
    if (message.type === 'hello') {
      if (greeted) return refuse('already-greeted', 'hello was already said');
      greeted = true;
      clearTimeout(helloTimer);
      const wait = await helloWait?.();
      if (wait !== undefined) {
        refuse('rate-limited', `too many new connections from your address, try again in ${wait} s`);
        return socket.close(CLOSE_RATE_LIMITED, rateLimitedReason(wait));
      }
      if (socket.readyState !== socket.OPEN) return; // closed while counted: nothing may be registered
      if (message.as === 'citizen') return helloCitizen(message.visitToken, message);
      if (message.as === 'guest') return helloGuest(message.guestToken, message);
      if (message.as === 'audience') return helloAudience(message.audienceToken);
      return helloStaff(message);
    }
    if (audience) {
      if (message.type === 'ping') return send({ type: 'pong' });
      if (isEventMessage(message)) return events.handle(message);
      return refuse('audience-only', 'the audience of an event only watches');
    }
    if (!self) return refuse('hello-first', 'say hello first');
    if (message.type === 'ping') {
      send({ type: 'pong' });
      return onPing();
    }
    if (isEventMessage(message)) return events.handle(message);
    if (isFormMessage(message)) return form.handle(self, message);
    if (message.type === 'call.take-over') return rejoinLiveCall({});
    if (message.type === 'call.rejoin') {
      const live = liveCalls.has(message.consultationId) ? await findLive() : undefined;
      if (live?.id !== message.consultationId) return refuse('not-in-call', 'this call is not yours');
      // Built afresh on both sides, like after a reload of this page.
      return ctx.visitEvents.joinCall(live, self, false);
    }
    if (!liveCalls.get(message.consultationId)?.has(message.to)) {
      return refuse('not-in-call', 'signals go only to the others in your own call');
    }
    await ctx.bus.publish(channels.participant(message.to), {
      kind: 'deliver',
      message: { type: 'signal', consultationId: message.consultationId, from: self, data: message.data },
    });
  }

  socket.on('message', (raw) => {
    if (!bucket.take()) return refuse('rate-limited', 'too many messages');
    let json: unknown;
    try {
      json = JSON.parse(String(raw));
    } catch {
      return refuse('bad-json', 'messages must be JSON');
    }
    const parsed = ClientMessage.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      // The field at fault, e.g. "data.candidate.candidate" ('' for the message as a whole).
      return refuse('bad-message', issue?.message ?? 'invalid message', issue?.path.join('.') ?? '');
    }
    handle(parsed.data).catch((error: unknown) => {
      // The message type only: bodies may hold names or chat text.
      log.error({ err: error, messageType: parsed.data.type }, 'socket message failed');
      refuse('failed', 'the message could not be handled');
    });
  });
  socket.on('close', () => {
    clearTimeout(helloTimer);
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
}
