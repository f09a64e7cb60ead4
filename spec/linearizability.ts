/**
 * Consistency of an observed history of operations on a shared object: linearizability (Herlihy &
 * Wing) and sequential consistency (Lamport), checked by Wing & Gong's search with memoisation, as
 * Stateright's `LinearizabilityTester` and Porcupine do.
 *
 * The history is recorded as Stateright records it: per client, its completed operations in order,
 * and at most one operation in flight; with each operation, the index of the last operation every
 * other client had completed when it was invoked. That is exactly the real-time order ("a returned
 * before b was invoked") and no more, so two runs with the same operations in the same partial
 * order have the same history. It is plain data, kept as the ghost state of an observer
 * (`historyObserver`), so the properties read it in every state.
 */
import { always, ghostOf, type GlobalState, type Observed, type Observer, type Property } from 'interleave';

/** A sequential specification: the object's initial state, and the result of one operation. */
export interface SequentialSpec<S, Op, Ret> {
  readonly init: S;
  readonly apply: (state: S, op: Op) => { readonly state: S; readonly ret: Ret };
  /** Equality of object states (for memoisation; default: by JSON). */
  readonly key?: (state: S) => string;
}

/** (client, index of its last completed operation), ascending by client. */
export type LastCompleted = readonly (readonly [number, number])[];

export interface Done<Op, Ret> {
  readonly op: Op;
  readonly ret: Ret;
  readonly after: LastCompleted;
}

export interface InFlight<Op> {
  readonly op: Op;
  readonly after: LastCompleted;
}

export interface ClientHistory<Op, Ret> {
  readonly client: number;
  readonly done: readonly Done<Op, Ret>[];
  readonly pending: InFlight<Op> | null;
}

/** Per client (ascending), what it did; `invalid` once a client invoked twice or returned with nothing in flight. */
export interface History<Op, Ret> {
  readonly clients: readonly ClientHistory<Op, Ret>[];
  readonly invalid?: string;
}

export const emptyHistory: History<never, never> = { clients: [] };

/** The history after `client` invokes `op`. */
export function invoke<Op, Ret>(h: History<Op, Ret>, client: number, op: Op): History<Op, Ret> {
  if (h.invalid) return h;
  const mine = h.clients.find((c) => c.client === client);
  if (mine?.pending) return { ...h, invalid: `client ${client} invoked ${JSON.stringify(op)} with ${JSON.stringify(mine.pending.op)} in flight` };
  const after: LastCompleted = h.clients.filter((c) => c.client !== client && c.done.length > 0).map((c) => [c.client, c.done.length - 1] as const);
  const entry: ClientHistory<Op, Ret> = { client, done: mine?.done ?? [], pending: { op, after } };
  return { clients: [...h.clients.filter((c) => c.client !== client), entry].sort((a, b) => a.client - b.client) };
}

/** The history after `client`'s operation in flight returns `ret`. */
export function respond<Op, Ret>(h: History<Op, Ret>, client: number, ret: Ret): History<Op, Ret> {
  if (h.invalid) return h;
  const mine = h.clients.find((c) => c.client === client);
  if (!mine?.pending) return { ...h, invalid: `client ${client} returned ${JSON.stringify(ret)} with nothing in flight` };
  const entry: ClientHistory<Op, Ret> = { client, done: [...mine.done, { op: mine.pending.op, ret, after: mine.pending.after }], pending: null };
  return { clients: h.clients.map((c) => (c.client === client ? entry : c)) };
}

/** One operation of a serialisation: who, what, and what it returned (absent: in flight, taken as having happened). */
export interface Serialised<Op, Ret> {
  readonly client: number;
  readonly op: Op;
  readonly ret: Ret;
  readonly pending?: true;
}

/**
 * A serialisation of h consistent with spec: every completed operation once, in its client's order,
 * returning what it returned; an operation in flight may take effect (once) or not. With
 * `realTime`, an operation that returned before another was invoked comes first (linearizability);
 * without, only each client's own order counts (sequential consistency). Null if there is none.
 */
export function serialise<S, Op, Ret>(spec: SequentialSpec<S, Op, Ret>, h: History<Op, Ret>, realTime = true): Serialised<Op, Ret>[] | null {
  if (h.invalid) return null;
  const clients = h.clients;
  const k = clients.length;
  const index = new Map(clients.map((c, i) => [c.client, i]));
  const keyOfState = spec.key ?? ((s: S) => JSON.stringify(s));
  const eq = (a: Ret, b: Ret) => JSON.stringify(a) === JSON.stringify(b);
  const failed = new Set<string>();
  const counts = new Array<number>(k).fill(0);
  const out: Serialised<Op, Ret>[] = [];
  /** The operation's real-time predecessors are all in the serialisation so far. */
  const ready = (after: LastCompleted): boolean => !realTime || after.every(([c, i]) => counts[index.get(c) as number] > i);
  const search = (state: S): boolean => {
    if (clients.every((c, i) => counts[i] >= c.done.length)) return true;
    const key = `${counts.join(',')}|${keyOfState(state)}`;
    if (failed.has(key)) return false;
    for (let i = 0; i < k; i++) {
      const c = clients[i];
      const at = counts[i];
      if (at < c.done.length) {
        const d = c.done[at];
        if (!ready(d.after)) continue;
        const r = spec.apply(state, d.op);
        if (!eq(r.ret, d.ret)) continue;
        counts[i]++;
        out.push({ client: c.client, op: d.op, ret: d.ret });
        if (search(r.state)) return true;
        out.pop();
        counts[i]--;
      } else if (at === c.done.length && c.pending && ready(c.pending.after)) {
        // The operation in flight takes effect now (its result is whatever the object gives).
        const r = spec.apply(state, c.pending.op);
        counts[i]++;
        out.push({ client: c.client, op: c.pending.op, ret: r.ret, pending: true });
        if (search(r.state)) return true;
        out.pop();
        counts[i]--;
      }
    }
    failed.add(key);
    return false;
  };
  return search(spec.init) ? out : null;
}

