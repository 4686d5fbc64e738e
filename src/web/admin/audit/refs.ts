import type { TFunction } from 'i18next';

/** Kinds of "<kind>:<id>" references in the trail whose names the admin page can look up. */
const NAMED_KINDS = ['staff', 'api_key'] as const;
export type NamedKind = (typeof NAMED_KINDS)[number];

/** Names by "<kind>:<id>", e.g. "staff:…" → "Anna Admin", from lists the admin may read anyway. */
export type RefNames = Map<string, string>;

/**
 * An actor or object of an audit event for people: "Mitarbeitende: Anna Admin" when the name is known,
 * "System" for the system, else the reference as stored (e.g. of a since deleted account). The trail
 * itself keeps ids only, so it holds no personal data.
 */
export function describeRef(ref: string | null, names: RefNames, t: TFunction): string {
  if (ref === null) return '–';
  if (ref === 'system') return t('adminIntegrations.audit.refKinds.system');
  const kind = ref.slice(0, ref.indexOf(':'));
  const name = names.get(ref);
  if (!name || !(NAMED_KINDS as readonly string[]).includes(kind)) return ref;
  return t('adminIntegrations.audit.namedRef', { kind: t(`adminIntegrations.audit.refKinds.${kind}`), name });
}
