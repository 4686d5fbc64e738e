import { defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/support/longest-first-sequencer.ts';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: PGlite start-up and Chromium are heavy, so at most two files at once.
    maxWorkers: 2,
    globalSetup: ['test/support/pglite-template.ts'],
    pool: 'forks',
    sequence: { sequencer: LongestFirstSequencer },
    reporters: ['default', './test/support/closing-line-reporter.ts'],
  },
});
