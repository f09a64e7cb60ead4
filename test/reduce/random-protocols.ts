/**
 * Random small protocols for the reductions' soundness harness: a few processes, a random local
 * machine (states 0…K-1 in a record), workload-limited local actions, handlers that send only when
 * they move a process's state up (so every run is finite), random invariants and witnesses, FIFO
 * or unordered channels. A symmetric protocol addresses processes only by `reply` and `all`, so
 * renaming processes maps runs to runs; others also send to fixed ids. Some (not symmetric) track
 * ground-truth causality, with properties that read the events; some declare their properties
 * stable (what they say, once a violation or a witness, stays so), and some check a liveness
 * property (p ~> q, or eventually q), stable or not.
 */
import fc from 'fast-check';
import { always, atQuiescence, eventually, explore, fifo, happensBefore, leadsTo, readsLocal, replay, sometimes, stable, system, unordered, type Event, type ExploreOptions, type GlobalState, type Property, type Report } from '../../index.ts';
import type { Protocol } from '../../src/protocol.ts';
import { FREEZE_NODES, tuning } from '../../checker/reduce/por-sends.ts';

type Dest = 'reply' | 'all' | number;
/** next: the state after; inc: or, when set, the state goes up by inc (capped at k-1), whatever it was (such receipts commute). */
interface Rule { readonly next: number; readonly inc?: number; readonly sends: readonly { readonly to: Dest; readonly m: number }[] }
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
  /** Messages carry the sender's state (more distinct messages: the por abstraction's pool grows). */
  readonly payload: boolean;
  /** Partial-order reduction assumes its pool of messages at once (checker/reduce/por-sends.ts), so searches meet messages outside it. */
  readonly freezePool: boolean;
  /** Ground-truth causality (never with symmetric: properties name processes). */
  readonly causal: boolean;
  /**
   * Which properties: `plain` (an invariant and a witness over local states; with causality, also
   * one over the events), `stable` (the same kinds over what stays true: events, workload counters,
   * declared stable), `liveness` (p ~> q over local states, or eventually q; not declared stable),
   * `stable-liveness` (over events and counters, declared stable).
   */
  readonly props: 'plain' | 'stable' | 'liveness' | 'stable-liveness';
  /** Liveness: eventually instead of leadsTo. */
  readonly eventually: boolean;
  /** The reductions' harness (extended): plain properties may read the workload counters instead (see readsCounters). */
  readonly counters?: boolean;
}

/**
 * `plain`: whether the invariant and the witness declare the functions they read local states
 * through (`readsLocal`: is it in state a, b, the goal). Half of the protocols, derived from what
 * is drawn (a field of its own would change the draw of every fixed seed).
 */
const declaresThrough = (r: RandomProtocol): boolean => (r.bad[0] + r.bad[1] + r.goal) % 2 === 0;

/**
 * Whether handlers send nothing: only the workload-limited local actions send, so the abstraction
 * of who may still send bounds every (sender, receiver, type), and partial-order reduction's sent
 * counts along the search's path (what a process has sent of its bound) decide what may still
 * arrive. A third of the protocols, derived from what is drawn (as declaresThrough).
 */
const quietHandlers = (r: RandomProtocol): boolean => (r.bad[1] + 5 * r.goal + r.n) % 3 === 0;

/**
 * `plain`, not symmetric: whether the properties read the workload counters only (a random
 * predicate of how many times each process took each local action) instead of local states. Every
 * receipt is then invisible and every local action visible, which is where partial-order reduction
 * lets processes receive, and take the actions their arrivals enable, while others wait (open
 * members, one receipt alone): a run it loses there is a combination of actions the search never
 * sees. A third of them, derived from what is drawn (as declaresThrough), in the reductions'
 * harness only (`counters`: the other harnesses name the plain properties).
 */
const readsCounters = (r: RandomProtocol): boolean => r.counters === true && !r.symmetric && (r.bad[0] * 7 + r.bad[1] * 3 + r.goal + r.k) % 3 === 0;

/**
 * extended: also causal protocols, stable properties and liveness properties (the reductions'
 * harness); without, plain properties over local states only (the other searches' harnesses:
 * parallel, swarm, which do not take causality or liveness).
 */
