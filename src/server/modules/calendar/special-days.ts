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
