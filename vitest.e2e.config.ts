import { defineConfig } from 'vitest/config';

/** The slow end-to-end tests (`npm run test:e2e`): interleave packed and installed into other projects. */
export default defineConfig({
  test: { include: ['test/e2e/**/*.e2e.ts'], testTimeout: 240_000, hookTimeout: 240_000, pool: 'forks' },
});