export function randomProtocol(extended = false): fc.Arbitrary<RandomProtocol> {
  return fc.record({ n: fc.integer({ min: 2, max: 3 }), k: fc.integer({ min: 2, max: 4 }), fifo: fc.boolean(), symmetric: fc.boolean() }).chain(({ n, k, fifo, symmetric }) => {
    const dest = symmetric ? fc.constantFrom<Dest>('reply', 'all') : fc.oneof(fc.constantFrom<Dest>('reply', 'all'), fc.integer({ min: 0, max: n - 1 }));
    const send = fc.record({ to: dest, m: fc.integer({ min: 0, max: 1 }) });
    const rule = (up: boolean) => fc.record({ next: fc.integer({ min: 0, max: k - 1 }), sends: fc.array(send, { maxLength: up ? 2 : 0 }) });
    const handlerRule = fc.record({ next: fc.integer({ min: 0, max: k - 1 }), inc: fc.option(fc.integer({ min: 0, max: 1 }), { nil: undefined }), sends: fc.array(send, { maxLength: 2 }) });
    return fc.record({
      n: fc.constant(n),
      k: fc.constant(k),
      fifo: fc.constant(fifo),
      symmetric: fc.constant(symmetric),
      actions: fc.array(fc.record({ from: fc.subarray([...Array(k).keys()], { minLength: 1 }), rule: rule(true) }), { minLength: 1, maxLength: 2 }),
      handlers: fc.array(fc.array(handlerRule, { minLength: k, maxLength: k }), { minLength: 2, maxLength: 2 }),
      bad: fc.tuple(fc.integer({ min: 0, max: k - 1 }), fc.integer({ min: 0, max: k - 1 })),
      goal: fc.integer({ min: 0, max: k - 1 }),
      payload: fc.boolean(),
      freezePool: fc.boolean(),
      causal: symmetric || !extended ? fc.constant(false) : fc.boolean(),
      // Liveness and symmetry are not checked together (--symmetry refuses liveness).
      props: !extended ? fc.constant<RandomProtocol['props']>('plain') : symmetric ? fc.constantFrom<RandomProtocol['props']>('plain', 'plain', 'stable') : fc.constantFrom<RandomProtocol['props']>('plain', 'plain', 'stable', 'liveness', 'stable-liveness'),
      eventually: extended ? fc.boolean() : fc.constant(false),
    });
  }).map((r) => (extended ? { ...r, counters: true } : r));
}

type L = { readonly s: number };
type M = { readonly type: 'm0' | 'm1'; readonly v?: number };

/** The system of a random protocol (symmetric ones declare it). */
export function build(r: RandomProtocol, mode: 'properties' | 'deadlock' | 'terminal' = 'properties', terminal?: Set<string>, only?: string) {
  const targets = (to: Dest, self: number, from: number, n: number): number[] => (to === 'reply' ? (from >= 0 ? [from] : []) : to === 'all' ? [...Array(n).keys()].filter((q) => q !== self) : to === self ? [] : [to]);
  const apply = (rule: Rule, s: L, self: number, from: number, n: number, upOnly: boolean) => {
    // Handlers send only when the state goes up (runs are finite).
    const next = upOnly && rule.inc !== undefined ? Math.min(s.s + rule.inc, r.k - 1) : rule.next;
    const sends = upOnly && next <= s.s ? [] : rule.sends.flatMap((x) => targets(x.to, self, from, n).map((to) => ({ to, msg: (r.payload ? { type: x.m === 0 ? 'm0' : 'm1', v: s.s } : { type: x.m === 0 ? 'm0' : 'm1' }) as M })));
    return { state: { s: next }, send: sends };
  };
  const quiet = (rule: Rule): Rule => (quietHandlers(r) ? { ...rule, sends: [] } : rule);
  const protocol: Protocol<L, M> = {
    name: 'random',
    init: () => ({ s: 0 }),
    actions: Object.fromEntries(r.actions.map((a, i) => [`a${i}`, { guard: (s: L) => a.from.includes(s.s), run: (s: L, ctx) => apply(a.rule, s, ctx.self, -1, ctx.n, false) }])),
    handlers: {
      m0: (s, _m, from, ctx) => apply(quiet(r.handlers[0][s.s]), s, ctx.self, from, ctx.n, true),
      m1: (s, _m, from, ctx) => apply(quiet(r.handlers[1][s.s]), s, ctx.self, from, ctx.n, true),
    },
  } as Protocol<L, M>;
  return system<L, M>({
    protocol,
    n: r.n,
    network: r.fifo ? fifo : unordered,
    workload: Object.fromEntries(r.actions.map((_, i) => [`a${i}`, 1])),
    // terminal: every state with no step (local states, channels, histories) goes into the set.
    properties: mode === 'deadlock' ? [] : mode === 'terminal' ? [atQuiescence<G>('record', (g) => (terminal?.add(JSON.stringify([g.procs, g.channels, g.events.map((es) => es.map((e) => [e.action, e.vt, e.state.s]))])), true))] : propertiesOf(r).filter((p) => only === undefined || p.name === only),
    checkDeadlock: mode === 'deadlock',
    symmetric: r.symmetric,
    causality: r.causal,
  });
}

