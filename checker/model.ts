/**
 * The generic level: a transition system given by its initial states, the enabled actions of a
 * state and the next state of an action, with named properties. A TLA+-style spec is written here.
 */

/**
 * `always`: an invariant, true in every reachable state. `sometimes`: some reachable state
 * satisfies it. `quiescent`: true in every reachable state with no enabled step (at quiescence).
 * The liveness kinds hold of every fair behaviour (see `Fairness`): `eventually` (p holds at some
 * point), `leadsTo` (p ~> q: whenever p holds, q holds then or later) and `infinitelyOften`.
 */
export type PropertyKind = 'always' | 'sometimes' | 'quiescent' | LivenessKind;

/** The property kinds checked over behaviours (fair cycles and stuck paths), not single states. */
export type LivenessKind = 'eventually' | 'leadsTo' | 'infinitelyOften';

/** True for `eventually`, `leadsTo` and `infinitelyOften`. */
export function isLiveness(kind: PropertyKind): kind is LivenessKind {
  return kind === 'eventually' || kind === 'leadsTo' || kind === 'infinitelyOften';
}

/**
 * How hard the checker may assume a step is pushed: `weak` (a step that stays enabled is
 * eventually taken), `strong` (a step enabled again and again is eventually taken), `none` (not
 * forced: a workload action such as `request`, a message loss, a crash).
 */
export type Fairness = 'none' | 'weak' | 'strong';

/** A named predicate over states, checked on every distinct reachable state. */
export interface Property<S> {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly holds: (state: S) => boolean;
  /** One sentence for people, shown by `list` and in reports. */
  readonly description?: string;
  /**
   * Why the property fails in `state` (a state where `holds` is false), in the terms of the
   * property's definition: "P0#1 → P1#1, yet P1 delivered P1#1 without P0#1". Called only to
   * report a violation, never during the search. Undefined: no more to say than the description.
   * Liveness kinds get the instance as second argument, and the last state of the counterexample
   * (a state of the cycle that repeats, or the state where the run is stuck).
   */
  readonly reason?: (state: S, instance?: number) => string | undefined;
  /** For `leadsTo`: the q of p ~> q (`holds` is p). */
  readonly leadsTo?: (state: S) => boolean;
  /**
   * Liveness kinds: the property is checked once per instance i in 0…instances-1 (e.g. one per
   * process, "every request is eventually granted"), with i as the predicates' second argument.
   */
  readonly instances?: (state: S) => number;
  /**
   * Liveness kinds with instances: the name a report gives instance i (`P1`, `P2 delivers P0#1`),
   * from an initial state; default `instance i`. `eachProcess` names them after the processes.
   */
  readonly instanceName?: (state: S, i: number) => string;
  /**
   * Declared by `stable(…)`: what the property says of a state cannot be undone by any later step
   * of the model. `always`: once false, false in every state reachable from there; `sometimes`:
   * once true, true from there on; liveness kinds: each predicate (p and q of p ~> q), once true,
   * stays true. Partial-order reduction (`--por`, checker/reduce/por.ts) then need not keep the
   * property's reads invisible. A promise about the property *and* the model's steps, like a
   * declared symmetry: a wrong one makes `--por` unsound. Tested before a search under `--por` on
   * random runs of the full model (checker/reduce/stable-check.ts: exit 75 when one refutes it).
   */
  readonly stable?: boolean;
  /**
   * Declared by `readsLocal(…)` (protocol systems): the property reads each process's local state
   * only through these functions, so a step that changes none of their values is invisible to it
   * (partial-order reduction, checker/reduce/por.ts, otherwise counts every field it reads). Its
   * other reads of the global state (workload counters, channels…) are still learned. A promise,
   * tested before a search under `--por` on random runs of the full model
   * (checker/reduce/local-reads-check.ts: exit 75 when one refutes it).
   */
  readonly readsLocal?: readonly ((local: never) => unknown)[];
}

/**
 * The property, declared to read each process's local state only through `through` (see
 * `Property.readsLocal`): two local states on which these functions agree give it the same value,
 * whatever the rest of the global state.
 */
