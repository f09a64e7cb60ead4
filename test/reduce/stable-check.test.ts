/**
 * The test of properties declared stable before a search under --por (checker/reduce/stable-check.ts):
 * a declaration that random runs refute stops the search with exit 75 naming the property; without
 * the test, the reduction would miss the violation the full search finds.
 */
import { describe, expect, it } from 'vitest';
import { always, explore, ExitCode, fifo, leadsTo, send, sometimes, stable, step, system, type GlobalState, type Property, type Protocol } from 'interleave';
import { IDLE_WALKS, STABLE_WALKS } from '../../checker/reduce/stable-check.ts';
import { snapshotSystem } from '../../models/snapshot/chandy-lamport.ts';

type L = { readonly done: boolean };
type G = GlobalState<L, { type: 'x' }>;
/** Two processes with one local step each: a diamond, (F,F) to (T,T) through (T,F) or (F,T). */
const once: Protocol<L, { type: 'x' }> = { name: 'once', init: () => ({ done: false }), actions: { go: { guard: (s) => !s.done, run: () => ({ state: { done: true } }) } }, handlers: { x: (s) => ({ state: s }) } };
const diamond = (p: Property<G>) => system({ protocol: once, n: 2, network: fifo, checkDeadlock: false, properties: [p] });
/** True only in (F,T), which the step of P0 undoes. */
const p1Alone = (g: G) => g.procs[1].done && !g.procs[0].done;

describe('properties declared stable are tested before --por relies on them', () => {
  it('an invariant violated only in (F,T), declared stable: exit 75 naming it and the step that undoes it', () => {
    const m = diamond(stable(always('P1 never done alone', (g) => !p1Alone(g))));
    expect(explore(m).verdict).toBe('violation');
    const r = explore(m, { por: true });
    expect([r.verdict, r.exitCode]).toEqual(['error', ExitCode.modelError]);
    expect(r.error).toMatch(/property 'P1 never done alone' is declared stable but is not: violated after step 1 of a random run, and no longer after step 2 \(P0 go\)/);
  });

  it('without the test the reduction takes the declaration at its word and misses that violation', () => {
    const m = diamond(stable(always('P1 never done alone', (g) => !p1Alone(g))));
    const runs = STABLE_WALKS.runs;
    STABLE_WALKS.runs = 0;
    try {
      const r = explore(m, { por: true });
      expect(r.reductions).toEqual(['por']);
      expect(r.verdict).toBe('pass');
    } finally {
      STABLE_WALKS.runs = runs;
    }
  });

  it('a witness and a liveness predicate that stop holding are refuted too', () => {
    const w = explore(diamond(stable(sometimes('P1 done alone', p1Alone))), { por: true });
    expect(w.error).toMatch(/'P1 done alone' is declared stable but is not: true after step 1/);
    const l = explore(diamond(stable(leadsTo<G>('P1 alone leads to P1 alone', p1Alone, p1Alone))), { por: true });
    expect(l.error).toMatch(/'P1 alone leads to P1 alone' is declared stable but is not: its first predicate true after step 1/);
  });

  it('declarations that hold pass, and the report says how much was walked (Chandy–Lamport, every property stable)', () => {
    const good = explore(diamond(stable(always('not both done', (g) => !(g.procs[0].done && g.procs[1].done)))), { por: true });
    expect(good.verdict).toBe('violation');
    // The diamond's two runs have two steps each: the walks stop once IDLE_WALKS in a row met no
    // step not met before, long before STABLE_WALKS.runs.
    const runs = good.stats['por.stableRuns'] as number;
    expect(runs).toBeGreaterThanOrEqual(IDLE_WALKS + 1);
    expect(runs).toBeLessThan(50);
    expect(good.stats['por.stableSteps']).toBe(2 * runs);
    const cl = explore(snapshotSystem({ n: 2, transfers: 1, initiators: 2, initiateAfter: 0, balance: 10 }), { por: true });
    expect(cl.verdict).toBe('pass');
    expect(cl.stats['por.stableSteps']).toBeGreaterThan(1_000);
    // Only under --por, and only when a property is declared stable.
    expect(explore(diamond(always('P1 never done alone', (g) => !p1Alone(g))), { por: true }).stats['por.stableRuns']).toBeUndefined();
    expect(explore(snapshotSystem({ n: 2, transfers: 1, initiators: 2, initiateAfter: 0, balance: 10 })).stats['por.stableRuns']).toBeUndefined();
  });

  it('walks stop within their budget of successors where every step makes the states larger', () => {
    // Each x received sends two back: the channels, and the cost of each step, grow without end.
    type B = { readonly got: number };
    const echo: Protocol<B, { type: 'x' }> = {
      name: 'echo',
      init: () => ({ got: 0 }),
      actions: { start: { guard: (s, ctx) => ctx.self === 0 && s.got === 0, run: (_s, ctx) => step({ got: 1 }, send(1 - ctx.self, { type: 'x' })) } },
      handlers: { x: (s, _m, from) => step({ got: Math.min(s.got + 1, 3) }, send(from, { type: 'x' }), send(from, { type: 'x' })) },
    };
    const m = system({ protocol: echo, n: 2, network: fifo, checkDeadlock: false, properties: [stable(sometimes('three received', (g: GlobalState<B, { type: 'x' }>) => g.procs[0].got === 3))] });
    const budget = STABLE_WALKS.successors;
    STABLE_WALKS.successors = 3_000;
    try {
      const r = explore(m, { por: true, maxStates: 2_000 });
      expect(r.stats['por.stableSuccessors']).toBeGreaterThanOrEqual(3_000);
      expect(r.stats['por.stableSuccessors']).toBeLessThan(3_000 + STABLE_WALKS.branching + 1);
      expect(r.stats['por.stableRuns']).toBeLessThan(STABLE_WALKS.runs);
    } finally {
      STABLE_WALKS.successors = budget;
    }
  });
});
