import type { Durations, RatingStatistics, StatisticsCounts, StatisticsRow } from '../../shared/statistics';
import { COUNT_KEYS, MIN_CASES, OUTCOME_KEYS } from '../../shared/statistics';

/**
 * The statistics' arithmetic, without I/O: tallies of visits per group (counts and histograms of whole
 * minutes), merged into coarser groups, turned into published rows with small cells suppressed.
 */

/** How many visits took each whole number of minutes. */
export type Histogram = Map<number, number>;

/** What is counted of one group of visits before anything is published. */
export interface Tally {
  counts: Record<keyof StatisticsCounts, number>;
  outcomes: Record<(typeof OUTCOME_KEYS)[number], number>;
  wait: Histogram;
  talk: Histogram;
}

export function emptyTally(): Tally {
  return {
    counts: Object.fromEntries(COUNT_KEYS.map((k) => [k, 0])) as Tally['counts'],
    outcomes: Object.fromEntries(OUTCOME_KEYS.map((k) => [k, 0])) as Tally['outcomes'],
    wait: new Map(),
    talk: new Map(),
  };
}

function addHistogram(into: Histogram, from: Histogram) {
  for (const [minutes, n] of from) into.set(minutes, (into.get(minutes) ?? 0) + n);
}

/** Adds `from` into `into` (a day's tally into its week's, an office's into the total). */
export function mergeTally(into: Tally, from: Tally) {
  for (const key of COUNT_KEYS) into.counts[key] += from.counts[key];
  for (const key of OUTCOME_KEYS) into.outcomes[key] += from.outcomes[key];
  addHistogram(into.wait, from.wait);
  addHistogram(into.talk, from.talk);
}

/**
 * The p-quantile by nearest rank: the smallest value with at least p·n values at or below it (the
 * median of 1, 2, 3, 4 is 2). Defined this way it needs no interpolation, so a histogram of whole
 * minutes gives it exactly, and rounding each time to minutes first changes nothing.
 */
export function nearestRank(histogram: Histogram, p: number): number | null {
  const n = [...histogram.values()].reduce((a, b) => a + b, 0);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(p * n));
  let seen = 0;
  for (const minutes of [...histogram.keys()].sort((a, b) => a - b)) {
    seen += histogram.get(minutes)!;
    if (seen >= rank) return minutes;
  }
  return null;
}

/** A count as published: 0 and 5 or more as they are, 1 to 4 suppressed (null). */
export const publishCount = (n: number): number | null => (n > 0 && n < MIN_CASES ? null : n);

const HIDDEN_TIMES: Durations = { cases: null, median: null, p90: null, max: null };

function durations(histogram: Histogram): Durations {
  const cases = [...histogram.values()].reduce((a, b) => a + b, 0);
  if (cases < MIN_CASES) return { cases: publishCount(cases), median: null, p90: null, max: null };
  return {
    cases,
    median: nearestRank(histogram, 0.5),
    p90: nearestRank(histogram, 0.9),
    max: Math.max(...histogram.keys()),
  };
}

/**
 * Cells that add up to a total shown beside them: one suppressed cell alone could be worked out by
 * subtraction, so the smallest other cell that is not 0 is suppressed with it.
 */
function protectSums<K extends string>(cells: Record<K, number | null>, keys: readonly K[]) {
  if (keys.filter((k) => cells[k] === null).length !== 1) return;
  const shown = keys.filter((k) => cells[k] !== null && cells[k] !== 0);
  const smallest = shown.sort((a, b) => (cells[a] as number) - (cells[b] as number))[0];
  if (smallest) cells[smallest] = null;
}

/** The published row of a group: figures of fewer than MIN_CASES visits never leave the server. */
export function publishRow(key: string, label: string, tally: Tally): StatisticsRow {
  const counts = Object.fromEntries(
    COUNT_KEYS.map((k) => [k, publishCount(tally.counts[k])]),
  ) as StatisticsRow['counts'];
  const outcomes = Object.fromEntries(
    OUTCOME_KEYS.map((k) => [k, publishCount(tally.outcomes[k])]),
  ) as StatisticsRow['outcomes'];
  if (counts.cases === null) {
    // A handful of visits: nothing of them is shown but how many no-shows (not visits) there were.
    for (const k of COUNT_KEYS) if (k !== 'noShows') counts[k] = null;
    for (const k of OUTCOME_KEYS) outcomes[k] = null;
  }
  protectSums(counts, ['walkIns', 'appointments']);
  protectSums(counts, ['served', 'leftWaiting', 'leftInCall', 'missed']);
  protectSums(outcomes, OUTCOME_KEYS);
  const times = (histogram: Histogram) => (counts.cases === null ? HIDDEN_TIMES : durations(histogram));
  return { key, label, counts, outcomes, wait: times(tally.wait), talk: times(tally.talk) };
}

/** The ratings as published: each number of stars, the total and the mean, with small cells suppressed. */
export function publishRatings(stars: number[] | null): RatingStatistics {
  if (!stars) return { available: false, stars: [null, null, null, null, null], total: null, mean: null };
  const total = stars.reduce((a, b) => a + b, 0);
  const cells = Object.fromEntries(stars.map((n, i) => [String(i + 1), publishCount(n)])) as Record<
    string,
    number | null
  >;
  protectSums(cells, ['1', '2', '3', '4', '5']);
  const shown = ['1', '2', '3', '4', '5'].map((k) => cells[k] ?? null);
  const sum = stars.reduce((a, n, i) => a + n * (i + 1), 0);
  // With the total, the mean is a second equation: two suppressed cells could be solved for.
  const exact = total >= MIN_CASES && !shown.includes(null);
  return {
    available: true,
    stars: shown,
    total: publishCount(total),
    mean: exact ? Math.round((sum / total) * 10) / 10 : null,
  };
}
