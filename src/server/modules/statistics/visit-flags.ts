import type { Outcome } from '../../../shared/consultations';

/**
 * visit_facts.flags: how a visit went, in one small number (migration 0033 writes it with this layout):
 * 1 appointment, 2 answered, 4 transferred, 8 recalled, 16 parked, 32 × status, 128 × outcome.
 */
export interface VisitFlags {
  appointment: boolean;
  /** A call the citizen took part in (not only calls nobody answered). */
  answered: boolean;
  transferred: boolean;
  recalled: boolean;
  parked: boolean;
  status: 'done' | 'left' | 'missed';
  outcome: Outcome | null;
}

const STATUSES = ['done', 'left', 'missed'] as const;
const OUTCOMES = [null, 'resolved', 'follow_up', 'documents_missing', 'forwarded', 'other'] as const;

/** SQL: the flag of appointments, for grouping visits by kind. */
export const APPOINTMENT_FLAG = '(f.flags & 1)';

export function readFlags(flags: number): VisitFlags {
  return {
    appointment: (flags & 1) !== 0,
    answered: (flags & 2) !== 0,
    transferred: (flags & 4) !== 0,
    recalled: (flags & 8) !== 0,
    parked: (flags & 16) !== 0,
    status: STATUSES[(flags >> 5) & 3]!,
    outcome: OUTCOMES[(flags >> 7) & 7] ?? null,
  };
}
