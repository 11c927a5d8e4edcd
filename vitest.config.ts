import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(`./packages/d1-evolve/src/${path}`, import.meta.url));

export default defineConfig({
  test: {
    // wrangler, workerd and the migration replays are real processes and engines: give them time.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: run test files two at a time.
    maxWorkers: 2,
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      'packages/d1-evolve',
      {
        // The eval platform's own tests import d1-evolve from its source, not from its build.
        resolve: {
          alias: [
            { find: /^d1-evolve$/, replacement: source('index.ts') },
            { find: /^d1-evolve\/(worker|drizzle|testing)$/, replacement: source('$1/index.ts') },
          ],
        },
        test: { name: 'eval-platform', include: ['test/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000 },
      },
    ],
  },
});
