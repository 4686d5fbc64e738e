import { COUNT_KEYS, OUTCOME_KEYS } from '../../../shared/statistics';
import type { Histogram, Tally } from '../../domain/statistics';

/**
 * A tally as the month tallies store it (jsonb): counts and outcomes by name, so a count added later
 * reads as 0 from months built before; histograms as flat [minutes, visits, minutes, visits, …] lists,
 * a third of the size of objects, as a year's request reads a few thousand of them.
 */
export interface TallyJson {
  counts: Partial<Record<string, number>>;
  outcomes: Partial<Record<string, number>>;
  wait: number[];
  talk: number[];
}

const flatten = (histogram: Histogram) => [...histogram].flat();

function addPairs(into: Histogram, pairs: number[]) {
  for (let i = 0; i + 1 < pairs.length; i += 2) {
    into.set(pairs[i]!, (into.get(pairs[i]!) ?? 0) + pairs[i + 1]!);
  }
}

export const tallyToJson = (tally: Tally): TallyJson => ({
  counts: tally.counts,
  outcomes: tally.outcomes,
  wait: flatten(tally.wait),
  talk: flatten(tally.talk),
});

/** Adds a stored tally into one (without making a tally of it first: a year's request adds thousands). */
export function addTallyJson(into: Tally, json: TallyJson) {
  for (const key of COUNT_KEYS) into.counts[key] += json.counts[key] ?? 0;
  for (const key of OUTCOME_KEYS) into.outcomes[key] += json.outcomes[key] ?? 0;
  addPairs(into.wait, json.wait);
  addPairs(into.talk, json.talk);
}
