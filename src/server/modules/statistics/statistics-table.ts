import { Temporal } from 'temporal-polyfill';
import {
  COUNT_KEYS,
  OUTCOME_KEYS,
  STATISTICS_DIMENSIONS,
  type Statistics,
  type StatisticsDimension,
  type StatisticsRow,
} from '../../../shared/statistics';

/**
 * The statistics as tables for the exports (CSV, XLSX): one per grouping, the same columns as the page,
 * headings and labels in the reader's language. A suppressed figure stays null (the writers say "< 5").
 */

export type ExportLanguage = 'de' | 'en';
export type ExportCell = string | number | null;

export interface ExportTable {
  dimension: StatisticsDimension | 'total';
  title: string;
  rows: { label: string; cells: (number | null)[] }[];
}

const TEXTS = {
  de: {
    dimensions: {
      total: 'Gesamt',
      office: 'Büro',
      service: 'Dienstleistung',
      weekday: 'Wochentag',
      hour: 'Stunde',
      week: 'Woche',
      month: 'Monat',
      kind: 'Art',
    },
    group: 'Gliederung',
    label: 'Bezeichnung',
    noService: 'Ohne Angabe',
    kinds: { walk_in: 'Spontan', appointment: 'Termin' },
    week: (n: number, year: number) => `KW ${n}/${year}`,
    counts: {
      cases: 'Fälle',
      walkIns: 'Spontan',
      appointments: 'Mit Termin',
      served: 'Bedient',
      leftWaiting: 'Vor dem Aufruf gegangen',
      leftInCall: 'Im Gespräch gegangen',
      missed: 'Verpasst',
      transferred: 'Weitergeleitet erhalten',
      recalled: 'Erneut aufgerufen',
      parked: 'Geparkt',
      noShows: 'Termine nicht wahrgenommen',
      performed: 'Erbrachte Leistungen',
    },
    outcomes: {
      resolved: 'Ergebnis: erledigt',
      follow_up: 'Ergebnis: Folgetermin',
      documents_missing: 'Ergebnis: Unterlagen fehlen',
      forwarded: 'Ergebnis: weitergeleitet',
      other: 'Ergebnis: sonstiges',
      none: 'Ergebnis: ohne Angabe',
    },
    wait: 'Wartezeit (min)',
    talk: 'Gesprächsdauer (min)',
    durations: { cases: 'Fälle', median: 'Median', p90: '90 %', max: 'Maximum' },
    hour: (h: number) => `${String(h).padStart(2, '0')}–${String(h + 1).padStart(2, '0')} Uhr`,
    locale: 'de-DE',
    ratings: 'Bewertungen',
    stars: (n: number) => (n === 1 ? '1 Stern' : `${n} Sterne`),
    ratingsTotal: 'Bewertungen insgesamt',
    ratingsByService: 'Bewertungen sind keiner Dienstleistung zugeordnet: mit diesem Filter gibt es keine.',
    notes: 'Hinweise',
    period: 'Zeitraum',
    all: 'alle',
    timeZone: 'Zeitzone (Tage und Stunden)',
    rule: 'Datenschutz',
    ruleText: (n: number) =>
      `Zahlen unter ${n} Fällen werden nicht gezeigt („< ${n}“), ebenso eine zweite Zahl, aus der sich eine solche errechnen ließe.`,
    definitions: 'Zeiten',
    definitionsText:
      'Wartezeit und Gesprächsdauer in ganzen Minuten (gerundet) der Vorsprachen mit angenommenem Aufruf; Median und 90 % nach dem Rangverfahren.',
  },
  en: {
    dimensions: {
      total: 'Total',
      office: 'Office',
      service: 'Service',
      weekday: 'Weekday',
      hour: 'Hour',
      week: 'Week',
      month: 'Month',
      kind: 'Kind',
    },
    group: 'Grouping',
    label: 'Label',
    noService: 'Not stated',
    kinds: { walk_in: 'Walk-in', appointment: 'Appointment' },
    week: (n: number, year: number) => `Week ${n}/${year}`,
    counts: {
      cases: 'Cases',
      walkIns: 'Walk-ins',
      appointments: 'With appointment',
      served: 'Served',
      leftWaiting: 'Left before the call',
      leftInCall: 'Left during the call',
      missed: 'Missed',
      transferred: 'Transferred in',
      recalled: 'Called again',
      parked: 'Parked',
      noShows: 'Appointments not kept',
      performed: 'Services performed',
    },
    outcomes: {
      resolved: 'Outcome: resolved',
      follow_up: 'Outcome: follow-up',
      documents_missing: 'Outcome: documents missing',
      forwarded: 'Outcome: forwarded',
      other: 'Outcome: other',
      none: 'Outcome: not stated',
    },
    wait: 'Waiting time (min)',
    talk: 'Talk time (min)',
    durations: { cases: 'cases', median: 'median', p90: '90 %', max: 'maximum' },
    hour: (h: number) => `${String(h).padStart(2, '0')}:00–${String(h + 1).padStart(2, '0')}:00`,
    locale: 'en-GB',
    ratings: 'Ratings',
    stars: (n: number) => (n === 1 ? '1 star' : `${n} stars`),
    ratingsTotal: 'Ratings in all',
    ratingsByService: 'Ratings belong to no service: with this filter there are none.',
    notes: 'Notes',
    period: 'Period',
    all: 'all',
    timeZone: 'Time zone (days and hours)',
    rule: 'Privacy',
    ruleText: (n: number) =>
      `Figures of fewer than ${n} cases are not shown ("< ${n}"), nor is a second figure from which one could be worked out.`,
    definitions: 'Times',
    definitionsText:
      'Waiting and talk time in whole minutes (rounded) of visits whose call was answered; median and 90 % by nearest rank.',
  },
} as const;

