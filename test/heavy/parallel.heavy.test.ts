/**
 * The parallel search on a large instance (heavy tier): Ricart–Agrawala n=4 entries=1 with two
 * workers gives the manifest's count and verdict (the "done when" command); so does a
 * system that tracks causality, vector clocks n=3 events=2.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { pinnedStates } from '../../models/manifest.ts';

it('ricart-agrawala n=4 entries=1 --workers 2: the pinned count, pass', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const r = spawnSync(process.execPath, ['checker/cli/bin.mjs', 'check', 'ricart-agrawala', '--param', 'n=4', '--param', 'entries=1', '--workers', '2', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const j = JSON.parse(r.stdout) as { verdict: string; distinctStates: number; workers: number; engineBytes: number; error?: string };
  expect([r.status, j.verdict, j.workers], `${j.error ?? ''} ${r.stderr}`).toEqual([0, 'pass', 2]);
  expect(j.distinctStates).toBe(pinnedStates('ricart-agrawala', { n: 4, entries: 1 }));
  expect(j.engineBytes / j.distinctStates).toBeLessThan(100);
});

it('vector-clocks n=3 events=2 --workers 2 (a system that tracks causality): the pinned count, pass', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const r = spawnSync(process.execPath, ['checker/cli/bin.mjs', 'check', 'vector-clocks', '--param', 'n=3', '--param', 'events=2', '--workers', '2', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const j = JSON.parse(r.stdout) as { verdict: string; distinctStates: number; workers: number; error?: string };
  // (The message names the error. This test failed twice, exit 75 after 3.5 s, in CI rehearsals of 2026-11-30 and
  // 2026-12-01: "offset is out of bounds", a record of the shared value log written past a thread's view of it;
  // fixed in checker/parallel/interning.ts, test/checker/parallel-interning.test.ts.)
  expect([r.status, j.verdict, j.workers], `${j.error ?? ''} ${r.stderr}`).toEqual([0, 'pass', 2]);
  expect(j.distinctStates).toBe(pinnedStates('vector-clocks', { n: 3, events: 2 }));
});

it('--max-memory 1G with two workers (ricart-agrawala n=6): stops with its peak resident memory under the limit', () => {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  // Before the reserve (twice the last 100 ms' growth, at least 3% of the limit) two of three runs peaked 1-2 MB over 1 GiB.
  for (let i = 0; i < 2; i++) {
    const r = spawnSync(process.execPath, ['checker/cli/bin.mjs', 'check', 'ricart-agrawala', '--param', 'n=6', '--max-memory', '1G', '--workers', '2', '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
    const j = JSON.parse(r.stdout) as { verdict: string; limit: string; peakRssBytes: number; distinctStates: number };
    expect([r.status, j.verdict, j.limit]).toEqual([152, 'incomplete', 'memory']);
    expect(j.peakRssBytes).toBeLessThanOrEqual(2 ** 30);
    expect(j.distinctStates).toBeGreaterThan(1_000_000);
  }
});
