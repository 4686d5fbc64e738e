import type { FastifyBaseLogger } from 'fastify';
import Janode from 'janode';
import type { VideoRoomHandle } from 'janode/plugins/videoroom';
import { EventMedia, type WatchedMedia } from '../../../shared/event-signals';
import type { IceCandidate } from '../../../shared/ice-candidate';
import type { ClientMessage, ServerMessage } from '../../../shared/realtime';
import type { AppContext } from '../../context';
import { clockDate } from '../../context';
import { channels } from '../../realtime/bus';
import type { StaffPrincipal } from '../auth/sessions';
import type { Seat } from './audience-seats';
import { EventError } from './event-errors';
import type { FeedPlace } from './event-rooms';
import { isOpen } from './event-store';
import { createNewsFilter, type Viewer } from './news-filter';

type EventMessage = Extract<ClientMessage, { type: `event.${string}` }>;

/** Who this socket is towards events: a staff member (hosts publish) or one seat of an audience. */
export type EventPerson = { staff: StaffPrincipal } | { seat: Seat };

export interface EventSocketDeps {
  ctx: AppContext;
  send(message: ServerMessage): void;
  log: FastifyBaseLogger;
  /** A host removed this socket's seat: the socket closes (after the page was told). */
  removed(): void;
}

/** Janus's trickle event: a candidate, or `completed` at the end. */
interface JanusTrickle {
  candidate?: string;
  sdpMid?: string;
  sdpMLineIndex?: number;
  completed?: boolean;
}

/**
 * An event's media part of one socket. The browser never reaches Janus: this socket holds a VideoRoom
 * handle per connection of its page (one to publish, one to watch) and relays offers, answers and
 * candidates. Messages run one after another, so a candidate never overtakes the offer it belongs to.
 */
