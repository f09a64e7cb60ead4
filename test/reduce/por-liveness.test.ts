/**
 * Liveness under partial-order reduction (checker/reduce/por-liveness.ts): checked on the reduced
 * graph when it is acyclic, with the liveness property's predicates kept invisible unless the
 * property is declared stable; a full search when the reduced graph has a cycle. Chandy–Lamport
 * with initiation at any time under --por: the same verdicts as the full search, and the mutant
 * whose snapshots never complete found with a trace that replays without --por.
 */
import { describe, expect, it } from 'vitest';
import { eventually, explore, fifo, leadsTo, replay, sometimes, stable, system, type GlobalState, type Protocol } from 'interleave';
import { snapshotSystem } from '../../models/snapshot/chandy-lamport.ts';
import { noForwarding } from '../../models/snapshot/mutants.ts';
import { pinnedStates } from '../../models/manifest.ts';

type L = { readonly done: boolean };
/** Two processes, each with one local step and nothing else: a diamond; the state after both is stuck (no proper end). */
const once: Protocol<L, { type: 'x' }> = { name: 'once', init: () => ({ done: false }), actions: { go: { guard: (s) => !s.done, run: () => ({ state: { done: true } }) } }, handlers: { x: (s) => ({ state: s }) } };
const diamond = (p: (g: GlobalState<L, { type: 'x' }>) => boolean, declaredStable: boolean) => {
  const live = leadsTo<GlobalState<L, { type: 'x' }>>('only P1 went leads to never', p, () => false);
  return system({ protocol: once, n: 2, network: fifo, checkDeadlock: false, isEnd: () => false, properties: [declaredStable ? stable(live) : live] });
};

describe('liveness under --por', () => {
  it('a witness the reduced search missed is searched for again when a liveness counterexample is the verdict (found by an audit: it was reported unwitnessed)', () => {
    type F = { readonly done: boolean; readonly flag: boolean };
    const go: Protocol<F, { type: 'x' }> = { name: 'go', init: () => ({ done: false, flag: false }), actions: { go: { guard: (s) => !s.done, run: (s) => ({ state: { ...s, done: true } }) } }, handlers: { x: (s) => ({ state: s }) } };
    const m = system({
      protocol: go,
      n: 3,
      network: fifo,
      checkDeadlock: false,
      properties: [eventually<GlobalState<F, { type: 'x' }>>('P2 flag eventually', (g) => g.procs[2].flag), sometimes<GlobalState<F, { type: 'x' }>>('P1 before P0', (g) => g.procs[1].done && !g.procs[0].done)],
    });
    const full = explore(m);
    const por = explore(m, { por: true });
    expect([full.verdict, full.properties.map((p) => p.status)]).toEqual(['liveness', ['violated', 'witnessed']]);
    expect([por.verdict, por.properties.map((p) => p.status)]).toEqual(['liveness', ['violated', 'witnessed']]);
    expect(por.witnesses['P1 before P0']).toBeDefined();
    expect(replay(m, por.counterexample!).exitCode).toBe(13);
  });

  it('a predicate true only between the two orders (P1 went, P0 not yet) is kept visible: the violation is found, and replays without --por', () => {
    const m = diamond((g) => g.procs[1].done && !g.procs[0].done, false);
    const full = explore(m);
    const por = explore(m, { por: true });
    expect([full.verdict, por.verdict]).toEqual(['liveness', 'liveness']);
    expect(por.reductions).toEqual(['por']);
    // Both steps read by the property: every state is fully expanded.
    expect(por.distinctStates).toBe(full.distinctStates);
    expect(replay(m, por.counterexample!).exitCode).toBe(13);
  });

  it('a stable one is not kept visible (one order only), and its violation, seen in the stuck state, is still found', () => {
    const m = diamond((g) => g.procs[1].done, true);
    const full = explore(m);
    const por = explore(m, { por: true });
    expect([full.verdict, por.verdict]).toEqual(['liveness', 'liveness']);
    expect(por.distinctStates).toBeLessThan(full.distinctStates);
    expect(replay(m, por.counterexample!).exitCode).toBe(13);
  });

  it('on a reduced graph with a cycle the search runs again without the reduction', () => {
    // Two processes that toggle for ever: every state lies on a cycle. (Not stable: a toggle undoes
    // either predicate, and the test of stable declarations would say so, exit 75.)
    const toggle: Protocol<L, { type: 'x' }> = { ...once, actions: { go: { guard: () => true, run: (s) => ({ state: { done: !s.done } }) } } };
    const m = system({ protocol: toggle, n: 2, network: fifo, properties: [leadsTo<GlobalState<L, { type: 'x' }>>('P0 done leads to P1 done', (g) => g.procs[0].done, (g) => g.procs[1].done)] });
    const full = explore(m);
    const r = explore(m, { por: true });
    expect(r.verdict).toBe(full.verdict);
    expect(r.reductions).toEqual([]);
    expect(r.stats['por.cyclicFallback']).toBe(1);
    expect(r.distinctStates).toBe(full.distinctStates);
  });

  it('--symmetry still refuses liveness', () => {
    const m = diamond((g) => g.procs[1].done, true);
    expect(() => explore(m, { symmetry: true })).toThrow(/--symmetry does not preserve liveness/);
  });
});

describe('chandy-lamport with initiation at any time, under --por', () => {
  const params = { n: 2, transfers: 2, initiators: 2, initiateAfter: 0, balance: 10 };
  it('passes with every property, in fewer states than the full search (causality tracked, every property declared stable)', () => {
    const por = explore(snapshotSystem(params), { por: true });
    expect(por.verdict).toBe('pass');
    expect(por.reductions).toEqual(['por']);
    // As the full search (test/models/pinned.test.ts): every property holds, every witness is found.
    for (const p of por.properties) expect([p.name, p.status]).toEqual([p.name, p.kind === 'sometimes' ? 'witnessed' : 'holds']);
    expect(por.distinctStates).toBe(pinnedStates('chandy-lamport', { n: 2, transfers: 2, initiators: 2, initiateAfter: 0 }, ['por']));
    expect(por.distinctStates).toBeLessThan(pinnedStates('chandy-lamport', { n: 2, transfers: 2, initiators: 2, initiateAfter: 0 }));
  });

  it('a process that does not forward markers: the snapshot never completes, found under --por (liveness alone) with a trace that replays without it', () => {
    const base = snapshotSystem({ ...params, transfers: 1 }, { layer: noForwarding });
    const m = system({ ...base.spec, properties: base.spec.properties?.filter((p) => p.name === 'every initiated snapshot completes'), checkDeadlock: false });
    const full = explore(m);
    const por = explore(m, { por: true });
    expect([full.verdict, por.verdict]).toEqual(['liveness', 'liveness']);
    expect(por.reductions).toEqual(['por']);
    expect(por.distinctStates).toBeLessThan(full.distinctStates);
    expect(replay(m, por.counterexample!).exitCode).toBe(13);
  });
});
