import type { WebSocket } from 'ws';
import { ClientMessage, type ParticipantId, type ServerMessage } from '../../shared/realtime';
import type { AppContext } from '../context';
import type { StaffPrincipal } from '../modules/auth/sessions';
import {
  type OfficeSnapshot,
  queueForStaff,
  type VisitRecord,
  viewOfVisit,
} from '../modules/visits/office-snapshot';
import { agentParticipant, citizenParticipant } from '../modules/visits/participants';
import { type BusEvent, channels } from './bus';
import type { OfficeFanout } from './office-fanout';
import { createTokenBucket } from './rate-limit';

/** Policy violation (bad or expired hello): the client shows a message instead of reconnecting forever. */
export const CLOSE_UNAUTHORIZED = 1008;
const HELLO_TIMEOUT_MS = 10_000;
/** An agent's heartbeat (and session re-check) at most this often. */
const HEARTBEAT_EVERY_MS = 15_000;

export interface ConnectionDeps {
  ctx: AppContext;
  fanout: OfficeFanout;
  /** The staff session token from the upgrade request's cookie, if any. */
  staffToken: string | undefined;
}

/** One browser tab: says hello once, then receives pushes and relays WebRTC signaling of its calls. */
export function serveConnection(socket: WebSocket, { ctx, fanout, staffToken }: ConnectionDeps) {
  const cleanups: (() => void)[] = [];
  const liveCalls = new Map<string, ParticipantId>();
  const bucket = createTokenBucket(30, 200);
  let self: ParticipantId | undefined;
  let onPing: () => Promise<void> = async () => {};
  let lastHeartbeat = 0;

  const send = (message: ServerMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  const refuse = (code: string, message: string) => send({ type: 'error', code, message });
  const helloTimer = setTimeout(() => socket.close(CLOSE_UNAUTHORIZED, 'hello expected'), HELLO_TIMEOUT_MS);

  /** Messages addressed to this participant: forwarded, and call bookkeeping for signaling. */
  const onParticipantEvent = (onVisitChanged?: () => void) => (event: BusEvent) => {
    if (event.kind === 'visit.changed') return onVisitChanged?.();
    if (event.kind !== 'deliver') return;
    const message = event.message;
    if (message.type === 'call.start') liveCalls.set(message.consultationId, message.peer);
    if (message.type === 'call.ended') liveCalls.delete(message.consultationId);
    send(message);
  };

  /** A tab that still holds the call's peer connection keeps it; a reloaded one makes both sides start afresh. */
  const resumeLiveCall = async (
    participant: { agentId: string } | { visitId: string },
    activeConsultationId?: string,
  ) => {
    const live = await ctx.visits.liveConsultationOf(participant);
    if (live) await ctx.visitEvents.startCall(live, live.id === activeConsultationId ? self : undefined);
  };

  async function helloCitizen(visitToken: string, activeConsultationId?: string) {
    let visit: VisitRecord | undefined = await ctx.visits.findByToken(visitToken);
    if (!visit) {
      refuse('unknown-visit', 'This visit is not known (any more)');
      return socket.close(CLOSE_UNAUTHORIZED, 'unknown visit');
    }
    const visitId = visit.id;
    self = citizenParticipant(visitId);
    let unwatch = () => {};
    const show = (snapshot: OfficeSnapshot) => {
      if (visit && snapshot.office.id === visit.officeId)
        send({ type: 'visit.state', visit: viewOfVisit(snapshot, visit) });
    };
    const follow = async () => {
      visit = await ctx.visits.findById(visitId);
      if (!visit) return;
      unwatch();
      unwatch = fanout.watch(visit.officeId, show);
      const snapshot = await fanout.current(visit.officeId);
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
    await resumeLiveCall({ visitId }, activeConsultationId);
  }

  async function helloStaff(activeConsultationId?: string) {
    const staff: StaffPrincipal | null = staffToken ? await ctx.sessions.resolve(staffToken) : null;
    if (!staff) {
      refuse('unauthorized', 'Please sign in');
      return socket.close(CLOSE_UNAUTHORIZED, 'not signed in');
    }
    self = agentParticipant(staff.id);
    cleanups.push(ctx.bus.subscribe(channels.participant(self), onParticipantEvent()));
    const offices = await ctx.db.query<{ officeId: string }>(
      'SELECT office_id AS "officeId" FROM staff_offices WHERE staff_id = $1',
      [staff.id],
    );
    const show = (snapshot: OfficeSnapshot) =>
      send({ type: 'queues.state', offices: [queueForStaff(snapshot)] });
    for (const { officeId } of offices) cleanups.push(fanout.watch(officeId, show));
    onPing = async () => {
      if (Date.now() - lastHeartbeat < HEARTBEAT_EVERY_MS) return;
      lastHeartbeat = Date.now();
      // A disabled account or an ended session loses its socket too.
      if (!(staffToken && (await ctx.sessions.resolve(staffToken))))
        return socket.close(CLOSE_UNAUTHORIZED, 'session ended');
      await ctx.visits.heartbeat(staff.id);
    };
    send({ type: 'ready', as: 'staff' });
    const snapshots = await Promise.all(offices.map(({ officeId }) => fanout.current(officeId)));
    send({ type: 'queues.state', offices: snapshots.flatMap((s) => (s ? [queueForStaff(s)] : [])) });
    await resumeLiveCall({ agentId: staff.id }, activeConsultationId);
  }

  async function handle(message: ClientMessage) {
    if (message.type === 'hello') {
      if (self) return refuse('already-greeted', 'hello was already said');
      clearTimeout(helloTimer);
      return message.as === 'citizen'
        ? helloCitizen(message.visitToken, message.activeConsultationId)
        : helloStaff(message.activeConsultationId);
    }
    if (!self) return refuse('hello-first', 'say hello first');
    if (message.type === 'ping') {
      send({ type: 'pong' });
      return onPing();
    }
    if (liveCalls.get(message.consultationId) !== message.to) {
      return refuse('not-in-call', 'signals go only to the other side of your own call');
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
    if (!parsed.success) return refuse('bad-message', parsed.error.issues[0]?.message ?? 'invalid message');
    handle(parsed.data).catch(() => refuse('failed', 'the message could not be handled'));
  });
  socket.on('close', () => {
    clearTimeout(helloTimer);
    for (const cleanup of cleanups.splice(0)) cleanup();
  });
}
