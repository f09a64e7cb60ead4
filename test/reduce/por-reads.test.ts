/**
 * Ways a property reads a local state that --por must see (checker/reduce/por.ts, visibility):
 * fields holding Sets, Maps or arrays with undefined (compared as data, not by JSON.stringify, which
 * wrote every Set as {} and undefined in an array as null), reads through `in` and `Object.hasOwn`
 * (not only `s.field`), a local state that is itself a Set (read whole: its methods fail on a
 * proxy), a readsLocal function whose value is a Set; and networks where --por does not apply
 * (merging: a send and a receipt of an equal message do not commute). Each system here is violated
 * in exactly one interleaving order of two independent-looking steps; before the fixes, --por
 * reported a pass (or a model error) on each. Found by an audit, 2026-12-01.
 */
import { describe, expect, it } from 'vitest';
import { always, explore, readsLocal, system, type GlobalState, type Network, type Protocol } from 'interleave';
import { load } from '../../checker/cli/main.ts';

type Probe<L> = { readonly name: string; readonly protocol: Protocol<L, { readonly type: 'none' }>; readonly property: (g: GlobalState<L, { readonly type: 'none' }>) => boolean; readonly reads?: (l: L) => unknown };

/** Two processes; each may take `go` once; the property fails where P1 has gone and P0 has not. */
function probe<L>(name: string, init: L, gone: (l: L) => boolean, after: (self: number) => L, property: Probe<L>['property'], reads?: (l: L) => unknown) {
  const protocol: Protocol<L, { readonly type: 'none' }> = {
    name,
    init: () => init,
    actions: { go: { guard: (l) => !gone(l), run: (_l, ctx) => ({ state: after(ctx.self) }) } },
    handlers: { none: (l) => ({ state: l }) },
  };
  const p = always<GlobalState<L, { readonly type: 'none' }>>('P0 goes first', property);
  return system({ name, protocol, n: 2, network: { order: 'fifo' }, checkDeadlock: false, properties: [reads ? readsLocal(p, reads) : p] });
}

const cases = [
  ['a Set field read by .size', probe<{ readonly items: ReadonlySet<number> }>('set-field', { items: new Set() }, (l) => l.items.size > 0, (self) => ({ items: new Set([self + 1]) }), (g) => !(g.procs[1].items.size > 0 && g.procs[0].items.size === 0))],
  ['a Map field', probe<{ readonly m: ReadonlyMap<string, number> }>('map-field', { m: new Map() }, (l) => l.m.size > 0, (self) => ({ m: new Map([['k', self]]) }), (g) => !(g.procs[1].m.has('k') && !g.procs[0].m.has('k')))],
  ['an array field from [undefined] to [null]', probe<{ readonly vote: readonly (null | undefined)[] }>('undefined-null', { vote: [undefined] }, (l) => l.vote[0] === null, () => ({ vote: [null] }), (g) => !(g.procs[1].vote[0] === null && g.procs[0].vote[0] === undefined))],
  ["a field tested with 'in'", probe<{ readonly done?: true }>('in-field', {}, (l) => 'done' in l, () => ({ done: true }), (g) => !('done' in g.procs[1] && !('done' in g.procs[0])))],
  ['a field tested with Object.hasOwn', probe<{ readonly done?: true }>('has-own', {}, (l) => Object.hasOwn(l, 'done'), () => ({ done: true }), (g) => !(Object.hasOwn(g.procs[1], 'done') && !Object.hasOwn(g.procs[0], 'done')))],
  ['a local state that is a Set', probe<ReadonlySet<number>>('set-local', new Set(), (l) => l.size > 0, (self) => new Set([self]), (g) => !(g.procs[1].size > 0 && g.procs[0].size === 0))],
  ['a readsLocal function whose value is a Set', probe<{ readonly items: ReadonlySet<number> }>('reads-set', { items: new Set() }, (l) => l.items.size > 0, (self) => ({ items: new Set([self + 1]) }), (g) => !(g.procs[1].items.size > 0 && g.procs[0].items.size === 0), (l) => l.items)],
] as const;

describe('--por sees every read of a local state a property makes', () => {
  it.each(cases)('%s: the violation the full search finds, under --por too', (_name, sys) => {
    const full = explore(sys);
    expect(full.verdict).toBe('violation');
    const r = explore(sys, { por: true });
    expect(r.error).toBeUndefined();
    expect(r.verdict).toBe('violation');
    expect(r.counterexample?.property?.name).toBe('P0 goes first');
  });
});

describe('networks where --por does not apply', () => {
  type L = { readonly got: number };
  const counting: Protocol<L, { readonly type: 'm' }> = {
    name: 'merge',
    init: () => ({ got: 0 }),
    actions: { send: { guard: (_l, ctx) => ctx.self === 0, run: (l) => ({ state: l, send: [{ to: 1, msg: { type: 'm' } }] }) } },
    handlers: { m: (l) => ({ state: { got: l.got + 1 } }) },
  };
  const net = (network: Network) => system({ name: 'merge', protocol: counting, n: 2, network, workload: { send: 2 }, checkDeadlock: false, properties: [always<GlobalState<L, { readonly type: 'm' }>>('P1 got fewer than 2', (g) => g.procs[1].got < 2)] });

  it('a merging network: a full search, which finds the violation (send, receive, send, receive), and the report says why', () => {
    const sys = net({ order: 'unordered', merging: true });
    expect(explore(sys).verdict).toBe('violation');
    const r = explore(sys, { por: true });
    expect(r.verdict).toBe('violation');
    expect(r.reductions).toEqual([]);
    expect(r.notApplied).toEqual({ por: 'it does not apply to a model with a merging network' });
  });

  it('a causal system whose steps declare deliveries: the reduction stops, and the report says why', async () => {
    const r = explore((await load('causal-multicast', [])).model, { por: true });
    expect(r.reductions).toEqual([]);
    expect(r.notApplied?.por).toMatch(/declares deliveries/);
  });

  it('an unordered network that does not merge: --por applies, and finds it too', () => {
    const r = explore(net({ order: 'unordered' }), { por: true });
    expect(r.reductions).toEqual(['por']);
    expect(r.notApplied).toBeUndefined();
    expect(r.verdict).toBe('violation');
  });
});