export function readsLocal<S, L>(p: Property<S>, ...through: ((local: L) => unknown)[]): Property<S> {
  return { ...p, readsLocal: [...(p.readsLocal ?? []), ...(through as ((local: never) => unknown)[])] };
}

/**
 * The property, declared stable (see `Property.stable`): its value, once it shows a violation (an
 * `always` false, a `sometimes` true, a liveness predicate true), stays so in every later state.
 */
export function stable<S>(p: Property<S>): Property<S> {
  return { ...p, stable: true };
}

/** On every fair behaviour, p holds at some point (from each initial state). */
export function eventually<S>(name: string, p: (state: S, i: number) => boolean, options: NoInfer<LivenessOptions<S>> = {}): Property<S> {
  return { name, kind: 'eventually', holds: p as (s: S) => boolean, description: options.description, instances: options.instances, ...(options.instanceName ? { instanceName: options.instanceName } : {}), ...(options.reason ? { reason: options.reason as (s: S, i?: number) => string | undefined } : {}) };
}

/** p ~> q: on every fair behaviour, whenever p holds, q holds at the same or a later state. */
export function leadsTo<S>(name: string, p: (state: S, i: number) => boolean, q: (state: S, i: number) => boolean, options: NoInfer<LivenessOptions<S>> = {}): Property<S> {
  return { name, kind: 'leadsTo', holds: p as (s: S) => boolean, leadsTo: q as (s: S) => boolean, description: options.description, instances: options.instances, ...(options.instanceName ? { instanceName: options.instanceName } : {}), ...(options.reason ? { reason: options.reason as (s: S, i?: number) => string | undefined } : {}) };
}

/** On every fair behaviour, p holds infinitely often (true ~> p; a run that stops stays in its last state for ever, so p must hold there). */
export function infinitelyOften<S>(name: string, p: (state: S, i: number) => boolean, options: NoInfer<LivenessOptions<S>> = {}): Property<S> {
  return { name, kind: 'infinitelyOften', holds: p as (s: S) => boolean, description: options.description, instances: options.instances, ...(options.instanceName ? { instanceName: options.instanceName } : {}), ...(options.reason ? { reason: options.reason as (s: S, i?: number) => string | undefined } : {}) };
}

export interface LivenessOptions<S> {
  readonly description?: string;
  /** Check the property once per i in 0…instances(initial state)-1 (the predicates get i). */
  readonly instances?: (state: S) => number;
  /** The name a report gives instance i (see `Property.instanceName`). */
  readonly instanceName?: (state: S, i: number) => string;
  /** Why instance i fails, read in the last state of the counterexample (see `Property.reason`). */
  readonly reason?: (state: S, i: number) => string | undefined;
}

/**
 * Liveness options for a property checked once per process, each instance named after its process
 * (`P0`, `P1`, …): `leadsTo(name, p, q, { ...eachProcess, description })`.
 */
export const eachProcess: Pick<LivenessOptions<{ readonly n: number }>, 'instances' | 'instanceName'> = Object.freeze({
  instances: (g: { readonly n: number }) => g.n,
  instanceName: (_g: { readonly n: number }, i: number) => `P${i}`,
});

/** An invariant: `holds` must be true in every reachable state; `reason` says why it fails in a state where it does not. */
export function always<S>(name: string, holds: (state: S) => boolean, description?: string, reason?: (state: S) => string | undefined): Property<S> {
  return reason ? { name, kind: 'always', holds, description, reason } : { name, kind: 'always', holds, description };
}

/** A witness: some reachable state must satisfy `holds`; a complete search that finds none is a violation. */
export function sometimes<S>(name: string, holds: (state: S) => boolean, description?: string): Property<S> {
  return { name, kind: 'sometimes', holds, description };
}

/** Must hold in every reachable state where no step is enabled (checked before deadlock detection). */
export function atQuiescence<S>(name: string, holds: (state: S) => boolean, description?: string, reason?: (state: S) => string | undefined): Property<S> {
  return reason ? { name, kind: 'quiescent', holds, description, reason } : { name, kind: 'quiescent', holds, description };
}

/**
 * An invariant given by its breach: `breach(state)` is null (or undefined) where the property holds,
 * and otherwise the sentence that says why it fails, which becomes the reported reason.
 */
