import type { GermanState } from '../../../shared/admin';
import { RESERVED_SEGMENTS } from '../../../shared/reserved';
import type { Db } from '../../db/client';

export interface NewTenant {
  slug: string;
  name: string;
  timeZone?: string;
  holidayState?: GermanState;
}

/** Creates an authority; the first step when an IT provider adds a customer. */
export async function createTenant(db: Db, t: NewTenant): Promise<string> {
  if ((RESERVED_SEGMENTS as readonly string[]).includes(t.slug)) {
    throw new Error(`"${t.slug}" is a path of the app itself and cannot name an authority`);
  }
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO tenants (slug, name, time_zone, holiday_state) VALUES ($1, $2, $3, $4) RETURNING id`,
    [t.slug, t.name, t.timeZone ?? 'Europe/Berlin', t.holidayState ?? 'BY'],
  );
  return row!.id;
}
