import type { Queryable } from '../../db/client';
import type { OfficeCalendar } from '../../domain/opening';
import type { DateException } from '../../domain/special-days';

/**
 * SQL over an office `o`: its special dates as `exceptions` and the holidays that close it besides the
 * state's as `localHolidays` ("MM-DD": the authority's and the office's own), as OfficeCalendar takes them.
 */
export const SPECIAL_DAY_COLUMNS = `
  (SELECT coalesce(json_agg(json_build_object('firstDay', e.first_day, 'lastDay', e.last_day, 'hours', e.hours)
                            ORDER BY e.first_day), '[]')
     FROM office_calendar_exceptions e WHERE e.office_id = o.id) AS exceptions,
  (SELECT coalesce(json_agg(DISTINCT h.month_day), '[]') FROM local_holidays h
    WHERE h.tenant_id = o.tenant_id AND (h.office_id IS NULL OR h.office_id = o.id)) AS "localHolidays"`;

export interface SpecialDays {
  exceptions: DateException[];
  localHolidays: string[];
}

/** The office's calendar with its special dates and local holidays added. */
export async function withSpecialDays(
  db: Queryable,
  officeId: string,
  calendar: OfficeCalendar,
): Promise<OfficeCalendar> {
  const [row] = await db.query<SpecialDays>(`SELECT ${SPECIAL_DAY_COLUMNS} FROM offices o WHERE o.id = $1`, [
    officeId,
  ]);
  return { ...calendar, ...row };
}
