import ExcelJS from 'exceljs';
import type { Statistics } from '../../../shared/statistics';
import { capacityTable } from './capacity-table';
import { inertText, SUPPRESSED } from './statistics-csv';
import {
  columnHeadings,
  type ExportLanguage,
  exportNotes,
  exportTables,
  leadingHeadings,
  ratingRows,
} from './statistics-table';

/**
 * A workbook with a sheet per grouping (the same columns as the page and the CSV), the ratings and a
 * sheet of notes (period, filters, time zone, rules). Figures are numbers; suppressed ones the text
 * "< 5".
 */
export async function statisticsXlsx(statistics: Statistics, lang: ExportLanguage): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Amtsraum';
  const suppressed = SUPPRESSED(statistics.minCases);
  const figure = (n: number | string | null) => n ?? suppressed;
  const [, labelHeading] = leadingHeadings(lang);
  const sheet = (title: string, header: string[]) => {
    const created = workbook.addWorksheet(title, { views: [{ state: 'frozen', xSplit: 1, ySplit: 1 }] });
    created.addRow(header).font = { bold: true };
    created.getColumn(1).width = 32;
    return created;
  };
  for (const table of exportTables(statistics, lang)) {
    const created = sheet(table.title, [labelHeading!, ...columnHeadings(lang)]);
    for (const row of table.rows) created.addRow([inertText(row.label), ...row.cells.map(figure)]);
  }
  const ratings = ratingRows(statistics, lang);
  const ratingSheet = sheet(ratings.title, [labelHeading!, columnHeadings(lang)[0]!]);
  for (const row of ratings.rows) ratingSheet.addRow([row.label, figure(row.count)]);
  if (ratings.note) ratingSheet.addRow([ratings.note]);
  const capacity = capacityTable(statistics, lang);
  const capacitySheet = sheet(capacity.title, capacity.headings);
  capacitySheet.getColumn(2).width = 32;
  for (const row of capacity.rows)
    capacitySheet.addRow([inertText(row.office), inertText(row.service), ...row.figures.map(figure)]);
  const notes = exportNotes(statistics, lang);
  const notesSheet = workbook.addWorksheet(notes.title);
  notesSheet.getColumn(1).width = 32;
  notesSheet.getColumn(2).width = 100;
  for (const [label, text] of notes.rows) notesSheet.addRow([label, inertText(text)]);
  notesSheet.addRow([capacity.title, capacity.definition]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
