import type { ParticipantId, ServerMessage } from '../../../shared/realtime';
import type { Config } from '../../config';
import type { Queryable } from '../../db/client';
import { channels, type EventBus } from '../../realtime/bus';
import { iceServersFor } from '../calls/ice-servers';
import { callRoster, peersOf, type RosterEntry } from '../consultations/guests-roster';
import { joinedGuests } from '../consultations/guests-store';
import type { CitizenFlip } from './citizen-sockets';
import { agentParticipant, citizenParticipant } from './participants';
import { LIVE, type LiveConsultation, type VisitChange } from './visit-store';

/** Tells every server process what a visit change means for the sockets it holds. */
export function createVisitEvents(bus: EventBus, config: Pick<Config, 'ice'>, db: Queryable) {
  const deliver = (participant: string, message: ServerMessage) =>
    bus.publish(channels.participant(participant), { kind: 'deliver', message });
  const rosterOf = async (live: LiveConsultation) => callRoster(live, await joinedGuests(db, live.id));
  /** Since when the citizen's page of the call is closed; null while it is open. */
  const citizenAwaySince = async (live: LiveConsultation) => {
    const [visit] = await db.query<{ awaySince: Date | null }>(
      'SELECT disconnected_at AS "awaySince" FROM visits WHERE id = $1',
      [live.visitId],
    );
    return visit?.awaySince?.toISOString() ?? null;
  };

  /** One participant's view of the call: every peer with its own polite role, and its own TURN credentials. */
  const startFor = (
    live: LiveConsultation,
    roster: RosterEntry[],
    self: ParticipantId,
    renew: boolean,
    awaySince: string | null,
  ) => {
    const peers = peersOf(roster, self);
    // The other main side: the citizen for the agent, the agent for everyone else.
    const agent = agentParticipant(live.agentId);
    const mainId = self === agent ? citizenParticipant(live.visitId) : agent;
    const main = peers.find((p) => p.id === mainId)!;
    return {
      type: 'call.start',
      consultationId: live.id,
      self,
      peer: main.id,
      polite: main.polite,
      peers,
      renew,
      iceServers: iceServersFor(config, self),
      citizenAwaySince: self === citizenParticipant(live.visitId) ? null : awaySince,
    } satisfies ServerMessage;
  };

  /** The call begins: everyone in it builds a peer connection to everyone else (a mesh). */
  const startCall = async (live: LiveConsultation) => {
    const [roster, awaySince] = await Promise.all([rosterOf(live), citizenAwaySince(live)]);
    await Promise.all(roster.map(({ id }) => deliver(id, startFor(live, roster, id, true, awaySince))));
  };

  /**
   * A participant's socket said hello during the call. `keep`: the tab still holds its connections (only
   * its socket came back): it is told to mend what broke, the others that it is back. Otherwise it starts afresh (a reload, a
   * guest's first arrival) and everyone else replaces their connection to it, keeping all the others.
   */
  const joinCall = async (live: LiveConsultation, who: ParticipantId, keep: boolean) => {
    const [roster, awaySince] = await Promise.all([rosterOf(live), citizenAwaySince(live)]);
    if (!roster.some((entry) => entry.id === who)) return;
    await deliver(who, startFor(live, roster, who, !keep, awaySince));
    await Promise.all(
      roster.flatMap(({ id }) => {
        const peer = peersOf(roster, id).find((p) => p.id === who);
        if (!peer) return [];
        // Kept connections: what the others sent meanwhile may be lost, so they re-send or restart ICE.
        return [
          deliver(
            id,
            keep
              ? { type: 'call.peer-reconnected', consultationId: live.id, peer: who }
              : { type: 'call.peer-joined', consultationId: live.id, peer },
          ),
        ];
      }),
    );
  };

  /** A guest left or was removed: their call ends, the others close only their connection to them. */
  const leaveCall = async (live: LiveConsultation, who: ParticipantId) => {
    const roster = await rosterOf(live);
    await Promise.all([
      deliver(who, { type: 'call.ended', consultationId: live.id }),
      ...roster.map(({ id }) => deliver(id, { type: 'call.peer-left', consultationId: live.id, peer: who })),
    ]);
  };

  /**
   * The offices' queues changed. `visitIds`: the only visits whose place changed (none: only figures
   * such as chairs); absent: anything may have, each process reads the whole office again.
   */
  const officeChanged = (officeIds: string[], visitIds?: string[]) =>
    Promise.all(
      officeIds.map((id) =>
        bus.publish(channels.office(id), {
          kind: 'office.changed',
          ...(visitIds === undefined ? {} : { visitIds }),
        }),
      ),
    );

  const tellCall = async ({ visitId, awaySince }: CitizenFlip) => {
    const [live] = await db.query<LiveConsultation>(`${LIVE} WHERE visit_id = $1 AND ended_at IS NULL`, [
      visitId,
    ]);
    if (!live) return;
    const peer = citizenParticipant(visitId);
    const message = {
      type: 'call.peer-presence',
      consultationId: live.id,
      peer,
      awaySince: awaySince?.toISOString() ?? null,
    } satisfies ServerMessage;
    await Promise.all(
      (await rosterOf(live)).filter(({ id }) => id !== peer).map(({ id }) => deliver(id, message)),
    );
  };

  return {
    startCall,
    joinCall,
    leaveCall,
    async published(change: VisitChange) {
      const ended = change.ended;
      await Promise.all([
        // A change is of one visit: the others keep their order and only move up or down around it.
        officeChanged(change.officeIds, [change.visitId]),
        bus.publish(channels.participant(citizenParticipant(change.visitId)), { kind: 'visit.changed' }),
        // Everyone in the ended call, guests included (their seats end with the consultation).
        ...(ended
          ? (await rosterOf(ended)).map(({ id }) =>
              deliver(id, { type: 'call.ended', consultationId: ended.id }),
            )
          : []),
      ]);
      if (change.started) await startCall(change.started);
    },
    /** The visit's join link was opened on another device: the old device's sockets find their token dead. */
    handedOver: (visitId: string) =>
      bus.publish(channels.participant(citizenParticipant(visitId)), { kind: 'visit.changed' }),
    /** Staff removed waiting visits of one office: its queue reloads once, each citizen's page learns why. */
    removed: (officeId: string, visitIds: string[]) =>
      Promise.all([
        officeChanged([officeId], visitIds),
        ...visitIds.map((id) =>
          bus.publish(channels.participant(citizenParticipant(id)), { kind: 'visit.changed' }),
        ),
      ]),
    officeChanged,
    /**
     * Citizens' pages closed or came back: a waiting (or parked, missed) one's office lists show it, and a called one's call tells
     * the agent and the guests at once (a closed page is no network trouble: nobody will answer).
     */
    async citizenFlipped(flips: CitizenFlip[]) {
      const listed = new Map<string, string[]>();
      for (const flip of flips) {
        if (flip.status === 'in_consultation') continue;
        listed.set(flip.officeId, [...(listed.get(flip.officeId) ?? []), flip.visitId]);
      }
      await Promise.all([
        ...[...listed].map(([officeId, visitIds]) => officeChanged([officeId], visitIds)),
        ...flips.filter((flip) => flip.status === 'in_consultation').map(tellCall),
      ]);
    },
  };
}
export type VisitEvents = ReturnType<typeof createVisitEvents>;
