/**
 * Properties declared to read local states only through functions (`readsLocal`, checked by
 * checker/reduce/local-reads-check.ts before a search under --por): a wrong declaration is refuted
 * with exit 75 naming the property (without the test the reduction would miss a violation the full
 * search finds); a right one makes fewer steps visible, so --por keeps fewer states and still finds
 * what the full search finds. And witnesses: a search under --por does not keep their reads
 * invisible at first, and runs again with them kept so when it misses one.
 */
import { describe, expect, it } from 'vitest';
import { always, explore, ExitCode, fifo, readsLocal, sometimes, system, type GlobalState, type Property, type Protocol } from 'interleave';
import { LOCAL_READS_WALKS } from '../../checker/reduce/local-reads-check.ts';
import { models } from '../../models/index.ts';

type L = { readonly done: boolean };
type G = GlobalState<L, { type: 'x' }>;
/** Two processes with one local step each: a diamond, (F,F) to (T,T) through (T,F) or (F,T). */
const once: Protocol<L, { type: 'x' }> = { name: 'once', init: () => ({ done: false }), actions: { go: { guard: (s) => !s.done, run: () => ({ state: { done: true } }) } }, handlers: { x: (s) => ({ state: s }) } };
const diamond = (p: Property<G>) => system({ protocol: once, n: 2, network: fifo, checkDeadlock: false, properties: [p] });
/** Violated only in (F,T). */
const p1Alone = always<G>('P1 never done alone', (g) => !(g.procs[1].done && !g.procs[0].done));

type M3 = { readonly mode: 'A' | 'B' | 'C' };
type G3 = GlobalState<M3, { type: 'x' }>;
/** Each process goes A, B, C by local steps. */
const abc: Protocol<M3, { type: 'x' }> = {
  name: 'abc',
  init: () => ({ mode: 'A' }),
  actions: { b: { guard: (s) => s.mode === 'A', run: () => ({ state: { mode: 'B' } }) }, c: { guard: (s) => s.mode === 'B', run: () => ({ state: { mode: 'C' } }) } },
  handlers: { x: (s) => ({ state: s }) },
};
const isC = (s: M3): boolean => s.mode === 'C';
const abcSystem = (p: Property<G3>) => system({ protocol: abc, n: 3, network: fifo, checkDeadlock: false, properties: [p] });

describe('properties declared to read local states through functions (readsLocal)', () => {
  it('a wrong declaration is refuted before the search: exit 75 naming the property', () => {
    const m = diamond(readsLocal(p1Alone, () => 0));
    expect(explore(m).verdict).toBe('violation');
    const r = explore(m, { por: true });
    expect([r.verdict, r.exitCode]).toEqual(['error', ExitCode.modelError]);
    expect(r.error).toMatch(/property 'P1 never done alone' is declared to read local states only through its functions \(readsLocal\) but does not: .* local state of P\d .* changes its value/);
  });

  it('without the test the reduction takes the wrong declaration at its word and misses the violation', () => {
    const m = diamond(readsLocal(p1Alone, () => 0));
    const runs = LOCAL_READS_WALKS.runs;
    LOCAL_READS_WALKS.runs = 0;
    try {
      const r = explore(m, { por: true });
      expect(r.reductions).toEqual(['por']);
      expect(r.verdict).toBe('pass');
    } finally {
      LOCAL_READS_WALKS.runs = runs;
    }
  });

  it('a right declaration: steps that change the field but not the function are invisible (fewer states, same verdicts)', () => {
    const bothC = (g: G3) => g.procs.filter(isC).length >= 2;
    const holds = always<G3>('never two in C', (g) => !bothC(g));
    const full = explore(abcSystem(holds));
    const fields = explore(abcSystem(holds), { por: true });
    const through = explore(abcSystem(readsLocal(holds, isC)), { por: true });
    expect([full.verdict, fields.verdict, through.verdict]).toEqual(['violation', 'violation', 'violation']);
    expect(through.counterexample?.property?.name).toBe('never two in C');
    // (Walks stop once 10 in a row met no new state: this model has 27.)
    expect(through.stats['por.readsLocalRuns']).toBeGreaterThanOrEqual(10);
    expect(through.stats['por.readsLocalRuns']).toBeLessThan(LOCAL_READS_WALKS.runs);
    // A passing invariant over the same function: the whole graph, fewer states kept than when
    // every change of `mode` is visible.
    const atMostThree = always<G3>('at most three in C', (g) => g.procs.filter(isC).length <= 3);
    const f = explore(abcSystem(atMostThree), { por: true });
    const t = explore(abcSystem(readsLocal(atMostThree, isC)), { por: true });
    expect([f.verdict, t.verdict]).toEqual(['pass', 'pass']);
    expect(t.distinctStates).toBeLessThan(f.distinctStates);
  });

  it('Ricart–Agrawala n=3: its mutual-exclusion properties declared through the view keep fewer states under --por, same verdict', () => {
    const ra = models.find((m) => m.name === 'ricart-agrawala');
    const r = explore((ra as NonNullable<typeof ra>).build({ n: 3, entries: 1, crashes: 0 }), { por: true });
    expect(r.verdict).toBe('pass');
    expect(r.distinctStates).toBe(1_082); // (2,410 when every change of `mode` was visible, 1,854 before the sent counts and single receipts)
    expect(r.properties.every((p) => p.status === 'holds' || p.status === 'witnessed')).toBe(true);
  });
});

describe('witnesses under --por', () => {
  it('a witness is not kept invisible at first; a search that misses one runs again with it kept so', () => {
    // Witnessed only where P0 is in C and the others in A: reachable, but only if P0 moves first.
    const alone = sometimes<G3>('P0 alone in C', (g) => isC(g.procs[0]) && g.procs[1].mode === 'A' && g.procs[2].mode === 'A');
    const late = sometimes<G3>('P2 alone in C', (g) => isC(g.procs[2]) && g.procs[0].mode === 'A' && g.procs[1].mode === 'A');
    const r = explore(abcSystem(late), { por: true });
    expect(r.verdict).toBe('pass');
    expect(r.properties[0].status).toBe('witnessed');
    expect(r.stats['por.witnessesTracked']).toBe(1); // (found by the second search)
    expect(r.stats['por.searches']).toBe(2);
    const first = explore(abcSystem(alone), { por: true });
    expect(first.properties[0].status).toBe('witnessed');
    expect(first.stats['por.searches']).toBe(1);
    // Unreachable: both searches miss it, the verdict is the full search's.
    const never = sometimes<G3>('all in B and C', (g) => g.procs.every((s) => s.mode === 'B') && g.procs.some(isC));
    const n = explore(abcSystem(never), { por: true });
    expect([n.verdict, n.properties[0].status, n.stats['por.searches']]).toEqual(['violation', 'unwitnessed', 2]);
  });
});
