import type { ParticipantId, ServerMessage } from '../../../shared/realtime';
import type { Config } from '../../config';
import { channels, type EventBus } from '../../realtime/bus';
import { iceServersFor } from '../calls/ice-servers';
import { agentParticipant, citizenParticipant } from './participants';
import type { LiveConsultation, VisitChange } from './visit-store';

/** Tells every server process what a visit change means for the sockets it holds. */
export function createVisitEvents(bus: EventBus, config: Pick<Config, 'ice'>) {
  const deliver = (participant: string, message: ServerMessage) =>
    bus.publish(channels.participant(participant), { kind: 'deliver', message });

  /**
   * Both sides get their own addressing, polite role and TURN credentials; the agent is the impolite side.
   * With `only`, just that participant is told (its socket came back and keeps its peer connection).
   */
  const startCall = async (live: LiveConsultation, only?: ParticipantId) => {
    const agent = agentParticipant(live.agentId);
    const citizen = citizenParticipant(live.visitId);
    const start = (self: ParticipantId, peer: ParticipantId, polite: boolean): ServerMessage => ({
      type: 'call.start',
      consultationId: live.id,
      self,
      peer,
      polite,
      renew: only === undefined,
      iceServers: iceServersFor(config, self),
    });
    const both: [ParticipantId, ServerMessage][] = [
      [agent, start(agent, citizen, false)],
      [citizen, start(citizen, agent, true)],
    ];
    await Promise.all(both.filter(([p]) => only === undefined || p === only).map(([p, m]) => deliver(p, m)));
  };

  return {
    startCall,
    async published(change: VisitChange) {
      const ended = change.ended;
      await Promise.all([
        ...change.officeIds.map((id) => bus.publish(channels.office(id), { kind: 'office.changed' })),
        bus.publish(channels.participant(citizenParticipant(change.visitId)), { kind: 'visit.changed' }),
        ...(ended
          ? [agentParticipant(ended.agentId), citizenParticipant(ended.visitId)].map((p) =>
              deliver(p, { type: 'call.ended', consultationId: ended.id }),
            )
          : []),
      ]);
      if (change.started) await startCall(change.started);
    },
    officeChanged: (officeIds: string[]) =>
      Promise.all(officeIds.map((id) => bus.publish(channels.office(id), { kind: 'office.changed' }))),
  };
}
export type VisitEvents = ReturnType<typeof createVisitEvents>;
