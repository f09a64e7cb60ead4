/**
 * The worker threads of a CLI search load a plain JavaScript bundle of the CLI's `load` and the
 * model (checker/parallel/bundle.mjs) instead of TypeScript through tsx: they find what one thread
 * finds, and a bundle is never used once a file it was built from has changed.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/explore.ts';
import { load } from '../../checker/cli/main.ts';
import { workerBundle } from '../../checker/parallel/bundle.mjs';
import { exploreParallel } from '../../checker/parallel/search.ts';
import { WorkerPool, bundleFor } from '../../checker/parallel/pool.ts';

const MAIN = new URL('../../checker/cli/main.ts', import.meta.url).href;

const grid = (side: number): string =>
  `type S = { a: number; b: number };\nexport default { name: 'grid', init: (): S[] => [{ a: 0, b: 0 }], actions: (s: S) => [...(s.a < ${side} ? ['a'] : []), ...(s.b < ${side} ? ['b'] : [])], next: (s: S, x: string): S => (x === 'a' ? { a: s.a + 1, b: s.b } : { a: s.a, b: s.b + 1 }), isEnd: () => true };\n`;

async function both(target: string, params: Record<string, number>, bundle: readonly string[]) {
  const loaded = await load(target, params);
  const seq = explore(loaded.model);
  const pool = new WorkerPool(1, [], bundle);
  try {
    const par = exploreParallel(loaded.model, { workers: 2, source: { module: MAIN, export: 'load', args: [loaded.file ?? target, loaded.params], pick: 'model' }, pool, spawnAt: 0, waitForWorkers: true });
    return { seq, par };
  } finally {
    pool.close();
  }
}

describe('workers from the bundle', () => {
  it('a model file from another project: the counts of one thread; an edit of the file is never served stale', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interleave-bundle-'));
    try {
      writeFileSync(join(dir, 'package.json'), '{ "name": "elsewhere" }\n');
      const file = join(dir, 'grid.ts');
      writeFileSync(file, grid(20));
      expect(bundleFor({ module: MAIN, export: 'load', args: [file, {}] })).toEqual([file]);
      expect(bundleFor({ module: MAIN, export: 'load', args: ['two-phase-commit', {}] })).toEqual([]);
      const { seq, par } = await both(file, {}, [file]);
      expect(seq.distinctStates).toBe(21 * 21);
      expect([par.error, par.distinctStates, par.transitions, par.maxDepth, par.workers]).toEqual([undefined, 21 * 21, seq.transitions, seq.maxDepth, 2]);
      // The worker built the bundle (it did not fall back to tsx), and it is current.
      const built = await workerBundle([file], { build: false });
      expect(built?.worker).toMatch(/^file:.*worker\.js$/);
      // The same length, another side: the bundle built from the old text is not used again; the new one has the new text.
      writeFileSync(file, grid(30));
      expect(await workerBundle([file], { build: false })).toBeUndefined();
      const rebuilt = (await workerBundle([file]))?.worker as string;
      expect(rebuilt).not.toBe(built?.worker);
      const code = readdirSync(dirname(fileURLToPath(rebuilt))).map((f) => readFileSync(join(dirname(fileURLToPath(rebuilt)), f), 'utf8')).join('\n');
      expect(code).toContain('s.a < 30');
      expect(code).not.toContain('s.a < 20');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is built whatever the current directory (a check run from the user\'s own folder)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'interleave-bundle-cwd-'));
    try {
      writeFileSync(join(dir, 'package.json'), '{ "name": "elsewhere" }\n');
      const file = join(dir, 'grid.ts');
      writeFileSync(file, grid(7));
      // A new file, so a new bundle is built, by a process whose current directory is the model's, not this package's.
      const script = `const b = await import(${JSON.stringify(new URL('../../checker/parallel/bundle.mjs', import.meta.url).href)}); console.log(JSON.stringify(await b.workerBundle([${JSON.stringify(file)}]) ?? null));`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      expect(r.status, r.stderr).toBe(0);
      const urls = JSON.parse(r.stdout) as { worker: string } | null;
      expect(urls?.worker).toMatch(/^file:.*worker\.js$/);
      const code = readdirSync(dirname(fileURLToPath(urls?.worker as string))).map((f) => readFileSync(join(dirname(fileURLToPath(urls?.worker as string)), f), 'utf8')).join('\n');
      expect(code).toContain('s.a < 7');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
