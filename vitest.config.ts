import { fileURLToPath } from 'node:url';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig } from 'vitest/config';

/**
 * The longest files, started first. Vitest orders files it has timed before longest first, and
 * others larger first; on a fresh clone (CI) it has timed none, so the soundness test (a small
 * file, the longest run) started last of 63 and ran alone at the end.
 */
const LONGEST_FIRST = ['test/reduce/soundness.test.ts', 'test/cli/cli.test.ts', 'test/checker/parallel.test.ts', 'test/reduce/bundled.test.ts', 'test/readme.test.ts', 'test/cli/battery.test.ts', 'test/snapshot/chandy-lamport.test.ts', 'test/models/pinned.test.ts'];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification): number => {
      const i = LONGEST_FIRST.findIndex((l) => f.moduleId.endsWith(l));
      return i < 0 ? LONGEST_FIRST.length : i;
    };
    return sorted.map((f, i) => ({ f, i, r: rank(f) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.f);
  }
}

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
    // Test files share their worker process instead of each loading the engine afresh: 189 s
    // against 227 s for the whole run on this 2-core machine (2026-12-02), where it is CPU-bound.
    // So a test that changes something global (a spy, an environment variable, a tuning knob, the
    // working directory) puts it back (in a finally or afterEach).
    isolate: false,
    sequence: { sequencer: LongestFirst },
    // The default reporter, and one that names a test file whose process died before it finished.
    reporters: ['default', './test/unfinished-reporter.ts'],
  },
});
