import { type Office, type OpeningInterval, WEEKDAYS, type Weekday } from '../../../shared/admin';
import { toNumber } from '../services/draft';

export interface OfficeDraft {
  unitId: string;
  name: string;
  slug: string;
  capacity: string;
  /** Empty: none (the API takes null). */
  address: string;
  directions: string;
  openingHours: Record<Weekday, OpeningInterval[]>;
  closedDays: string[];
}

const noHours = () =>
  Object.fromEntries(WEEKDAYS.map((day) => [day, []])) as unknown as Record<Weekday, OpeningInterval[]>;

export function toDraft(office: Office | null, defaultUnitId: string): OfficeDraft {
  if (!office) {
    return {
      unitId: defaultUnitId,
      name: '',
      slug: '',
      capacity: '20',
      address: '',
      directions: '',
      openingHours: noHours(),
      closedDays: [],
    };
  }
  const openingHours = noHours();
  for (const day of WEEKDAYS) openingHours[day] = office.openingHours[day] ?? [];
  return {
    unitId: office.unitId,
    name: office.name,
    slug: office.slug,
    capacity: String(office.capacity),
    address: office.address ?? '',
    directions: office.directions ?? '',
    openingHours,
    closedDays: office.closedDays,
  };
}

/** The body for the API: closed weekdays are left out, as the schema expects. */
export function fromDraft(draft: OfficeDraft) {
  const openingHours = Object.fromEntries(
    WEEKDAYS.filter((day) => draft.openingHours[day].length > 0).map((day) => [day, draft.openingHours[day]]),
  );
  return {
    ...draft,
    capacity: toNumber(draft.capacity),
    address: draft.address.trim() || null,
    directions: draft.directions.trim() || null,
    openingHours,
  };
}

/** A proposal for the address part: "Bürgerbüro Mitte" becomes "buergerbuero-mitte". */
export function slugify(name: string): string {
  return name
    .toLowerCase()
    .replaceAll('ä', 'ae')
    .replaceAll('ö', 'oe')
    .replaceAll('ü', 'ue')
    .replaceAll('ß', 'ss')
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63);
}
