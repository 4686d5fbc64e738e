/** Percentile by nearest rank of already collected samples (milliseconds). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

const began = performance.now();
/** A line on stderr with the seconds since the bench began, so a long run shows where it is. */
export const progress = (what: string) =>
  console.error(`[${((performance.now() - began) / 1000).toFixed(1)} s] ${what}`);