type G = GlobalState<L, M>;
/** P[p] has been in state x (its initial state, or after one of its events; causal systems). */
const been = (g: G, p: number, x: number): boolean => x === 0 || g.events[p].some((e) => e.state.s === x);
/** Some event of P[p] in state x happened before some event of P[q] in state y (causal systems). */
const before = (g: G, p: number, x: number, q: number, y: number): boolean => {
  const es = (k: number, z: number): Event<L, M>[] => g.events[k].filter((e) => e.state.s === z);
  return es(p, x).some((e) => es(q, y).some((f) => happensBefore(e, f)));
};
/** A hash of the local states, salted: random-looking predicates that tell many states apart. */
const hashOf = (g: G, salt: number): number => g.procs.reduce((h, p, i) => Math.imul(h ^ (p.s + 7 * i), 0x9e3779b1) >>> 0, salt) % 5;
/** A hash of P0's history (the order of its events and what they were), salted. */
const historyHash = (g: G, salt: number): number => g.events[0].reduce((h, e) => Math.imul(h ^ (e.state.s + 5 * (e.kind === 'receive' ? 1 + (e.received as { from: number }).from : 0)), 0x85ebca6b) >>> 0, salt) % 3;
/** A hash of the workload counters (how many times each process took each local action), salted. */
const countersHash = (g: G, salt: number): number => g.used.reduce((h, u, i) => Math.imul(h ^ ((u.a0 ?? 0) + 3 * (u.a1 ?? 0) + 11 * i), 0x9e3779b1) >>> 0, salt) % 4;
/** P[p] has done local action a0 (its workload counter: it only grows). */
const did = (g: G, p: number): boolean => (g.used[p].a0 ?? 0) >= 1;

/** The properties of a random protocol (see `RandomProtocol.props`). */
function propertiesOf(r: RandomProtocol): Property<G>[] {
  const [a, b] = r.bad;
  const last = r.n - 1;
  const through = (p: Property<G>, ...fs: ((l: L) => unknown)[]): Property<G> => (declaresThrough(r) ? readsLocal(p, ...fs) : p);
  switch (r.props) {
    case 'plain':
      if (readsCounters(r))
        return [
          always('counters not bad', (g) => countersHash(g, a) !== 0),
          sometimes('counters goal', (g) => countersHash(g, r.goal + 11) === 1),
        ];
      return [
        through(always('no bad pair', (g) => !g.procs.some((p, i) => p.s === a && g.procs.some((q, j) => j !== i && q.s === b))), (l) => l.s === a, (l) => l.s === b),
        through(sometimes('goal', (g) => g.procs.every((p) => p.s === r.goal)), (l) => l.s === r.goal),
        // Reads the events (every step changes them): not stable, so every step is visible.
        ...(r.causal ? [always<G>('last events not concurrent in the bad pair', (g) => {
          const e = g.events[0].at(-1);
          const f = g.events[last].at(-1);
          return !(e && f && e.state.s === a && f.state.s === b && !happensBefore(e, f) && !happensBefore(f, e));
        })] : []),
      ];
    case 'stable':
      return r.causal
        ? [
            stable(always('no causal bad pair', (g) => !before(g, 0, a, last, b))),
            stable(sometimes('goal reached by a receipt', (g) => g.events.some((es) => es.some((e) => e.kind === 'receive' && e.state.s === r.goal)))),
            // At quiescence, over P0's whole history: the reduction must keep every state with no
            // step, histories included (it reads no property there: this one is not kept invisible).
            atQuiescence<G>('history shape', (g) => historyHash(g, r.goal) !== 0),
          ]
        : [
            // (Symmetric: by count, not by process.)
            stable(always('not two did a0', (g) => g.procs.filter((_, p) => did(g, p)).length < 2)),
            stable(sometimes('every process did a0', (g) => g.procs.every((_, p) => did(g, p)))),
          ];
    case 'liveness':
      return [
        // Random predicates over the local states (salted hashes).
        r.eventually
          ? eventually<G>('goal at P0', (g) => hashOf(g, r.goal) === 0)
          : leadsTo<G>('bad leads to goal', (g) => hashOf(g, a) === 0, (g) => hashOf(g, a) === 1),
      ];
    case 'stable-liveness':
      return [
        stable(
          r.causal
            ? r.eventually
              ? eventually<G>('P0 has been at goal', (g) => been(g, 0, r.goal))
              : leadsTo<G>('been bad leads to been goal', (g) => been(g, 0, a), (g) => been(g, last, r.goal))
            : r.eventually
              ? eventually<G>('every process did a0', (g) => g.procs.every((_, p) => did(g, p)))
              : leadsTo<G>('P0 did a0 leads to the last did a0', (g) => did(g, 0), (g) => did(g, last)),
        ),
      ];
  }
}

