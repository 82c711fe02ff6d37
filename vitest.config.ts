import { defineConfig } from 'vitest/config';

// Unit tests live beside the code as *.test.ts; integration suites (real processes: JVMs,
// Prometheus, FUSE) are *.int.test.ts and run in their own project with longer timeouts.
export default defineConfig({
  test: {
    // In CI a JSON report feeds the closing "N passed, N failed" line of .ci/run.
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results.json' }]] : ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            '{core,adapters,exporter,alerting,cli,sim,bench,scripts}/**/*.test.ts',
            'test/**/*.test.ts',
          ],
          exclude: ['**/*.int.test.ts', 'node_modules/**', 'dist/**'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: ['node_modules/**', 'dist/**'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
