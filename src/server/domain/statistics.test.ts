import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyTally, mergeTally, nearestRank, publishRatings, publishRow } from './statistics';

const histogramOf = (values: number[]) => {
  const histogram = new Map<number, number>();
  for (const v of values) histogram.set(v, (histogram.get(v) ?? 0) + 1);
  return histogram;
};

describe('statistics arithmetic', () => {
  it('takes quantiles by nearest rank: the smallest value with at least p·n values at or below it', () => {
    expect(nearestRank(histogramOf([1, 2, 3, 4]), 0.5)).toBe(2);
    expect(nearestRank(histogramOf([1, 2, 3, 4, 5]), 0.5)).toBe(3);
    expect(nearestRank(histogramOf([1, 2, 3, 4, 5]), 0.9)).toBe(5);
    expect(nearestRank(new Map(), 0.5)).toBeNull();
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 200 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (values, p) => {
          const sorted = [...values].sort((a, b) => a - b);
          expect(nearestRank(histogramOf(values), p)).toBe(sorted[Math.ceil(p * sorted.length) - 1]);
        },
      ),
    );
  });

  it('hides every count from 1 to 4, and a row of fewer than 5 visits entirely', () => {
    const tally = emptyTally();
    Object.assign(tally.counts, { cases: 40, walkIns: 37, appointments: 3, served: 40, transferred: 2 });
    tally.outcomes.resolved = 40;
    for (let i = 0; i < 40; i++) tally.wait.set(i, 1);
    const row = publishRow('x', 'X', tally);
    expect(row.counts).toMatchObject({ cases: 40, appointments: null, transferred: null, leftWaiting: 0 });
    expect(row.wait).toEqual({ cases: 40, median: 19, p90: 35, max: 39 });

    const small = emptyTally();
    Object.assign(small.counts, { cases: 3, walkIns: 3, served: 3, noShows: 6 });
    small.wait.set(4, 3);
    const hidden = publishRow('y', 'Y', small);
    expect(Object.entries(hidden.counts).filter(([, v]) => v !== null)).toEqual([['noShows', 6]]);
    expect(hidden.wait).toEqual({ cases: null, median: null, p90: null, max: null });
  });

  it('hides a second figure of a sum when one is hidden, so none can be worked out by subtraction', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 4, maxLength: 4 }),
        ([served, leftWaiting, leftInCall, missed]) => {
          const tally = emptyTally();
          const cases = served! + leftWaiting! + leftInCall! + missed!;
          Object.assign(tally.counts, { cases, walkIns: cases, served, leftWaiting, leftInCall, missed });
          tally.outcomes.none = cases;
          const { counts } = publishRow('k', '', tally);
          const group = [counts.served, counts.leftWaiting, counts.leftInCall, counts.missed];
          if (counts.cases !== null) expect(group.filter((c) => c === null).length).not.toBe(1);
          for (const cell of group) if (cell !== null) expect(cell === 0 || cell >= 5).toBe(true);
        },
      ),
    );
  });

  it('publishes the ratings with the mean only when no star count is hidden', () => {
    expect(publishRatings([0, 0, 5, 10, 20])).toEqual({
      available: true,
      stars: [0, 0, 5, 10, 20],
      total: 35,
      mean: 4.4,
    });
    const hidden = publishRatings([2, 0, 0, 0, 18]);
    expect(hidden).toEqual({ available: true, stars: [null, 0, 0, 0, null], total: 20, mean: null });
    expect(publishRatings(null).available).toBe(false);
  });

  it('merges tallies by adding counts and histograms', () => {
    const a = emptyTally();
    const b = emptyTally();
    a.counts.cases = 2;
    b.counts.cases = 3;
    a.wait.set(5, 1);
    b.wait.set(5, 2);
    b.wait.set(7, 1);
    mergeTally(a, b);
    expect(a.counts.cases).toBe(5);
    expect([...a.wait]).toEqual([
      [5, 3],
      [7, 1],
    ]);
  });
});
