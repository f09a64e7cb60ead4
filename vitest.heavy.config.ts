import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** `npm run test:heavy`: the instances too slow for `npm test` (test/**\/*.heavy.test.ts), one file per process. */
export default defineConfig({
  resolve: {
    alias: { interleave: fileURLToPath(new URL('./index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.heavy.test.ts'],
    // Chandy–Lamport with initiation at any time under --por (14,023,520 states) runs in this
    // process through vite's transform: 606 s in a rehearsal on 2026-11-30 (about 206 s from the
    // CLI on the idle machine), past the 600 s it had; the CI's limit is 90 minutes for everything.
    testTimeout: 1_800_000,
    pool: 'forks',
    // The default reporter, and one that names a test file whose process died before it finished.
    reporters: ['default', './test/unfinished-reporter.ts'],
  },
});