const LIMIT = 3_000;

/** What a search finds, for comparison: verdict, violated property, deadlock, property statuses. */
export function outcome(r: Report): string {
  // Statuses of properties not involved in a violation depend on when the search stopped.
  const props = r.verdict === 'pass' ? r.properties.map((p) => [p.name, p.status]) : r.properties.filter((p) => p.status === 'violated').map((p) => p.name);
  return JSON.stringify({ verdict: r.verdict, props, deadlock: r.counterexample?.kind === 'deadlock' });
}

/**
 * Both searches found a violation, of different properties: which of two violated properties a
 * search meets first depends on its order, which a reduction changes (seen: a stable invariant first
 * in the full search, a property read at quiescence first under por). Then each property is searched
 * alone, with and without the reduction: each must be violated in both.
 */
function sameViolations(r: RandomProtocol, full: Report, red: Report, o: ExploreOptions): boolean {
  if (full.verdict !== 'violation' || red.verdict !== 'violation') return false;
  const violated = (x: Report) => x.properties.filter((p) => p.status === 'violated').map((p) => p.name);
  const names = [...new Set([...violated(full), ...violated(red)])];
  const opts: ExploreOptions = { maxStates: 20 * LIMIT, initialCapacity: 1 << 10 };
  return names.every((name) => {
    const alone = build(r, 'properties', undefined, name);
    const a = explore(alone, opts);
    const b = explore(alone, { ...o, maxStates: 20 * LIMIT });
    return outcome(a) === JSON.stringify({ verdict: 'violation', props: [name], deadlock: false }) && outcome(b) === outcome(a);
  });
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
    tuning.freezeNodes = r.freezePool ? 0 : FREEZE_NODES;
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
      if (got !== want && !sameViolations(r, full, red, o)) return `${name} (${mode}): ${got} vs full ${want} (${full.error ?? ''}${red.error ?? ''})`;
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
  // Partial-order reduction keeps every state with no step (histories included, in causal systems),
  // on every protocol: the most sensitive comparison. (It was made on one in four in npm test: five
  // mistakes put in por.ts by hand, in what may still arrive and what arrivals enable, went
  // unnoticed for 500 to 2,000 protocols, or past 2,000; on every one, each is caught within 90.)
  const fullEnds = new Set<string>();
  const porEnds = new Set<string>();
  const opts: ExploreOptions = { maxStates: LIMIT, initialCapacity: 1 << 10, checkDeadlock: false };
  if (explore(build(r, 'terminal', fullEnds), opts).verdict !== 'pass') return undefined;
  const red = explore(build(r, 'terminal', porEnds), { ...opts, por: true, maxStates: 20 * LIMIT });
  compared.searches++;
  if (red.verdict !== 'pass') return `por (terminal states): ${red.verdict} ${red.error ?? ''}`;
  if (porEnds.size !== fullEnds.size || [...fullEnds].some((k) => !porEnds.has(k))) return `por keeps ${porEnds.size} of the ${fullEnds.size} states with no step`;
  return undefined;
}