export function createEventSocket({ ctx, send, log, removed }: EventSocketDeps) {
  let person: EventPerson | undefined;
  const handles = new Map<string, VideoRoomHandle>();
  /** The feed this socket put on stage, per event. */
  const onStage = new Map<string, number>();
  const listening = new Map<string, { stop: () => void; pass: ReturnType<typeof createNewsFilter> }>();
  /** Per event, whether this seat's citizen agreed on screen to be recorded when they took the floor. */
  const consent = new Map<string, boolean>();
  /** The events this staff member follows as a host (they see every question and hand). */
  const hosting = new Set<string>();
  let queue = Promise.resolve();
  let closed = false;

  const key = (eventId: string, media: EventMedia) => `${eventId}:${media}`;
  const refuse = (code: string, message: string) => send({ type: 'error', code, message });
  const tellLive = (eventId: string, place: FeedPlace, live: boolean) =>
    ctx.events.news.tell(eventId, { type: place === 'stage' ? 'event.stage' : 'event.floor', eventId, live });

  /** A seat publishes on the floor, a host on stage. */
  const placeOf = (): FeedPlace => (person && 'seat' in person ? 'floor' : 'stage');

  const drop = async (eventId: string, media: EventMedia) => {
    const handle = handles.get(key(eventId, media));
    handles.delete(key(eventId, media));
    await handle?.detach().catch(() => {});
    const feed = onStage.get(eventId);
    if (media === 'publish' && feed !== undefined) {
      onStage.delete(eventId);
      const place = placeOf();
      if (await ctx.events.media().rooms.clearFeed(eventId, place, feed))
        await tellLive(eventId, place, false);
    }
  };

  /** A new handle for this media of the event, replacing an older one; its candidates go to the page. */
  const attach = async (eventId: string, media: EventMedia, server: string) => {
    await drop(eventId, media);
    const handle = await ctx.events.media().janus.attach(server);
    handles.set(key(eventId, media), handle);
    handle.on(Janode.EVENT.HANDLE_TRICKLE, (trickle: JanusTrickle) => {
      const candidate: IceCandidate | null = trickle.completed
        ? null
        : {
            candidate: trickle.candidate ?? '',
            sdpMid: trickle.sdpMid ?? null,
            sdpMLineIndex: trickle.sdpMLineIndex ?? null,
          };
      send({ type: 'event.candidate', eventId, media, candidate });
    });
    // Closed while Janus attached: nothing may stay behind.
    if (closed) await drop(eventId, media);
    return handle;
  };

  /** The event, when this socket's person may take part in it now (hosts: `publish`). */
  const admitted = async (eventId: string, asHost: boolean) => {
    const who = person;
    if (!who) throw new EventError('unknown');
    if ('seat' in who && (asHost || who.seat.eventId !== eventId)) throw new EventError('unknown');
    const event =
      'seat' in who
        ? await ctx.events.store.ofSeat(who.seat)
        : await ctx.events.store.get(who.staff.tenantId, eventId);
    if (!event) throw new EventError('unknown');
    if ('staff' in who && asHost && !event.hosts.some((h) => h.id === who.staff.id)) {
      throw new EventError('not-host');
    }
    if (!isOpen(event, clockDate(ctx))) throw new EventError('not-open');
    return event;
  };

  /** Who this socket's person is towards the event's news (see news-filter.ts). */
  const viewerOf = (eventId: string): Viewer => {
    if (person && 'seat' in person) return { seatId: person.seat.id };
    return hosting.has(eventId) ? { host: true } : { staff: true };
  };

  /** The event's news (stage, floor, questions, hands, its end) reach this socket while it takes part. */
  const listen = (eventId: string) => {
    const current = listening.get(eventId);
    if (current) return current.pass;
    const pass = createNewsFilter(viewerOf(eventId));
    const stop = ctx.bus.subscribe(channels.event(eventId), (event) => {
      if (event.kind !== 'deliver') return;
      const message = event.message;
      // A watcher's subscription ends with the stage (or the floor): Janus hangs it up, the handle goes too.
      if (message.type === 'event.stage' && !message.live) run(() => drop(eventId, 'watch'));
      if (message.type === 'event.floor' && !message.live) run(() => drop(eventId, 'listen'));
      if (message.type === 'event.closed')
        run(() => Promise.all(EventMedia.options.map((media) => drop(eventId, media))));
      if (message.type === 'event.recording') run(() => rerecord(eventId));
      for (const passed of pass(message)) {
        // Taken off the floor: the server ends this seat's publisher, whatever its page does.
        if (passed.type === 'event.hand' && !passed.floor) run(() => drop(eventId, 'publish'));
        send(passed);
        if (passed.type === 'event.removed') removed();
      }
    });
    listening.set(eventId, { stop, pass });
    return pass;
  };

  /**
   * What this socket's publisher is recorded as while the event is recorded: a host always (the stage),
   * a citizen on the floor only when they agreed before speaking; undefined: not recorded.
   */
  async function recordedAs(eventId: string) {
    const { recordings } = ctx.events;
    const running = await recordings.running(eventId);
    if (!running) return undefined;
    const seat = person && 'seat' in person ? person.seat : undefined;
    if (seat && consent.get(eventId) !== true) return undefined;
    if (seat) await recordings.consented(eventId, seat.id, running.id);
    return recordings.fileBase(running.id, placeOf());
  }

  /** The recording started or stopped: this socket's publisher (if any) follows, in Janus. */
  async function rerecord(eventId: string) {
    const handle = handles.get(key(eventId, 'publish'));
    if (!handle) return;
    const filename = await recordedAs(eventId);
    await handle.configure(filename ? { record: true, filename } : { record: false });
  }

  async function publish(eventId: string, sdp: string, recordingConsent: boolean) {
    const seat = person && 'seat' in person ? person.seat : undefined;
    await admitted(eventId, !seat);
    if (seat && !(await ctx.events.hands.hasFloor(seat))) throw new EventError('no-floor');
    const { rooms } = ctx.events.media();
    const room = await rooms.ready(eventId);
    listen(eventId);
    const handle = await attach(eventId, 'publish', room.server);
    if (seat) consent.set(eventId, recordingConsent);
    const filename = await recordedAs(eventId);
    const joined = await handle.joinConfigurePublisher({
      room: room.room,
      audio: true,
      // A citizen on the floor speaks; their camera stays theirs.
      video: !seat,
      ...(filename ? { record: true, filename } : {}),
      jsep: { type: 'offer', sdp },
    });
    if (!joined.jsep) throw new Error('Janus answered the publisher without SDP');
    onStage.set(eventId, joined.feed);
    // Janus lets watchers subscribe only once the publisher's media is up: recorded and announced then.
    handle.once(Janode.EVENT.HANDLE_WEBRTCUP, () =>
      run(async () => {
        if (handles.get(key(eventId, 'publish')) !== handle) return; // replaced or dropped meanwhile
        await rooms.setFeed(eventId, placeOf(), joined.feed);
        await tellLive(eventId, placeOf(), true);
      }),
    );
    send({ type: 'event.published', eventId, sdp: joined.jsep.sdp });
  }

  async function watch(eventId: string, media: WatchedMedia) {
    await admitted(eventId, false);
    listen(eventId);
    const room = await ctx.events.media().rooms.find(eventId);
    const feed = media === 'watch' ? room?.stageFeed : room?.floorFeed;
    if (!room || feed === null || feed === undefined) {
      await drop(eventId, media);
      return send({ type: media === 'watch' ? 'event.stage' : 'event.floor', eventId, live: false });
    }
    const handle = await attach(eventId, media, room.server);
    const joined = await handle.joinSubscriber({ room: room.room, feed });
    if (!joined.jsep) throw new Error('Janus offered the subscription without SDP');
    send({ type: 'event.offer', eventId, media, sdp: joined.jsep.sdp });
  }

  /** Questions and hands: the state now for this socket's person, then each change (see news-filter.ts). */
  async function follow(eventId: string) {
    const asHost = person !== undefined && 'staff' in person;
    await admitted(eventId, asHost);
    if (asHost && !hosting.has(eventId)) {
      hosting.add(eventId);
      // Listening already as staff (on stage): from now on as a host, who sees everything.
      listening.get(eventId)?.stop();
      listening.delete(eventId);
    }
    const pass = listen(eventId);
    const { questions, hands } = ctx.events;
    const viewer = viewerOf(eventId);
    send({ type: 'event.questions', eventId, questions: await questions.list(eventId, !('host' in viewer)) });
    if ('host' in viewer)
      send({ type: 'event.room', eventId, ...(await ctx.events.moderation.room(eventId, clockDate(ctx))) });
    for (const message of pass({ type: 'event.hands', eventId, ...(await hands.state(eventId)) }))
      send(message);
    const recording = (await ctx.events.recordings.running(eventId)) !== undefined;
    send({ type: 'event.recording', eventId, recording });
  }

  async function handle(message: EventMessage) {
    switch (message.type) {
      case 'event.publish':
        return publish(message.eventId, message.sdp, message.recordingConsent === true);
      case 'event.watch':
        return watch(message.eventId, message.media ?? 'watch');
      case 'event.follow':
        return follow(message.eventId);
      case 'event.answer': {
        const handle = handles.get(key(message.eventId, message.media ?? 'watch'));
        if (!handle) return refuse('not-watching', 'there is no offer to answer');
        await handle.start({ jsep: { type: 'answer', sdp: message.sdp } });
        return;
      }
      case 'event.candidate': {
        const handle = handles.get(key(message.eventId, message.media));
        if (!handle) return; // the connection ended meanwhile: its late candidates go nowhere
        await handle.trickle(message.candidate);
        return;
      }
      case 'event.leave':
        return drop(message.eventId, message.media);
    }
  }

  function run(work: () => Promise<unknown>) {
    queue = queue.then(work).then(
      () => {},
      (error: unknown) => {
        if (error instanceof EventError) return refuse(`event-${error.refusal}`, error.message);
        // The message type only: SDPs name addresses.
        log.warn({ err: error }, 'event media message failed');
        refuse('failed', 'the media server did not take this');
      },
    );
  }

  return {
    /** Set by the socket's hello: who may publish or watch what. */
    identify(who: EventPerson) {
      person = who;
    },
    handle: (message: EventMessage) => run(() => handle(message)),
    close() {
      closed = true;
      for (const { stop } of listening.values()) stop();
      listening.clear();
      const open = [...handles.keys()].map((k) => k.split(':') as [string, EventMedia]);
      run(() => Promise.all(open.map(([eventId, media]) => drop(eventId, media))));
    },
  };
}
