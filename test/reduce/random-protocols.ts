/**
 * Random small protocols for the reductions' soundness harness: a few processes, a random local
 * machine (states 0…K-1 in a record), workload-limited local actions, handlers that send only when
 * they move a process's state up (so every run is finite), random invariants and witnesses, FIFO
 * or unordered channels. A symmetric protocol addresses processes only by `reply` and `all`, so
 * renaming processes maps runs to runs; others also send to fixed ids.
 */
import fc from 'fast-check';
import { always, explore, fifo, replay, sometimes, system, unordered, type ExploreOptions, type Report } from '../../index.ts';
import type { Protocol } from '../../src/protocol.ts';

type Dest = 'reply' | 'all' | number;
interface Rule { readonly next: number; readonly sends: readonly { readonly to: Dest; readonly m: number }[] }
export interface RandomProtocol {
  readonly n: number;
  readonly k: number;
  readonly fifo: boolean;
  readonly symmetric: boolean;
  /** actions[a] = [guard states, rule per state]. */
  readonly actions: readonly { readonly from: readonly number[]; readonly rule: Rule }[];
  /** handlers[m][state] */
  readonly handlers: readonly (readonly Rule[])[];
  readonly bad: readonly [number, number];
  readonly goal: number;
}

export function randomProtocol(): fc.Arbitrary<RandomProtocol> {
  return fc.record({ n: fc.integer({ min: 2, max: 3 }), k: fc.integer({ min: 2, max: 4 }), fifo: fc.boolean(), symmetric: fc.boolean() }).chain(({ n, k, fifo, symmetric }) => {
    const dest = symmetric ? fc.constantFrom<Dest>('reply', 'all') : fc.oneof(fc.constantFrom<Dest>('reply', 'all'), fc.integer({ min: 0, max: n - 1 }));
    const send = fc.record({ to: dest, m: fc.integer({ min: 0, max: 1 }) });
    const rule = (up: boolean) => fc.record({ next: fc.integer({ min: 0, max: k - 1 }), sends: fc.array(send, { maxLength: up ? 2 : 0 }) });
    const handlerRule = fc.record({ next: fc.integer({ min: 0, max: k - 1 }), sends: fc.array(send, { maxLength: 2 }) });
    return fc.record({
      n: fc.constant(n),
      k: fc.constant(k),
      fifo: fc.constant(fifo),
      symmetric: fc.constant(symmetric),
      actions: fc.array(fc.record({ from: fc.subarray([...Array(k).keys()], { minLength: 1 }), rule: rule(true) }), { minLength: 1, maxLength: 2 }),
      handlers: fc.array(fc.array(handlerRule, { minLength: k, maxLength: k }), { minLength: 2, maxLength: 2 }),
      bad: fc.tuple(fc.integer({ min: 0, max: k - 1 }), fc.integer({ min: 0, max: k - 1 })),
      goal: fc.integer({ min: 0, max: k - 1 }),
    });
  });
}

type L = { readonly s: number };
type M = { readonly type: 'm0' | 'm1' };

/** The system of a random protocol (symmetric ones declare it). */
export function build(r: RandomProtocol, mode: 'properties' | 'deadlock' = 'properties') {
  const targets = (to: Dest, self: number, from: number, n: number): number[] => (to === 'reply' ? (from >= 0 ? [from] : []) : to === 'all' ? [...Array(n).keys()].filter((q) => q !== self) : to === self ? [] : [to]);
  const apply = (rule: Rule, s: L, self: number, from: number, n: number, upOnly: boolean) => {
    // Handlers send only when the state goes up (runs are finite).
    const sends = upOnly && rule.next <= s.s ? [] : rule.sends.flatMap((x) => targets(x.to, self, from, n).map((to) => ({ to, msg: { type: x.m === 0 ? 'm0' : 'm1' } as M })));
    return { state: { s: rule.next }, send: sends };
  };
  const protocol: Protocol<L, M> = {
    name: 'random',
    init: () => ({ s: 0 }),
    actions: Object.fromEntries(r.actions.map((a, i) => [`a${i}`, { guard: (s: L) => a.from.includes(s.s), run: (s: L, ctx) => apply(a.rule, s, ctx.self, -1, ctx.n, false) }])),
    handlers: {
      m0: (s, _m, from, ctx) => apply(r.handlers[0][s.s], s, ctx.self, from, ctx.n, true),
      m1: (s, _m, from, ctx) => apply(r.handlers[1][s.s], s, ctx.self, from, ctx.n, true),
    },
  } as Protocol<L, M>;
  const [a, b] = r.bad;
  return system<L, M>({
    protocol,
    n: r.n,
    network: r.fifo ? fifo : unordered,
    workload: Object.fromEntries(r.actions.map((_, i) => [`a${i}`, 1])),
    properties: mode === 'deadlock' ? [] : [
      always('no bad pair', (g) => !g.procs.some((p, i) => p.s === a && g.procs.some((q, j) => j !== i && q.s === b))),
      sometimes('goal', (g) => g.procs.every((p) => p.s === r.goal)),
    ],
    checkDeadlock: mode === 'deadlock',
    symmetric: r.symmetric,
  });
}

