import { useEffect, useState } from 'react';
import type { OfficeQueue, WaitingEntry } from '../../shared/realtime';
import { MAX_WAITING_PAGE } from '../../shared/visits';
import { staffApi } from '../api/staff';

/** How many more entries each "show more" asks for. */
export const MORE_PAGE = 50;

/**
 * A long queue beyond the head the socket pushes: the agent asks for more, MORE_PAGE at a time. What is
 * shown beyond the head is read again with every push of the office, since places move as the head
 * does; an answer overtaken by a newer push is dropped.
 */
export function useMoreWaiting(queue: OfficeQueue) {
  const [wanted, setWanted] = useState(0);
  const [beyond, setBeyond] = useState<WaitingEntry[]>([]);
  const [failed, setFailed] = useState(false);
  const from = queue.waiting.length;
  useEffect(() => {
    if (wanted === 0) return;
    let current = true;
    staffApi.waitingPage(queue.officeId, from, wanted).then(
      (page) => {
        if (!current) return;
        setBeyond(page.entries);
        setFailed(false);
      },
      () => {
        if (current) setFailed(true);
      },
    );
    return () => {
      current = false;
    };
  }, [queue, from, wanted]);
  const inHead = new Set(queue.waiting.map((entry) => entry.visitId));
  const rows =
    wanted === 0
      ? queue.waiting
      : [...queue.waiting, ...beyond.filter((entry) => !inHead.has(entry.visitId))];
  return {
    rows,
    /** The last read of the entries beyond the head failed (they show as they were). */
    failed,
    canShowMore: wanted + MORE_PAGE <= MAX_WAITING_PAGE,
    showMore: () => setWanted((shown) => Math.min(shown + MORE_PAGE, MAX_WAITING_PAGE)),
  };
}
