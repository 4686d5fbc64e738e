import { useCallback, useState } from 'react';
import { adminApi } from '../../api/admin';
import { useLoad } from '../../hooks/useLoad';

export const AUDIT_PAGE_SIZE = 50;

/**
 * Pages through the trail newest first, optionally of one action. Each page starts below the sequence
 * number where the one before ended (a cursor, so new events never shift pages); one event more than
 * shown tells whether older ones exist.
 */
export function useAuditPages() {
  const [action, setAction] = useState('');
  // The cursor of each page visited so far; the last is the page shown. The first page has none.
  const [cursors, setCursors] = useState<(number | undefined)[]>([undefined]);
  const before = cursors.at(-1);
  const load = useCallback(
    () => adminApi.audit.list({ action: action || undefined, before, limit: AUDIT_PAGE_SIZE + 1 }),
    [action, before],
  );
  const page = useLoad(load);
  const events = page.data?.slice(0, AUDIT_PAGE_SIZE);
  const last = events?.at(-1);
  return {
    action,
    events,
    error: page.error,
    reload: page.reload,
    /** 1 for the newest page. */
    number: cursors.length,
    filter(next: string) {
      setAction(next);
      setCursors([undefined]);
    },
    older:
      last && (page.data?.length ?? 0) > AUDIT_PAGE_SIZE ? () => setCursors((c) => [...c, last.seq]) : null,
    newer: cursors.length > 1 ? () => setCursors((c) => c.slice(0, -1)) : null,
  };
}
