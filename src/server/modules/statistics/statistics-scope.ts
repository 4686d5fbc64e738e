import type { StatisticsQuery } from '../../../shared/statistics';
import type { AppContext } from '../../context';
import { notFound } from '../../http/problem';
import { UNIT_SUBTREE } from '../admin/unit-tree';
import type { StaffPrincipal } from '../auth/sessions';
import type { StatisticsScope } from './statistics-query';

/** Without a period the page shows the last four weeks, today included. */
const DEFAULT_DAYS = 28;

type Named = { id: string; name: string };

/**
 * What a reader may see and asked for: admins and the reporting role the whole authority, a lead the
 * offices of their unit and the units below it (as they manage them). An office or service the reader
 * cannot see answers 404, as elsewhere.
 */
export async function resolveScope(ctx: AppContext, me: StaffPrincipal, query: StatisticsQuery) {
  const [tenant] = await ctx.db.query<{ timeZone: string }>(
    'SELECT time_zone AS "timeZone" FROM tenants WHERE id = $1',
    [me.tenantId],
  );
  const timeZone = tenant!.timeZone;
  const wholeAuthority = me.role !== 'lead';
  const offices = await ctx.db.query<Named>(
    `${UNIT_SUBTREE}
     SELECT o.id, o.name FROM offices o
      WHERE o.tenant_id = $1 AND ($3 OR o.unit_id IN (SELECT id FROM subtree)) ORDER BY o.name, o.id`,
    [me.tenantId, me.unitId, wholeAuthority],
  );
  const services = await ctx.db.query<Named>(
    'SELECT id, name FROM services WHERE tenant_id = $1 ORDER BY name, id',
    [me.tenantId],
  );
  if (query.officeId && !offices.some((o) => o.id === query.officeId)) throw notFound('Office');
  if (query.serviceId && !services.some((s) => s.id === query.serviceId)) throw notFound('Service');
  const today = ctx.clock().toZonedDateTimeISO(timeZone).toPlainDate();
  const scope: StatisticsScope = {
    tenantId: me.tenantId,
    timeZone,
    from: query.from ?? today.subtract({ days: DEFAULT_DAYS - 1 }).toString(),
    to: query.to ?? today.toString(),
    officeIds: query.officeId ? [query.officeId] : wholeAuthority ? null : offices.map((o) => o.id),
    serviceId: query.serviceId ?? null,
    openFrom: today.with({ day: 1 }).toString(),
  };
  return { scope, lists: { offices, services }, officeId: query.officeId ?? null };
}
