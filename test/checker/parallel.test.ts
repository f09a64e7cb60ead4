/**
 * The parallel search (checker/parallel/, `--workers N`) finds what the search in one thread
 * finds: on every small bundled model and on random protocols, with 2 threads that take part from
 * the first level (one pool shared by every case: a thread costs about a second to load).
 */
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { explore, type Report } from '../../checker/explore.ts';
import { load } from '../../checker/cli/main.ts';
import { compile } from '../../checker/compile.ts';
import { isLiveness } from '../../checker/model.ts';
import { exploreParallel, type ParallelOptions } from '../../checker/parallel/search.ts';
import { WorkerPool } from '../../checker/parallel/pool.ts';
import { manifest } from '../../models/manifest.ts';
import { thrower } from './parallel-fixtures.ts';
import { build, randomProtocol, type RandomProtocol } from '../reduce/random-protocols.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = new URL('../../checker/cli/main.ts', import.meta.url).href;
const RANDOM = new URL('../reduce/random-protocols.ts', import.meta.url).href;
const FIXTURES = new URL('./parallel-fixtures.ts', import.meta.url).href;

const pool = new WorkerPool(1);
afterAll(() => pool.close());

const parallel = (model: Parameters<typeof exploreParallel>[0], source: ParallelOptions['source'], o: Partial<ParallelOptions> = {}): Report =>
  exploreParallel(model, { workers: 2, source, pool, spawnAt: 0, waitForWorkers: true, ...o });

/** What both searches must agree on: counts when the search is complete, else the verdict and the counterexample's length. */
function expectSame(par: Report, seq: Report): void {
  expect(par.error, par.error).toBeUndefined();
  expect(par.verdict).toBe(seq.verdict);
  expect(par.workers).toBe(2);
  expect(par.properties.map((p) => [p.name, p.status])).toEqual(seq.properties.map((p) => [p.name, p.status]));
  expect(par.counterexample?.property?.name).toBe(seq.counterexample?.property?.name);
  expect(par.counterexample?.kind).toBe(seq.counterexample?.kind);
  expect(par.counterexample?.steps.length).toBe(seq.counterexample?.steps.length);
  expect(Object.fromEntries(Object.entries(par.witnesses).map(([k, t]) => [k, t.steps.length]))).toEqual(Object.fromEntries(Object.entries(seq.witnesses).map(([k, t]) => [k, t.steps.length])));
  if (!seq.counterexample) {
    // A complete search (or a violation for want of a witness): the same states and transitions.
    expect(par.distinctStates).toBe(seq.distinctStates);
    expect(par.transitions).toBe(seq.transitions);
    expect(par.maxDepth).toBe(seq.maxDepth);
  }
}

const small = Object.entries(manifest.models)
  .filter(([, e]) => e.expect.tier !== 'heavy' && (e.expect.distinctStates ?? Infinity) < 50_000)
  .map(([name]) => name);

describe('--workers 2 finds what one thread finds', () => {
  it.each(small)('%s', async (name) => {
    const loaded = await load(name, []);
    const c = compile(loaded.model);
    if (c.properties.some((p) => isLiveness(p.kind)) || c.sequentialOnly !== undefined) return; // one thread checks those (the CLI falls back)
    const seq = explore(loaded.model);
    const par = parallel(loaded.model, { module: MAIN, export: 'load', args: [name, loaded.params], pick: 'model' });
    expectSame(par, seq);
  });

  it('random protocols (fast-check): the same verdict, property, counterexample length, and counts when complete', () => {
    fc.assert(
      fc.property(randomProtocol(), fc.constantFrom<'properties' | 'deadlock'>('properties', 'deadlock'), (r: RandomProtocol, mode) => {
        const seq = explore(build(r, mode), { maxStates: 3_000 });
        if (seq.verdict === 'incomplete') return;
        const par = parallel(build(r, mode), { module: RANDOM, export: 'build', args: [r, mode] });
        expectSame(par, seq);
      }),
      { numRuns: 40 },
    );
  });

  it('a table that starts tiny grows while the threads insert, and loses no state', async () => {
    const loaded = await load('ricart-agrawala', { n: 3, entries: 1 });
    const seq = explore(loaded.model);
    const par = parallel(loaded.model, { module: MAIN, export: 'load', args: ['ricart-agrawala', { n: 3, entries: 1 }], pick: 'model' }, { initialCapacity: 1 });
    expect(seq.distinctStates).toBeGreaterThan(4 * 1024);
    expectSame(par, seq);
  });

  it('limits: --max-depth gives the same counts; --max-states stops incomplete', async () => {
    const loaded = await load('two-phase-commit', { rms: 3 });
    const source = { module: MAIN, export: 'load', args: ['two-phase-commit', { rms: 3 }], pick: 'model' };
    const seq = explore(loaded.model, { maxDepth: 4 });
    const par = parallel(loaded.model, source, { maxDepth: 4 });
    expect([par.verdict, par.limit, par.distinctStates, par.transitions]).toEqual([seq.verdict, seq.limit, seq.distinctStates, seq.transitions]);
    const capped = parallel(loaded.model, source, { maxStates: 100 });
    expect([capped.verdict, capped.limit]).toEqual(['incomplete', 'states']);
  });

  it('a model that throws: the same one-line model error', () => {
    const seq = explore(thrower());
    const par = parallel(thrower(), { module: FIXTURES, export: 'thrower', args: [] });
    expect(seq.verdict).toBe('error');
    expect([par.verdict, par.exitCode, par.error]).toEqual([seq.verdict, seq.exitCode, seq.error]);
  });
});

describe('--workers on the command line', () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, ['checker/cli/bin.mjs', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', GLIBC_TUNABLES: '' } });
  it.each([['0'], ['x'], ['-1']])('--workers %s is a one-line error, exit 151', (n) => {
    const r = cli('check', 'two-phase-commit', '--workers', n);
    expect(r.status).toBe(151);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^interleave: --workers must be a positive integer/);
  });
  it('--workers 2 with --symmetry is refused; the JSON report says how many workers searched', () => {
    const r = cli('check', 'two-phase-commit', '--workers', '2', '--symmetry');
    expect(r.status).toBe(151);
    expect(r.stderr).toMatch(/^interleave: --workers 2 .* --symmetry/);
    const j = JSON.parse(cli('check', 'two-phase-commit', '--param', 'rms=2', '--workers', '2', '--json').stdout);
    expect([j.verdict, j.workers]).toEqual(['pass', 2]);
  });
});
