import type { Db } from '../../db/client';
import type { VisitEvents } from '../visits/visit-events';
import type { VisitChange } from '../visits/visit-store';
import { presenceOffices } from './clerk-state-store';
import { backToWork, startFollowUp } from './follow-up';

export interface ClerkStateEventsDeps {
  db: Db;
  /** The app's clock: follow-up work is measured by it. */
  clock: () => Date;
}

/**
 * Visit events that keep clerk states in step with calls: every change is published through them (the
 * staff routes, the protocol's end of a call, a citizen leaving), so a call's start ends the clerk's
 * break or follow-up work and its end begins the follow-up work, before the offices are told. Written
 * after the change committed: lost to a crash in between is only a follow-up period.
 */
export function withClerkStates(events: VisitEvents, { db, clock }: ClerkStateEventsDeps): VisitEvents {
  return {
    ...events,
    async published(change: VisitChange) {
      if (change.ended) await startFollowUp(db, change.ended, clock());
      if (change.started) await backToWork(db, change.started.agentId);
      await events.published(change);
      // The clerk's chairs in the other offices they serve turned busy or free as well.
      const agents = new Set(
        [change.ended?.agentId, change.started?.agentId].filter((id) => id !== undefined),
      );
      const others = new Set<string>();
      for (const agentId of agents) {
        for (const officeId of await presenceOffices(db, agentId))
          if (!change.officeIds.includes(officeId)) others.add(officeId);
      }
      if (others.size > 0) await events.officeChanged([...others], []); // chairs only, no visit moved
    },
  };
}
