import type { FastifyBaseLogger } from 'fastify';
import Janode from 'janode';
import type { VideoRoomHandle } from 'janode/plugins/videoroom';
import type { EventMedia } from '../../../shared/event-signals';
import type { IceCandidate } from '../../../shared/ice-candidate';
import type { ClientMessage, ServerMessage } from '../../../shared/realtime';
import type { AppContext } from '../../context';
import { clockDate } from '../../context';
import { channels } from '../../realtime/bus';
import type { StaffPrincipal } from '../auth/sessions';
import type { Seat } from './audience-seats';
import { EventError } from './event-errors';
import { isOpen } from './event-store';

type EventMessage = Extract<ClientMessage, { type: `event.${string}` }>;

/** Who this socket is towards events: a staff member (hosts publish) or one seat of an audience. */
export type EventPerson = { staff: StaffPrincipal } | { seat: Seat };

export interface EventSocketDeps {
  ctx: AppContext;
  send(message: ServerMessage): void;
  log: FastifyBaseLogger;
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
export function createEventSocket({ ctx, send, log }: EventSocketDeps) {
  let person: EventPerson | undefined;
  const handles = new Map<string, VideoRoomHandle>();
  /** The feed this socket put on stage, per event. */
  const onStage = new Map<string, number>();
  const listening = new Map<string, () => void>();
  let queue = Promise.resolve();
  let closed = false;

  const key = (eventId: string, media: EventMedia) => `${eventId}:${media}`;
  const refuse = (code: string, message: string) => send({ type: 'error', code, message });
  const tellStage = (eventId: string, live: boolean) =>
    ctx.bus.publish(channels.event(eventId), {
      kind: 'deliver',
      message: { type: 'event.stage', eventId, live },
    });

  const drop = async (eventId: string, media: EventMedia) => {
    const handle = handles.get(key(eventId, media));
    handles.delete(key(eventId, media));
    await handle?.detach().catch(() => {});
    const feed = onStage.get(eventId);
    if (media === 'publish' && feed !== undefined) {
      onStage.delete(eventId);
      if (await ctx.events.media().rooms.clearStage(eventId, feed)) await tellStage(eventId, false);
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

  /** Stage changes and the event's end reach this socket while it publishes or watches. */
  const listen = (eventId: string) => {
    if (listening.has(eventId)) return;
    const stop = ctx.bus.subscribe(channels.event(eventId), (event) => {
      if (event.kind !== 'deliver') return;
      const message = event.message;
      // A watcher's subscription ends with the stage: Janus hangs it up, the handle goes too.
      if (message.type === 'event.stage' && !message.live) run(() => drop(eventId, 'watch'));
      if (message.type === 'event.closed')
        run(() => Promise.all([drop(eventId, 'watch'), drop(eventId, 'publish')]));
      send(message);
    });
    listening.set(eventId, stop);
  };

  async function publish(eventId: string, sdp: string) {
    await admitted(eventId, true);
    const { rooms } = ctx.events.media();
    const room = await rooms.ready(eventId);
    listen(eventId);
    const handle = await attach(eventId, 'publish', room.server);
    const joined = await handle.joinConfigurePublisher({
      room: room.room,
      audio: true,
      video: true,
      jsep: { type: 'offer', sdp },
    });
    if (!joined.jsep) throw new Error('Janus answered the publisher without SDP');
    onStage.set(eventId, joined.feed);
    await rooms.setStage(eventId, joined.feed);
    send({ type: 'event.published', eventId, sdp: joined.jsep.sdp });
    await tellStage(eventId, true);
  }

  async function watch(eventId: string) {
    await admitted(eventId, false);
    listen(eventId);
    const room = await ctx.events.media().rooms.find(eventId);
    if (!room || room.stageFeed === null) {
      await drop(eventId, 'watch');
      return send({ type: 'event.stage', eventId, live: false });
    }
    const handle = await attach(eventId, 'watch', room.server);
    const joined = await handle.joinSubscriber({ room: room.room, feed: room.stageFeed });
    if (!joined.jsep) throw new Error('Janus offered the subscription without SDP');
    send({ type: 'event.offer', eventId, sdp: joined.jsep.sdp });
  }

  async function handle(message: EventMessage) {
    switch (message.type) {
      case 'event.publish':
        return publish(message.eventId, message.sdp);
      case 'event.watch':
        return watch(message.eventId);
      case 'event.answer': {
        const handle = handles.get(key(message.eventId, 'watch'));
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
      for (const stop of listening.values()) stop();
      listening.clear();
      const open = [...handles.keys()].map((k) => k.split(':') as [string, EventMedia]);
      run(() => Promise.all(open.map(([eventId, media]) => drop(eventId, media))));
    },
  };
}
