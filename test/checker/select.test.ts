import { describe, expect, it } from 'vitest';
import { compile } from '../../checker/compile.ts';
import { UsageError } from '../../checker/errors.ts';
import { explore } from '../../checker/explore.ts';
import type { Model } from '../../checker/model.ts';
import { exploreParallel } from '../../checker/parallel/search.ts';
import { selectProperties, withProperties } from '../../checker/select.ts';
import { load } from '../../checker/cli/main.ts';
import { WorkerPool } from '../../checker/parallel/pool.ts';

const MAIN = new URL('../../checker/cli/main.ts', import.meta.url).href;

/** A counter to 6: 'below 3' fails at depth 3, 'below 5' at depth 5; 'reaches 6' is a liveness property. */
const counter: Model<number, 'inc'> = {
  name: 'counter',
  init: () => [0],
  actions: (s) => (s < 6 ? ['inc'] : []),
  next: (s) => s + 1,
  isEnd: (s) => s === 6,
  properties: [
    { name: 'below 3', kind: 'always', holds: (s) => s < 3 },
    { name: 'below 5', kind: 'always', holds: (s) => s < 5 },
    { name: 'sees 4', kind: 'sometimes', holds: (s) => s === 4 },
    { name: 'reaches 6', kind: 'eventually', holds: (s) => s === 6 },
  ],
};

describe('--property: checking some properties only (checker/select.ts)', () => {
  it('keeps the named properties in the model order and says which it left out', () => {
    const m = withProperties(counter, ['sees 4', 'below 5', 'below 5']);
    expect(m.skipped()).toBeUndefined();
    const c = compile(m);
    expect(c.properties.map((p) => p.name)).toEqual(['below 5', 'sees 4']);
    expect(m.skipped()).toEqual(['below 3', 'reaches 6']);
    // The rest of the compiled model is the model's own.
    expect(c.width).toBe(compile(counter).width);
  });

  it('finds the shortest violation of a selected invariant, past an unselected one that fails first', () => {
    const all = explore(counter);
    expect(all.verdict).toBe('violation');
    expect(all.counterexample?.property?.name).toBe('below 3');
    expect(all.counterexample?.steps.length).toBe(3);
    const one = explore(withProperties(counter, ['below 5']));
    expect(one.verdict).toBe('violation');
    expect(one.counterexample?.property?.name).toBe('below 5');
    expect(one.counterexample?.steps.length).toBe(5);
    expect(one.properties.map((p) => p.name)).toEqual(['below 5']);
  });

  it('checks no liveness property left out, so the search needs no graph', () => {
    const r = explore(withProperties(counter, ['sees 4']));
    expect(r.verdict).toBe('pass');
    expect(r.properties).toEqual([expect.objectContaining({ name: 'sees 4', status: 'witnessed' })]);
    // With the liveness property the parallel search refuses, as before.
    expect(() => exploreParallel(counter, { workers: 2, source: { module: '', export: '' , args: [] } })).toThrow(/liveness/);
  });

  it('gives worker threads the same selection: their properties are numbered as the main thread\'s', async () => {
    // The mutant violates 'consistent' (the first property). With 'all aborted' alone, a worker that
    // checked every property would report its property 0 ('consistent') failing as 'all aborted'.
    const properties = ['all aborted'];
    const loaded = await load('two-phase-commit-early-commit', { rms: 3 }, { properties });
    const one = explore(loaded.model);
    expect(one.verdict).toBe('pass');
    const source = { module: MAIN, export: 'load', args: ['two-phase-commit-early-commit', { rms: 3 }, { properties }], pick: 'model' };
    const pool = new WorkerPool(1);
    try {
      const two = exploreParallel(loaded.model, { workers: 2, source, pool, spawnAt: 0, waitForWorkers: true });
      expect(two.verdict).toBe('pass');
      expect(two.distinctStates).toBe(one.distinctStates);
      expect(two.properties).toEqual([expect.objectContaining({ name: 'all aborted', status: 'witnessed' })]);
    } finally {
      pool.close();
    }
  });

  it('refuses a name the model does not have, naming the ones it has', () => {
    const c = compile(counter);
    expect(() => selectProperties(c, ['below 3', 'below 4'])).toThrow(UsageError);
    expect(() => selectProperties(c, ['below 4'])).toThrow(/--property 'below 4': counter has no property of that name \(its properties: 'below 3', 'below 5', 'sees 4', 'reaches 6'\)/);
    expect(() => explore(withProperties(counter, ['nope']))).toThrow(UsageError);
  });
});