export function alwaysNot<S>(name: string, breach: (state: S) => string | null | undefined, description?: string): Property<S> {
  return { name, kind: 'always', holds: (s) => breach(s) == null, description, reason: (s) => breach(s) ?? undefined };
}

/** `atQuiescence` given by its breach (see `alwaysNot`). */
export function atQuiescenceNot<S>(name: string, breach: (state: S) => string | null | undefined, description?: string): Property<S> {
  return { name, kind: 'quiescent', holds: (s) => breach(s) == null, description, reason: (s) => breach(s) ?? undefined };
}

/** The reason reported when a property gives none: its description, negated in words. */
export function defaultReason(p: { readonly name: string; readonly kind: PropertyKind; readonly description?: string }): string {
  if (p.kind === 'sometimes') return `no reachable state has ${p.name}${p.description ? ` (${p.description})` : ''}`;
  return `${p.name} is false here${p.description ? `: not the case that ${p.description}` : ''}`;
}

/**
 * A transition system over plain-data states. States are compared as data (see `keyOf`): equal
 * data, same state. A state that is a record is stored field by field, so a `next` that keeps a
 * field's value (the same object) costs nothing for that field.
 */
export interface Model<S, A = unknown> {
  readonly name?: string;
  /** The initial states. */
  init(): readonly S[];
  /** The actions enabled in `state`, in a fixed order. Must not mutate `state`. */
  actions(state: S): readonly A[];
  /** The state after `action`. Pure: must not mutate `state`, and gives the same result for the same input. */
  next(state: S, action: A): S;
  /** Invariants and witnesses. */
  readonly properties?: readonly Property<S>[];
  /** Boundary: states where this is false are counted and checked but not expanded. */
  within?(state: S): boolean;
  /**
   * TLC's CONSTRAINT: a state where this is false is not part of the model. It is neither
   * counted nor expanded; as TLC does, its invariants are still checked (each time it is
   * generated), and a state whose only successors are outside the constraint is not a deadlock.
   */
  constraint?(state: S): boolean;
  /** TLC's ACTION_CONSTRAINT: a step from `state` to `next` where this is false is dropped, as a successor outside `constraint` is. */
  actionConstraint?(state: S, next: S): boolean;
  /** A proper end: a state with no enabled action that is not a deadlock. Default: none is. */
  isEnd?(state: S): boolean;
  /** False turns deadlock detection off for this model (default true). */
  readonly checkDeadlock?: boolean;
  /** Text for an action in a counterexample (default: its canonical form). */
  describeAction?(action: A, state: S): StepLabel;
  /**
   * Fairness per action, for liveness properties: keyed by the action's name (the action itself
   * when it is a string, else its `type` or `name` field). Actions not named are not forced.
   */
  readonly fairness?: Readonly<Record<string, Fairness>>;
  /** Figures the model gathered while its properties were checked, for the report (e.g. the largest lattice of cuts). */
  summary?(): Readonly<Record<string, number>>;
}

/** Who did what in one step of a trace. */
export interface StepLabel {
  /** The process (`P0`…), or `env` for the network and other environment steps. */
  readonly actor: string;
  /** What it did: a local action, or the delivery of which message from whom. */
  readonly action: string;
  /** Structured detail, given by protocol systems (for diagrams and replay). */
  readonly kind?: 'local' | 'receive' | 'duplicate' | 'lose' | 'crash';
  /** The process that took the step (for `lose`, the receiver that missed the message; for `crash`, the one that crashed). */
  readonly process?: number;
  /** Its role, in a system of several roles. */
  readonly role?: string;
  /** The local action's name, or the delivered message's type. */
  readonly name?: string;
  /** For `receive`, `duplicate` and `lose`: the sender. */
  readonly from?: number;
  /** For `receive`, `duplicate` and `lose`: the message. */
  readonly msg?: unknown;
  /** Messages sent in this step. */
  readonly sent?: readonly { readonly to: number; readonly msg: unknown }[];
  /** Application messages this step multicasts, as the protocol declares them (`Step.multicasts`). */
  readonly multicasts?: readonly unknown[];
  /** Application messages this step delivers, as the protocol declares them (`Step.deliver`); a receipt without it is held back. */
  readonly delivered?: readonly unknown[];
}

