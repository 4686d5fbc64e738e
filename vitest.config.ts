import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/support/longest-first-sequencer.ts';

/**
 * Files whose pages send video to each other in a mesh: beside another browser file on two cores the
 * four-way call starved (0 frames from one peer, or past its 240 s timeout, in full runs while it passed
 * in 90 s alone). They run alone, one at a time, after everything else.
 */
const ALONE = ['test/e2e/guests.e2e.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    globalSetup: ['test/support/pglite-template.ts'],
    pool: 'forks',
    sequence: { sequencer: LongestFirstSequencer },
    reporters: ['default', './test/support/closing-line-reporter.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'parallel',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: ALONE,
          // Two cores: PGlite start-up and Chromium are heavy, so at most two files at once.
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'alone', include: ALONE, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
