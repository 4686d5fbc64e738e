import type { ParticipantId } from '../../../shared/realtime';

export const agentParticipant = (staffId: string) => `agent:${staffId}` as ParticipantId;
export const citizenParticipant = (visitId: string) => `citizen:${visitId}` as ParticipantId;
export const guestParticipant = (guestId: string) => `guest:${guestId}` as ParticipantId;
