/**
 * Read sets learned during a search under --por (checker/reduce/por.ts, C2): a property that reads
 * a field only in late states makes steps that change it visible only from then on. A search that
 * had expanded some state partly before runs again with the larger read set (without it, it would
 * miss a violation the full search finds: P0 finishes only after both flags are set in the
 * reduced graph); one that had expanded every state fully so far goes on (it was the full search).
 * The random protocols of the soundness harness read every field they ever read in the initial
 * state, so they never exercise this: these small systems do.
 */
import { describe, expect, it } from 'vitest';
import { always, explore, fifo, system, type GlobalState, type Protocol } from 'interleave';

type L = { readonly mode: 'A' | 'B' | 'C'; readonly flag: boolean };
type G = GlobalState<L, { type: 'x' }>;
/** P0 goes A, B, C by local steps; the others start in C; every process may set its flag once. */
const steps: Protocol<L, { type: 'x' }> = {
  name: 'late-reads',
  init: (ctx) => ({ mode: ctx.self === 0 ? 'A' : 'C', flag: false }),
  actions: {
    b: { guard: (s) => s.mode === 'A', run: (s) => ({ state: { ...s, mode: 'B' } }) },
    c: { guard: (s) => s.mode === 'B', run: (s) => ({ state: { ...s, mode: 'C' } }) },
    f: { guard: (s) => !s.flag, run: (s) => ({ state: { ...s, flag: true } }) },
  },
  handlers: { x: (s) => ({ state: s }) },
};
/** Reads the flags only once P0 is in C: violated where P0 is in C and one flag of P1, P2 is set, the other not. */
const halfFlagged = always<G>('no half-flagged finish', (g) => g.procs[0].mode !== 'C' || g.procs[1].flag === g.procs[2].flag);
const late = system({ protocol: steps, n: 3, network: fifo, checkDeadlock: false, properties: [halfFlagged] });

describe('read sets learned during a search under --por', () => {
  it('a read learned after a state was expanded partly: the search runs again, and finds the violation the full search finds', () => {
    expect(explore(late).verdict).toBe('violation');
    const r = explore(late, { por: true });
    expect(r.reductions).toEqual(['por']);
    expect(r.verdict).toBe('violation');
    expect(r.counterexample?.property?.name).toBe('no half-flagged finish');
    expect(r.stats['por.searches']).toBe(2);
  });

  it('a read learned while every state so far was expanded fully: the search goes on, one search', () => {
    // P1 starts in C with its flag set (no step): only P0 moves, so every state is expanded fully
    // (no other process has a step); the flags are read once P0 is in C.
    const alone: Protocol<L, { type: 'x' }> = { ...steps, init: (ctx) => ({ mode: ctx.self === 0 ? 'A' : 'C', flag: ctx.self !== 0 }) };
    const p1Flagged = always<G>('P1 flagged when P0 finishes', (g) => g.procs[0].mode !== 'C' || g.procs[1].flag);
    const m = system({ protocol: alone, n: 2, network: fifo, checkDeadlock: false, properties: [p1Flagged] });
    const full = explore(m);
    const r = explore(m, { por: true });
    expect([full.verdict, r.verdict]).toEqual(['pass', 'pass']);
    expect(r.distinctStates).toBe(full.distinctStates);
    expect(r.stats['por.partlyExpanded']).toBe(0);
    expect(r.stats['por.searches']).toBe(1); // (2 when any state expanded made what is read later matter)
  });
});
