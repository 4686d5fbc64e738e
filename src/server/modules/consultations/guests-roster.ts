import type { CallPeer, ParticipantId } from '../../../shared/realtime';
import { agentParticipant, citizenParticipant, guestParticipant } from '../visits/participants';

/** Someone in a live call, in the order they joined. */
export interface RosterEntry {
  id: ParticipantId;
  /** A guest's label; null for agent and citizen. */
  label: string | null;
}

export interface JoinedGuest {
  id: string;
  label: string;
  joinedAt: Date;
}

/**
 * Everyone in a live call: the agent, the citizen, then the guests in the order they redeemed their
 * links (ties by id). This order decides perfect negotiation's roles, the same on every side.
 */
export function callRoster(live: { agentId: string; visitId: string }, guests: JoinedGuest[]): RosterEntry[] {
  const ordered = [...guests].sort(
    (a, b) => a.joinedAt.getTime() - b.joinedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return [
    { id: agentParticipant(live.agentId), label: null },
    { id: citizenParticipant(live.visitId), label: null },
    ...ordered.map((guest) => ({ id: guestParticipant(guest.id), label: guest.label })),
  ];
}

/**
 * The others as `self` sees them: of each pair the earlier in the roster is impolite and makes the first
 * offer, so the agent is impolite to everyone and a newcomer waits for the offers of those already there.
 */
export function peersOf(roster: RosterEntry[], self: ParticipantId): CallPeer[] {
  const own = roster.findIndex((entry) => entry.id === self);
  return roster.flatMap((entry, index) =>
    entry.id === self ? [] : [{ id: entry.id, label: entry.label, polite: own > index }],
  );
}
