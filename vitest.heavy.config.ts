import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** `npm run test:heavy`: the instances too slow for `npm test` (test/**\/*.heavy.test.ts), one file per process. */
export default defineConfig({
  resolve: {
    alias: { interleave: fileURLToPath(new URL('./index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.heavy.test.ts'],
    testTimeout: 600_000,
    pool: 'forks',
    // The default reporter, and one that names a test file whose process died before it finished.
    reporters: ['default', './test/unfinished-reporter.ts'],
  },
});
