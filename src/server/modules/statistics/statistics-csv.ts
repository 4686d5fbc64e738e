import { stringify } from 'csv-stringify/sync';
import type { Statistics } from '../../../shared/statistics';
import { capacityTable } from './capacity-table';
import {
  columnHeadings,
  type ExportLanguage,
  exportTables,
  leadingHeadings,
  ratingRows,
} from './statistics-table';

/** How a suppressed figure is written. */
export const SUPPRESSED = (minCases: number) => `< ${minCases}`;

/**
 * A text a spreadsheet would take for a formula (=, +, -, @, tab, CR at the start) is prefixed with an
 * apostrophe (OWASP "CSV injection"): office and service names are typed by admins.
 */
export const inertText = (text: string) => (/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);

/**
 * One CSV of every grouping, a row per group with the grouping's name first; the ratings follow as rows
 * of their own whose count stands in the cases column. Semicolons and a byte-order mark, so that a
 * German spreadsheet program opens it as it is.
 */
export function statisticsCsv(statistics: Statistics, lang: ExportLanguage): string {
  const suppressed = SUPPRESSED(statistics.minCases);
  const figure = (n: number | string | null) => n ?? suppressed;
  const records = exportTables(statistics, lang).flatMap((table) =>
    table.rows.map((row) => [table.title, inertText(row.label), ...row.cells.map(figure)]),
  );
  const ratings = ratingRows(statistics, lang);
  for (const row of ratings.rows) records.push([ratings.title, row.label, figure(row.count)]);
  const header = [...leadingHeadings(lang), ...columnHeadings(lang)];
  // Capacity has columns of its own: a second table below the first, after an empty line, its rows
  // named by the grouping like the others.
  const capacity = capacityTable(statistics, lang);
  const capacityRecords = [
    [],
    [leadingHeadings(lang)[0], ...capacity.headings],
    ...capacity.rows.map((row) => [
      capacity.title,
      inertText(row.office),
      inertText(row.service),
      ...row.figures.map(figure),
    ]),
  ];
  return `\uFEFF${stringify([header, ...records, ...capacityRecords], { delimiter: ';' })}`;
}
