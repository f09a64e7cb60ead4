import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

/** `npm run test:heavy`: the instances too slow for `npm test` (test/**\/*.heavy.test.ts). */
export default mergeConfig(base, defineConfig({ test: { include: ['test/**/*.heavy.test.ts'], exclude: [], testTimeout: 600_000 } }));
