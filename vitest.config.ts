import { defineConfig } from 'vitest/config';

// In CI a JSON report is written too, so .ci/run can print its one-line summary.
const reporters = process.env.CI
  ? ['default', ['json', { outputFile: 'test-results/vitest.json' }] as const]
  : ['default'];

export const config = defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters,
  },
});

export { config as default };
