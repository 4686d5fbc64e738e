import type { Temporal } from 'temporal-polyfill';
import type { Db } from '../../db/client';
import { type JobHandler, scheduleSingleton } from '../../jobs/queue';
import { ensureMonthTallies } from './month-tallies';
import { ensureOfferedMonths } from './offered-months';

export const STATISTICS_MONTHS_JOB = 'statistics.months';
const EVERY_HOURS = 24;
/** A statistics period reaches back at most two years: so far back months are kept ready. */
const MONTHS_BACK = 24;

/** Plans the next run unless one is already pending. */
export const scheduleStatisticsMonths = (db: Db, delaySeconds = 0) =>
  scheduleSingleton(db, STATISTICS_MONTHS_JOB, delaySeconds);

/**
 * Each night: builds every authority's tallies and capacity offers of the closed months of the last
 * two years that are not kept (a month just over, or one a late change dropped), so the first
 * statistics request of a morning does not build them itself. Months in each authority's own calendar.
 */
export function createStatisticsMonthsJob(deps: { db: Db; clock: () => Temporal.Instant }): JobHandler {
  return async () => {
    const tenants = await deps.db.query<{ id: string; timeZone: string }>(
      'SELECT id, time_zone AS "timeZone" FROM tenants ORDER BY id',
    );
    for (const tenant of tenants) {
      const open = deps.clock().toZonedDateTimeISO(tenant.timeZone).toPlainDate().with({ day: 1 });
      const months = Array.from({ length: MONTHS_BACK }, (_, i) =>
        open.subtract({ months: MONTHS_BACK - i }).toString(),
      );
      await ensureMonthTallies(deps.db, tenant.id, months);
      // The month just over is kept as offered now, before anyone changes next month's hours.
      await ensureOfferedMonths(deps.db, tenant.id, months);
    }
    await scheduleStatisticsMonths(deps.db, EVERY_HOURS * 3600);
  };
}
