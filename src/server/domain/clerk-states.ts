/**
 * How a clerk's state counts in an office's figures: pure rules, no I/O (office-figures.ts loads the
 * chairs, i.e. the clerks whose presence in the office is live).
 */
import type { ClerkActivity } from '../../shared/clerk-states';

export interface Chair {
  /** A consultation of theirs is live. */
  inCall: boolean;
  /** They set a break. */
  onBreak: boolean;
  /** Their follow-up work after the last call is under way. */
  inFollowUp: boolean;
}

/**
 * A call shows above everything (the next call ends a break or the follow-up work, though the change
 * is written a moment after the call began). A break set during follow-up work ends it.
 */
export function activityOf(chair: Chair): ClerkActivity {
  if (chair.inCall) return 'in_call';
  if (chair.onBreak) return 'break';
  if (chair.inFollowUp) return 'follow_up';
  return 'available';
}

/**
 * Chairs served: every clerk present except those on a break (they take nobody). Free chairs: those
 * available now; follow-up work serves but is busy, like a call.
 */
export function chairFigures(chairs: readonly Chair[]) {
  const activities = chairs.map(activityOf);
  return {
    agentsServing: activities.filter((a) => a !== 'break').length,
    freeAgents: activities.filter((a) => a === 'available').length,
  };
}
