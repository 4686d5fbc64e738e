import type { ParticipantId, ServerMessage } from '../../../shared/realtime';
import type { AppContext } from '../../context';
import type { Queryable } from '../../db/client';
import { channels } from '../../realtime/bus';
import { agentParticipant, citizenParticipant, guestParticipant } from '../visits/participants';
import { joinedGuests } from './guests-store';
import type { ConsultationRow } from './participant-guard';

type Audience = Pick<ConsultationRow, 'id' | 'agentId' | 'visitId' | 'endedAt'>;

/**
 * Everyone who hears of a consultation's chat and files: its agent, its citizen and, while it is live,
 * the guests still in it (a guest who left or was removed, and every guest once it ended, hears no more).
 */
export async function audienceOf(db: Queryable, consultation: Audience): Promise<ParticipantId[]> {
  const guests = consultation.endedAt ? [] : await joinedGuests(db, consultation.id);
  return [
    ...(consultation.agentId ? [agentParticipant(consultation.agentId)] : []),
    citizenParticipant(consultation.visitId),
    ...guests.map((guest) => guestParticipant(guest.id)),
  ];
}

/** Hands a message to every tab of everyone in the consultation, the sender's own tabs included. */
export async function deliverToAudience(
  ctx: Pick<AppContext, 'db' | 'bus'>,
  consultation: Audience,
  message: ServerMessage,
): Promise<void> {
  const audience = await audienceOf(ctx.db, consultation);
  await Promise.all(
    audience.map((participant) =>
      ctx.bus.publish(channels.participant(participant), { kind: 'deliver', message }),
    ),
  );
}