/**
 * What the explorer runs: a model compiled to fixed-width integer vectors. Both the generic level
 * and protocol systems compile to this; users do not implement it.
 */
export interface Compiled {
  readonly name: string;
  /** Length of the state vector. */
  readonly width: number;
  /** Emits each initial state (the label is its index). */
  initial(emit: (v: Int32Array, label: number) => void): void;
  /**
   * Emits every successor of v, labels 0, 1, 2, … in a fixed order. `succ` is reused: copy it to
   * keep it. `delta`, when given, lists (slot, value) pairs such that succ is v with those slots
   * set (every other slot equal to v's): the explorer then hashes those slots only.
   */
  expand(v: Int32Array, emit: (succ: Int32Array, label: number, delta?: Int32Array) => void): void;
  /** Who did what in the step from v with this label (slow; used to print traces). */
  describe(v: Int32Array, label: number): StepLabel;
  /** The state as plain data, for traces and for properties that need it whole. */
  decode(v: Int32Array): unknown;
  readonly properties: readonly CompiledProperty[];
  /** Boundary test, if the model has one. */
  readonly within: ((v: Int32Array) => boolean) | undefined;
  /** TLC's CONSTRAINT, if the model has one: successors where it is false are not states of the model. */
  readonly constraint?: (v: Int32Array) => boolean;
  /** TLC's ACTION_CONSTRAINT, if the model has one: steps where it is false are dropped. */
  readonly actionConstraint?: (from: Int32Array, to: Int32Array) => boolean;
  /** Proper end test for states with no successor. */
  isEnd(v: Int32Array): boolean;
  readonly checkDeadlock: boolean;
  /** Named counters for the report (distinct local states, messages, memo sizes…). */
  stats?(): Record<string, number>;
  /**
   * The memo tables (results of the model's pure functions, by the slots they read), as data
   * another thread's copy of the same model can adopt (`adoptMemo`), with the interned values
   * they name already shared (undefined: nothing worth sending). `adoptMemo` gives the number of
   * tables adopted: those of functions with the same position and label (a snapshot of a model
   * with other functions is refused; the caller must send one of the same model, compiled from
   * the same source and arguments). Optional: a model without them is memoised per thread.
   */
  memoSnapshot?(): unknown;
  adoptMemo?(snapshot: unknown): number;
  /** A predicate per process that diagrams shade on its line (e.g. the critical section); used only to print traces. */
  readonly shade?: { readonly label: string; readonly processes: number; holds(v: Int32Array, p: number): boolean };
  /** Figures the model gathered during the search (`Model.summary`). */
  summary?(): Readonly<Record<string, number>>;
  /** The fields of decoded states that no process keeps (ground truth: the engine's and the observers'), for pictures. */
  groundFields?(): { readonly process: readonly string[]; readonly global: readonly string[] };
  /** Why v, a state with no enabled step that is not a proper end, is stuck ("no step is enabled: P1 waits …"). */
  deadlockReason?(v: Int32Array): string | undefined;
  /** Fairness groups of the steps, for liveness properties (absent: no step is forced). */
  readonly fairness?: CompiledFairness;
  /** The interchangeable things the model declares (for `--symmetry`; see checker/reduce/symmetry.ts). */
  readonly symmetry?: SymmetryHook;
  /** Hooks for partial-order reduction (protocol systems; see checker/reduce/por.ts). */
  readonly por?: unknown;
  /** Why this model can be searched in one thread only (not by `--workers N`), if it can. */
  readonly sequentialOnly?: string;
}

/**
 * Which steps fairness forces. Every step belongs to one group (process p's action a, the
 * deliveries of channel c, …); a group is enabled in a state when one of its steps is, and taken
 * when one is taken. Called only when a liveness property is checked.
 */
export interface CompiledFairness {
  /**
   * Writes the group of each step of v to out[label] (labels as `expand` gives them) and returns
   * the number of steps; out has room for 65,536. Group 0 is "not forced" (a loss, a crash, a
   * workload action).
   */
  groups(v: Int32Array, out: Int32Array): number;
  /** The group's name for reports (`P0 enter`, `P1→P2 delivery`) and its declared fairness. */
  group(g: number): { readonly name: string; readonly fairness: Fairness };
  /** After the search: names fairness was declared for that no step had (a declaration that cannot be honoured). */
  unused?(): readonly string[];
}

