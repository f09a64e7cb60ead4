/**
 * The parallel search with a worker thread stuck in a model function, or left behind by a search
 * that stopped without it: no wait for ever, and nothing of one search in the next. (The heavy
 * tier: each case waits for a limit or a late thread by the clock.)
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { explore } from '../../checker/explore.ts';
import { exploreParallel } from '../../checker/parallel/search.ts';
import { WorkerPool } from '../../checker/parallel/pool.ts';
import { lateWorker, wide } from '../checker/parallel-fixtures.ts';

const FIXTURES = new URL('../checker/parallel-fixtures.ts', import.meta.url).href;
const RUN = fileURLToPath(new URL('../checker/parallel-stuck-run.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('a worker thread stuck in a model function', () => {
  // The table (1,024 slots) must grow in the first level, while the worker never pauses for it.
  it.concurrent.each([
    ['call-timeout', { verdict: 'error', error: 'a model function ran for more than 1 s in worker thread 1 (--call-timeout): does it loop forever? (--workers 1 names it and its input)' }],
    ['time', { verdict: 'incomplete', limit: 'time' }],
  ])('does not hold up a growth of the table for ever: --%s ends the search', async (limit, expected) => {
    // Spawned without waiting, so that the two runs overlap (spawnSync would run them one after the other).
    const r = await new Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((done, fail) => {
      const p = spawn(process.execPath, ['--import', 'tsx', RUN, limit], { cwd: ROOT, timeout: 60_000 });
      let stdout = '';
      let stderr = '';
      p.stdout.on('data', (d) => (stdout += d));
      p.stderr.on('data', (d) => (stderr += d));
      p.on('error', fail);
      p.on('close', (status, signal) => done({ status, signal, stdout, stderr }));
    });
    expect(r.status, `${r.signal ?? ''} ${r.stderr}`).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject(expected);
  });
});

describe('a worker thread that a search left behind', () => {
  it('does not keep the next search on its pool waiting: when it comes back, it ends its level, and takes the next job', () => {
    const pool = new WorkerPool(1);
    try {
      const source = { module: FIXTURES, export: 'lateWorker', args: [] as unknown[] };
      // The worker sleeps 3.5 s in its first call; the search stops at 1 s and leaves it behind.
      const first = exploreParallel(lateWorker(), { workers: 2, source, pool, spawnAt: 0, waitForWorkers: true, timeLimit: 1, initialCapacity: 2048 });
      expect([first.verdict, first.limit]).toEqual(['incomplete', 'time']);
      // It wakes, finds states enough to grow the table of a search that has ended.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2500);
      const t0 = performance.now();
      const second = exploreParallel(lateWorker(0), { workers: 2, source: { ...source, args: [0] }, pool, spawnAt: 0, waitForWorkers: true, timeLimit: 20 });
      // (The main thread finds nothing past the 1,000 initial states: the others are the worker's.)
      expect(second.verdict).toBe('pass');
      expect(second.distinctStates).toBeGreaterThan(1000);
      expect(performance.now() - t0).toBeLessThan(10_000);
    } finally {
      pool.close();
    }
  });

  it('posts its late level result to a port that the next search does not take as its own', () => {
    const pool = new WorkerPool(1);
    try {
      const first = exploreParallel(lateWorker(), { workers: 2, source: { module: FIXTURES, export: 'lateWorker', args: [] }, pool, spawnAt: 0, waitForWorkers: true, timeLimit: 1 });
      expect([first.verdict, first.limit]).toEqual(['incomplete', 'time']);
      // At once: the worker is still in its call of the first search's first level.
      const second = exploreParallel(wide(), { workers: 2, source: { module: FIXTURES, export: 'wide', args: [] }, pool, spawnAt: 0, waitForWorkers: true });
      const seq = explore(wide());
      expect([second.verdict, second.distinctStates, second.transitions]).toEqual(['pass', seq.distinctStates, seq.transitions]);
    } finally {
      pool.close();
    }
  });
});
