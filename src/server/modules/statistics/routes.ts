import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { STATISTICS_ROLES } from '../../../shared/roles';
import { ExportQuery, Statistics, StatisticsQuery } from '../../../shared/statistics';
import type { AppContext } from '../../context';
import { principal, requireStaff } from '../auth/guard';
import { loadCapacity } from './statistics-capacity';
import { statisticsCsv } from './statistics-csv';
import { loadTallies } from './statistics-query';
import { buildStatistics } from './statistics-report';
import { resolveScope } from './statistics-scope';
import { statisticsXlsx } from './statistics-xlsx';

/**
 * /api/statistics — the authority's figures for leads, admins and the reporting role (403 for others),
 * as JSON for the page and as CSV and XLSX downloads with the same figures.
 */
export const statisticsRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.addHook('preHandler', requireStaff(ctx, STATISTICS_ROLES));

  const compute = async (request: Parameters<typeof principal>[0], query: StatisticsQuery) => {
    const { scope, lists, officeId } = await resolveScope(ctx, principal(request), query);
    const [tallies, capacity] = await Promise.all([
      loadTallies(ctx.db, scope),
      loadCapacity(ctx.db, scope, lists),
    ]);
    return { ...buildStatistics(scope, tallies, lists, officeId), capacity };
  };
  const fileName = (statistics: Statistics, extension: string) =>
    `attachment; filename="statistik-${statistics.filter.from}-${statistics.filter.to}.${extension}"`;

  app.get('/', { schema: { querystring: StatisticsQuery, response: { 200: Statistics } } }, async (request) =>
    compute(request, request.query),
  );

  app.get('/export.csv', { schema: { querystring: ExportQuery } }, async (request, reply) => {
    const { lang, ...query } = request.query;
    const statistics = await compute(request, query);
    return reply
      .header('content-disposition', fileName(statistics, 'csv'))
      .type('text/csv; charset=utf-8')
      .send(statisticsCsv(statistics, lang));
  });

  app.get('/export.xlsx', { schema: { querystring: ExportQuery } }, async (request, reply) => {
    const { lang, ...query } = request.query;
    const statistics = await compute(request, query);
    return reply
      .header('content-disposition', fileName(statistics, 'xlsx'))
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(await statisticsXlsx(statistics, lang));
  });
};