export const isLinearizable = <S, Op, Ret>(spec: SequentialSpec<S, Op, Ret>, h: History<Op, Ret>): boolean => serialise(spec, h, true) !== null;
export const isSequentiallyConsistent = <S, Op, Ret>(spec: SequentialSpec<S, Op, Ret>, h: History<Op, Ret>): boolean => serialise(spec, h, false) !== null;

// ---- a register --------------------------------------------------------------------------------------

export type RegisterOp = { readonly kind: 'write'; readonly value: number } | { readonly kind: 'read' };
export type RegisterRet = { readonly kind: 'ok' } | { readonly kind: 'value'; readonly value: number };

/** A read/write register holding a number, initially `init`. */
export function register(init = 0): SequentialSpec<number, RegisterOp, RegisterRet> {
  return { init, apply: (s, op) => (op.kind === 'write' ? { state: op.value, ret: { kind: 'ok' } } : { state: s, ret: { kind: 'value', value: s } }), key: String };
}

const showOp = (op: unknown, ret?: unknown): string => {
  const o = op as RegisterOp;
  const r = ret as RegisterRet | undefined;
  const call = o.kind === 'write' ? `write(${o.value})` : o.kind === 'read' ? 'read()' : JSON.stringify(op);
  if (r === undefined) return `${call} …`;
  return r.kind === 'value' ? `${call} → ${r.value}` : r.kind === 'ok' ? `${call} → ok` : `${call} → ${JSON.stringify(ret)}`;
};

/** The history in words, per client, with each operation's real-time predecessors: `P3: write(1) → ok; read() → 0 (after P4#0)`. */
export function describeHistory<Op, Ret>(h: History<Op, Ret>): string {
  const after = (a: LastCompleted) => (a.length ? ` (after ${a.map(([c, i]) => `P${c}#${i}`).join(', ')})` : '');
  return h.clients
    .map((c) => `P${c.client}: ${[...c.done.map((d) => showOp(d.op, d.ret) + after(d.after)), ...(c.pending ? [showOp(c.pending.op) + after(c.pending.after)] : [])].join('; ')}`)
    .join(' | ');
}

// ---- fed by an observer -----------------------------------------------------------------------------

/** How a protocol's steps show operations: an invocation (a client sends a request) and a response (a client receives the reply). */
export interface OperationView<L, M, Op, Ret> {
  readonly invoked: (step: Observed<L, M>) => Op | null;
  readonly returned: (step: Observed<L, M>) => Ret | null;
}

/** An observer that records the history of operations as the run goes (`history` in traces). */
export function historyObserver<L, M, Op, Ret>(view: OperationView<L, M, Op, Ret>): Observer<History<Op, Ret>, L, M> {
  return {
    name: 'history',
    init: () => emptyHistory as History<Op, Ret>,
    observe: (h, step) => {
      if (step.kind === 'lose' || step.kind === 'crash') return h;
      let out = h;
      const r = view.returned(step);
      if (r !== null) out = respond(out, step.p, r);
      const op = view.invoked(step);
      if (op !== null) out = invoke(out, step.p, op);
      return out;
    },
    show: (h) => ({ global: { history: describeHistory(h) } }),
  };
}

/** A verdict per distinct history (many states share one): the check is a pure function of it. */
function memoised<H>(f: (h: H) => boolean): (h: H) => boolean {
  const seen = new Map<string, boolean>();
  return (h) => {
    const k = JSON.stringify(h);
    let r = seen.get(k);
    if (r === undefined) seen.set(k, (r = f(h)));
    return r;
  };
}

/** Always: the history so far is linearizable. */
export function linearizable<S, Op, Ret, L, M>(spec: SequentialSpec<S, Op, Ret>, observer: Observer<History<Op, Ret>, L, M>): Property<GlobalState<L, M>> {
  const check = memoised((h: History<Op, Ret>) => isLinearizable(spec, h));
  return always('linearizable', (g) => check(ghostOf(g, observer)), 'the operations observed so far have a serialisation that respects real time and the sequential specification', (g) => `no order of these operations respects both real time and the sequential specification: ${describeHistory(ghostOf(g, observer))}`);
}

/** Always: the history so far is sequentially consistent. */
export function sequentiallyConsistent<S, Op, Ret, L, M>(spec: SequentialSpec<S, Op, Ret>, observer: Observer<History<Op, Ret>, L, M>): Property<GlobalState<L, M>> {
  const check = memoised((h: History<Op, Ret>) => isSequentiallyConsistent(spec, h));
  return always('sequentially consistent', (g) => check(ghostOf(g, observer)), 'the operations observed so far have a serialisation that respects each client’s order and the sequential specification', (g) => `no order of these operations respects both each client’s order and the sequential specification: ${describeHistory(ghostOf(g, observer))}`);
}
