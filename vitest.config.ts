import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30000,
    hookTimeout: 60000,
    // Two cores here and in CI: more workers only add contention for the spawn-heavy CLI tests.
    maxWorkers: 2,
  },
});