/**
 * Declared symmetry at the vector level: groups of interchangeable things (the processes of a
 * role, or model values such as resource managers) and how a renaming of one group acts on a state.
 */
export interface SymmetryHook {
  /** One group per declared set of interchangeable things: its name (a role, a value set) and size. */
  readonly groups: readonly { readonly name: string; readonly size: number }[];
  /** Writes into out the state v with group g renamed by perm (element i becomes perm[i]). */
  permute(v: Int32Array, g: number, perm: Int32Array, out: Int32Array): void;
  /**
   * Optional: writes to out[i] a number for element i of group g in v (a process's local state, a
   * resource manager's state) that moves with it: in permute(v, g, perm) element perm[i] has the
   * number element i has in v, and renaming another group changes none. `--symmetry sort` sorts
   * the elements by it; exact `--symmetry` tries only the renamings that sort it (a group
   * without keys: every renaming). Both stay sound if it is wrong (every state still maps into
   * its orbit); the check in checker/reduce/symmetry.ts looks at it on the first states.
   */
  keys?(v: Int32Array, g: number, out: Int32Array): void;
}

/**
 * A declared symmetry of a generic model or action model, as TLA+'s `SYMMETRY Permutations(RM)`:
 * `size` interchangeable values 0…size-1, and the state with them renamed (value i becomes perm[i]).
 */
export interface Symmetry<S> {
  readonly name: string;
  readonly size: number;
  readonly permute: (state: S, perm: readonly number[]) => S;
  /**
   * Optional: what value i is sorted by (Stateright's `RewritePlan::from_values_to_sort`), such as
   * the state of resource manager i: it must move with the value (in permute(state, perm), value
   * perm[i] has the key value i has here). Needed by `--symmetry sort`; makes exact `--symmetry`
   * faster (only renamings that sort the keys are tried).
   */
  readonly key?: (state: S, i: number) => number | string | boolean;
}

/** A property over state vectors. */
export interface CompiledProperty {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly description?: string;
  /** For liveness kinds, i is the instance. */
  holds(v: Int32Array, i?: number): boolean;
  /** leadsTo: q (holds is p); liveness kinds: holds and q take the instance as second argument. */
  leadsTo?(v: Int32Array, i: number): boolean;
  /** Liveness kinds: the number of instances, from an initial state (default 1). */
  instances?(v: Int32Array): number;
  /** Liveness kinds: the name of instance i, from an initial state (default `instance i`). */
  instanceName?(v: Int32Array, i: number): string;
  /**
   * Liveness kinds, optional (a faster path): writes p(v, i) to out[2i] and q(v, i) to out[2i+1]
   * for i < count (p = `holds`, q = `leadsTo`), reading the state once.
   */
  both?(v: Int32Array, count: number, out: Uint8Array): void;
  /** Why the property fails in v (see `Property.reason`); liveness kinds: for instance i. */
  reason?(v: Int32Array, i?: number): string | undefined;
  /** Declared stable (see `Property.stable`). */
  readonly stable?: boolean;
  /**
   * Declared to read local states only through some functions (see `Property.readsLocal`): the
   * number of processes (entries 0…n-1 of a state are their local components) and the values of
   * those functions on a local component, as a key (equal keys: the property cannot tell the
   * components apart).
   */
  readonly readsLocal?: { readonly n: number; key(p: number, comp: number): string };
}

/**
 * Distinct inputs on which each handler, guard and local action of a system, and each action and
 * predicate of an action model, is called twice and the results compared (a determinism check).
 */
export const DETERMINISM_CHECKS = 1_000;

/** Marks a model that compiles itself (protocol systems) rather than through the generic path. */
export const COMPILE: unique symbol = Symbol.for('interleave.compile');

/** Anything the explorer accepts. */
export type Checkable = Model<any, any> | { readonly [COMPILE]: () => Compiled; readonly name?: string };
