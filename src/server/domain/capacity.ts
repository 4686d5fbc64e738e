import type { CapacityRow } from '../../shared/statistics';
import type { SlotService, SlotSpan } from './slots';
import { publishCount } from './statistics';

const MINUTE = 60_000;

/**
 * How many appointments fit into the free slots (slots.ts slotCandidates, sorted by start): per agent,
 * each slot taken as early as it can be, after the previous one's talk and buffers. The search's grid
 * steps by the talk alone, so neighbouring slots overlap in their buffers and only every other one
 * could be booked; earliest-first takes the most of equal-length slots.
 */
export function appointmentsThatFit(slots: readonly SlotSpan[], service: SlotService): number {
  const before = service.bufferBeforeMinutes * MINUTE;
  const blocked = (service.durationMinutes + service.bufferAfterMinutes) * MINUTE;
  const freeFrom = new Map<string, number>();
  let fit = 0;
  for (const { start, agentIds } of slots) {
    for (const agentId of agentIds) {
      if (start - before < (freeFrom.get(agentId) ?? Number.NEGATIVE_INFINITY)) continue;
      freeFrom.set(agentId, start + blocked);
      fit += 1;
    }
  }
  return fit;
}

/** The published figures: booked suppressed below MIN_CASES, and the share with it. */
export function publishCapacity(
  offered: number,
  booked: number,
): Pick<CapacityRow, 'offered' | 'booked' | 'share'> {
  const shown = publishCount(booked);
  return {
    offered,
    booked: shown,
    share: shown === null || offered === 0 ? null : Math.round((shown / offered) * 100),
  };
}
