import { COUNT_KEYS, OUTCOME_KEYS } from '../../../shared/statistics';
import { emptyTally, type Histogram, type Tally } from '../../domain/statistics';

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

function unflatten(pairs: number[]): Histogram {
  const histogram: Histogram = new Map();
  for (let i = 0; i + 1 < pairs.length; i += 2) histogram.set(pairs[i]!, pairs[i + 1]!);
  return histogram;
}

export const tallyToJson = (tally: Tally): TallyJson => ({
  counts: tally.counts,
  outcomes: tally.outcomes,
  wait: flatten(tally.wait),
  talk: flatten(tally.talk),
});

export function tallyFromJson(json: TallyJson): Tally {
  const tally = emptyTally();
  for (const key of COUNT_KEYS) tally.counts[key] = json.counts[key] ?? 0;
  for (const key of OUTCOME_KEYS) tally.outcomes[key] = json.outcomes[key] ?? 0;
  tally.wait = unflatten(json.wait);
  tally.talk = unflatten(json.talk);
  return tally;
}
