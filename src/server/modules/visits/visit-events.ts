import type { ServerMessage } from '../../../shared/realtime';
import type { Config } from '../../config';
import { channels, type EventBus } from '../../realtime/bus';
import { iceServersFor } from '../calls/ice-servers';
import { agentParticipant, citizenParticipant } from './participants';
import type { LiveConsultation, VisitChange } from './visit-store';

/** Tells every server process what a visit change means for the sockets it holds. */
export function createVisitEvents(bus: EventBus, config: Pick<Config, 'ice'>) {
  const deliver = (participant: string, message: ServerMessage) =>
    bus.publish(channels.participant(participant), { kind: 'deliver', message });

  /** Both sides get their own addressing, polite role and TURN credentials; the agent is the impolite side. */
  const startCall = async (live: LiveConsultation) => {
    const agent = agentParticipant(live.agentId);
    const citizen = citizenParticipant(live.visitId);
    const start = (self: typeof agent, peer: typeof agent, polite: boolean): ServerMessage => ({
      type: 'call.start',
      consultationId: live.id,
      self,
      peer,
      polite,
      iceServers: iceServersFor(config, self),
    });
    await Promise.all([
      deliver(agent, start(agent, citizen, false)),
      deliver(citizen, start(citizen, agent, true)),
    ]);
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
