import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The package's self-reference (`import … from 'interleave'`), as Node resolves it through "exports".
    alias: { interleave: fileURLToPath(new URL('./index.ts', import.meta.url)) },
  },
  test: {
    include: ['test/**/*.test.ts'],
    // The heavy tier runs with `npm run test:heavy` (vitest.heavy.config.ts).
    exclude: ['test/**/*.heavy.test.ts', '**/node_modules/**'],
    testTimeout: 120_000,
    pool: 'forks',
    // Two test files at a time. Vitest's default on a run is one fewer than the cores, which on
    // the 2-core CI machine is one: the suite ran file after file while most files wait on the
    // processes they spawn.
    maxWorkers: 2,
  },
});
