import type { ProtocolRecord } from '../../../shared/consultations';

/** What an erased citizen is called in the protocols the authority must keep. */
export const PSEUDONYM = 'Pseudonymisiert';
/** What stands where a text named the citizen (their name, address or number). */
export const REDACTED = '[entfernt]';

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces every occurrence of the identifiers (case-insensitive, longest first so that "Anna Schmidt"
 * goes before "Anna") in every string of a JSON value; keys and other values stay as they are.
 */
export function redact<T>(value: T, identifiers: readonly string[]): T {
  const wanted = [...new Set(identifiers.map((i) => i.trim()).filter(Boolean))].sort(
    (a, b) => b.length - a.length,
  );
  if (wanted.length === 0) return value;
  const pattern = new RegExp(wanted.map(literal).join('|'), 'giu');
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') return node.replace(pattern, REDACTED);
    if (Array.isArray(node)) return node.map(walk);
    if (node && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    }
    return node;
  };
  return walk(value) as T;
}

/**
 * A protocol the authority keeps after the citizen's data was erased: the citizen is a pseudonym, and
 * their name, address and number are gone from every text (concern, notes, chat, form answers, file
 * names). What was done, when and with which result stays, as the record of the authority's work.
 */
export function pseudonymiseProtocol(record: ProtocolRecord, identifiers: readonly string[]): ProtocolRecord {
  const redacted = redact(record, identifiers);
  return {
    ...redacted,
    participants: { ...redacted.participants, citizen: { name: PSEUDONYM } },
  };
}
