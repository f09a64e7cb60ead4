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
  },
});
