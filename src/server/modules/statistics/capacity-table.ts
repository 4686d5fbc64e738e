import type { Statistics } from '../../../shared/statistics';
import type { ExportLanguage } from './statistics-table';

/**
 * Capacity offered vs booked as a table for the exports: office, service and the three figures, with
 * headings in the reader's language. A suppressed figure stays null (the writers say "< 5").
 */

const TEXTS = {
  de: {
    title: 'Kapazität',
    headings: ['Büro', 'Dienstleistung', 'Termine angeboten', 'Termine gebucht', 'Anteil gebucht (%)'],
    definition:
      'Angeboten: so viele Termine der Dienstleistung, wie die Mitarbeitenden des Büros im Zeitraum hätten übernehmen können (Terminraster der Buchung mit Puffern, Abwesenheiten und Zusatzzeiten). Gebucht: Termine im Zeitraum, wahrgenommen oder nicht; ohne abgesagte.',
  },
  en: {
    title: 'Capacity',
    headings: ['Office', 'Service', 'Appointments offered', 'Appointments booked', 'Share booked (%)'],
    definition:
      'Offered: as many appointments of the service as the office’s agents could have taken in the period (the booking’s slot grid with buffers, absences and extra hours). Booked: appointments in the period, kept or not; cancelled ones excluded.',
  },
} as const;

export function capacityTable(statistics: Statistics, lang: ExportLanguage) {
  const t = TEXTS[lang];
  return {
    title: t.title,
    headings: [...t.headings],
    definition: t.definition,
    rows: statistics.capacity.map((row) => ({
      office: row.officeName,
      service: row.serviceName,
      // No share without capacity: a dash, not the "< 5" of a suppressed figure.
      figures: [row.offered, row.booked, row.booked !== null && row.share === null ? '–' : row.share],
    })),
  };
}