const LIMIT = 3_000;

/** What a search finds, for comparison: verdict, violated property, deadlock, property statuses. */
export function outcome(r: Report): string {
  // Statuses of properties not involved in a violation depend on when the search stopped.
  const props = r.verdict === 'pass' ? r.properties.map((p) => [p.name, p.status]) : r.properties.filter((p) => p.status === 'violated').map((p) => p.name);
  return JSON.stringify({ verdict: r.verdict, props, deadlock: r.counterexample?.kind === 'deadlock' });
}

/** everyMode: every symmetric protocol is checked under each symmetry mode alone and with por (the long run). */
export const harness = { everyMode: false };
let symmetricSeen = 0;

/** Protocols whose full search ended within the limit (the others are not compared), since the start. */
export const compared = { protocols: 0, searches: 0 };

/** Checks a random protocol with and without each reduction; gives a description of a disagreement, or undefined. */
export function disagreement(r: RandomProtocol): string | undefined {
  const d = disagreementIn(r);
  if (d !== 'skipped') compared.protocols++;
  return d === 'skipped' ? undefined : d;
}

function disagreementIn(r: RandomProtocol): string | undefined | 'skipped' {
  // Properties and deadlocks are checked in separate searches: which of a violation and a deadlock
  // a search meets first depends on its order, which a reduction changes.
  for (const mode of ['properties', 'deadlock'] as const) {
    const opts: ExploreOptions = { maxStates: LIMIT, initialCapacity: 1 << 10 };
    const model = build(r, mode); // compiled once, searched with and without each reduction
    const full = explore(model, opts);
    if (full.verdict === 'incomplete' || full.verdict === 'error') return 'skipped';
    const want = outcome(full);
    const runs: [string, ExploreOptions][] = [['por', { ...opts, por: true }]];
    // A symmetric protocol: each symmetry mode, alone and with por. In npm test by turns (both modes
    // alone; por with exact; por with sort), to keep it short; the long run does all four.
    if (r.symmetric) {
      const turn = harness.everyMode ? -1 : symmetricSeen++ % 3;
      if (turn <= 0) runs.push(['symmetry', { ...opts, symmetry: true }], ['symmetry sort', { ...opts, symmetry: 'sort' }]);
      if (turn === -1 || turn === 1) runs.push(['por + symmetry', { ...opts, por: true, symmetry: true }]);
      if (turn === -1 || turn === 2) runs.push(['por + symmetry sort', { ...opts, por: true, symmetry: 'sort' }]);
    }
    const counts = new Map<string, number>();
    for (const [name, o] of runs) {
      let red = explore(model, o);
      // A reduced search stores other states than the full one on its way to the same violation
      // or deadlock, so it may reach the limit first (seen: a deadlock at depth 6 after 2,799
      // states, 3,108 with por): it then runs again with room (the reduced space is no larger).
      if (red.verdict === 'incomplete') red = explore(model, { ...o, maxStates: 20 * LIMIT });
      compared.searches++;
      const got = outcome(red);
      if (got !== want) return `${name} (${mode}): ${got} vs full ${want} (${full.error ?? ''}${red.error ?? ''})`;
      if (full.verdict === 'pass' && red.distinctStates > full.distinctStates) return `${name}: more states (${red.distinctStates}) than the full search (${full.distinctStates})`;
      counts.set(name, red.distinctStates);
      // A counterexample found under a reduction is a run of the unreduced model.
      if (red.counterexample) {
        const again = replay(model, red.counterexample);
        if (again.exitCode !== red.exitCode) return `${name} (${mode}): its counterexample does not replay without it: ${again.message}`;
      }
    }
    // Exact symmetry stores one state per orbit, the sort at least one.
    if (full.verdict === 'pass' && counts.has('symmetry') && (counts.get('symmetry') as number) > (counts.get('symmetry sort') as number)) return `symmetry: more states (${counts.get('symmetry')}) than symmetry sort (${counts.get('symmetry sort')})`;
  }
  return undefined;
}
