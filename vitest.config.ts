import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Four tiers, each runnable alone (`npm run test:unit`, `test:integration`, `test:e2e`, `test:electron`);
// only the end-to-end tier pays for finding a browser.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Every catalogue a test makes would otherwise build its own copy of WordNet and the places (seconds each).
    env: { SHOEBOX_REFERENCE_DIR: join(tmpdir(), 'shoebox-reference-tests') },
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'renderer/src/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**', 'test/electron/**', '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/globalSetup.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'electron', include: ['test/electron/**/*.test.ts'] },
      },
    ],
  },
});
