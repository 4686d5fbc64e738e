import type { GermanState } from '../../../shared/admin';
import type { Db } from '../../db/client';

export interface NewTenant {
  slug: string;
  name: string;
  timeZone?: string;
  holidayState?: GermanState;
}

/** Creates an authority; the first step when an IT provider adds a customer. */
export async function createTenant(db: Db, t: NewTenant): Promise<string> {
  const [row] = await db.query<{ id: string }>(
    `INSERT INTO tenants (slug, name, time_zone, holiday_state) VALUES ($1, $2, $3, $4) RETURNING id`,
    [t.slug, t.name, t.timeZone ?? 'Europe/Berlin', t.holidayState ?? 'BY'],
  );
  return row!.id;
}
