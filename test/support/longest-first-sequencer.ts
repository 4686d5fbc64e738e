import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that run for minutes (a 3-minute network cut, many browser contexts, thousands of fuzzed
 * requests), longest first. On a fresh clone vitest has no timings and starts larger files first; these
 * are small files, so they began last and the whole run waited minutes for them on one worker.
 */
const LONGEST = [
  'test/e2e/call-recovery.e2e.test.ts',
  'test/api/fuzz-routes.test.ts',
  'test/e2e/booking-a11y.e2e.test.ts',
  'test/e2e/citizen-a11y.e2e.test.ts',
  'test/e2e/admin-integrations.e2e.test.ts',
  'test/e2e/call-layout.e2e.test.ts',
];

const rank = (spec: TestSpecification) => {
  const index = LONGEST.findIndex((file) => spec.moduleId.endsWith(file));
  return index === -1 ? LONGEST.length : index;
};

export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    // Array.prototype.sort is stable: everything else keeps vitest's order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