type Texts = (typeof TEXTS)[ExportLanguage];
const DURATION_KEYS = ['cases', 'median', 'p90', 'max'] as const;

/** The column headings after the label, in the order of ExportTable cells. */
export function columnHeadings(lang: ExportLanguage): string[] {
  const t = TEXTS[lang];
  return [
    ...COUNT_KEYS.map((k) => t.counts[k]),
    ...OUTCOME_KEYS.map((k) => t.outcomes[k]),
    ...DURATION_KEYS.map((k) => `${t.wait}: ${t.durations[k]}`),
    ...DURATION_KEYS.map((k) => `${t.talk}: ${t.durations[k]}`),
  ];
}

const cellsOf = (row: StatisticsRow) => [
  ...COUNT_KEYS.map((k) => row.counts[k]),
  ...OUTCOME_KEYS.map((k) => row.outcomes[k]),
  ...DURATION_KEYS.map((k) => row.wait[k]),
  ...DURATION_KEYS.map((k) => row.talk[k]),
];

/** A row's label in the reader's language (names of offices and services as they are). */
function labelOf(dimension: StatisticsDimension, row: StatisticsRow, t: Texts) {
  switch (dimension) {
    case 'office':
      return row.label;
    case 'service':
      return row.key === '' ? t.noService : row.label;
    case 'weekday':
      // 2024-01-01 was a Monday: the key's day of that week, named by the locale.
      return new Intl.DateTimeFormat(t.locale, { weekday: 'long', timeZone: 'UTC' }).format(
        new Date(Date.UTC(2024, 0, Number(row.key))),
      );
    case 'hour':
      return t.hour(Number(row.key));
    case 'week': {
      const monday = Temporal.PlainDate.from(row.key);
      return t.week(monday.weekOfYear!, monday.yearOfWeek!);
    }
    case 'month':
      return new Intl.DateTimeFormat(t.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
        new Date(`${row.key}-01T00:00:00Z`),
      );
    case 'kind':
      return t.kinds[row.key as keyof Texts['kinds']];
  }
}

/** The total and every grouping as tables, with headings and labels in `lang`. */
export function exportTables(statistics: Statistics, lang: ExportLanguage): ExportTable[] {
  const t = TEXTS[lang];
  return [
    {
      dimension: 'total',
      title: t.dimensions.total,
      rows: [{ label: t.dimensions.total, cells: cellsOf(statistics.total) }],
    },
    ...STATISTICS_DIMENSIONS.map((dimension) => ({
      dimension,
      title: t.dimensions[dimension],
      rows: statistics.dimensions[dimension].map((row) => ({
        label: labelOf(dimension, row, t),
        cells: cellsOf(row),
      })),
    })),
  ];
}

/** The headings of the grouping and label columns. */
export const leadingHeadings = (lang: ExportLanguage) => [TEXTS[lang].group, TEXTS[lang].label];

/** The ratings as label and count rows (none when a service filter is set: ratings have no service). */
export function ratingRows(statistics: Statistics, lang: ExportLanguage) {
  const t = TEXTS[lang];
  const { ratings } = statistics;
  return {
    title: t.ratings,
    note: ratings.available ? null : t.ratingsByService,
    rows: ratings.available
      ? [
          ...ratings.stars.map((count, i) => ({ label: t.stars(i + 1), count })),
          { label: t.ratingsTotal, count: ratings.total },
        ]
      : [],
  };
}

/** What the figures are: period, filters, time zone and the rules, as label and text. */
export function exportNotes(statistics: Statistics, lang: ExportLanguage) {
  const t = TEXTS[lang];
  const { filter } = statistics;
  const name = (list: { id: string; name: string }[], id: string | null) =>
    id ? (list.find((item) => item.id === id)?.name ?? id) : t.all;
  return {
    title: t.notes,
    rows: [
      [t.period, `${filter.from} – ${filter.to}`],
      [t.dimensions.office, name(statistics.offices, filter.officeId)],
      [t.dimensions.service, name(statistics.services, filter.serviceId)],
      [t.timeZone, statistics.timeZone],
      [t.rule, t.ruleText(statistics.minCases)],
      [t.definitions, t.definitionsText],
    ] as [string, string][],
  };
}
