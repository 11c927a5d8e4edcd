import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'd1-evolve',
    include: ['test/**/*.test.ts'],
    // wrangler, workerd and the migration replays are real processes and engines: give them time.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
