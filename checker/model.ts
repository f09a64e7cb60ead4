/**
 * The generic level: a transition system given by its initial states, the enabled actions of a
 * state and the next state of an action, with named properties. A TLA+-style spec is written here.
 */

/**
 * `always`: an invariant, true in every reachable state. `sometimes`: some reachable state
 * satisfies it. `quiescent`: true in every reachable state with no enabled step (at quiescence).
 */
export type PropertyKind = 'always' | 'sometimes' | 'quiescent';

/** A named predicate over states, checked on every distinct reachable state. */
export interface Property<S> {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly holds: (state: S) => boolean;
  /** One sentence for people, shown by `list` and in reports. */
  readonly description?: string;
}

/** An invariant: `holds` must be true in every reachable state. */
export function always<S>(name: string, holds: (state: S) => boolean, description?: string): Property<S> {
  return { name, kind: 'always', holds, description };
}

/** A witness: some reachable state must satisfy `holds`; a complete search that finds none is a violation. */
export function sometimes<S>(name: string, holds: (state: S) => boolean, description?: string): Property<S> {
  return { name, kind: 'sometimes', holds, description };
}

/** Must hold in every reachable state where no step is enabled (checked before deadlock detection). */
export function atQuiescence<S>(name: string, holds: (state: S) => boolean, description?: string): Property<S> {
  return { name, kind: 'quiescent', holds, description };
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
  /** A proper end: a state with no enabled action that is not a deadlock. Default: none is. */
  isEnd?(state: S): boolean;
  /** False turns deadlock detection off for this model (default true). */
  readonly checkDeadlock?: boolean;
  /** Text for an action in a counterexample (default: its canonical form). */
  describeAction?(action: A, state: S): StepLabel;
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
  /** Proper end test for states with no successor. */
  isEnd(v: Int32Array): boolean;
  readonly checkDeadlock: boolean;
  /** Named counters for the report (distinct local states, messages, memo sizes…). */
  stats?(): Record<string, number>;
  /** The interchangeable things the model declares (for `--symmetry`; see checker/reduce/symmetry.ts). */
  readonly symmetry?: SymmetryHook;
  /** Hooks for partial-order reduction (protocol systems; see checker/reduce/por.ts). */
  readonly por?: unknown;
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
}

/**
 * A declared symmetry of a generic model or action model, as TLA+'s `SYMMETRY Permutations(RM)`:
 * `size` interchangeable values 0…size-1, and the state with them renamed (value i becomes perm[i]).
 */
export interface Symmetry<S> {
  readonly name: string;
  readonly size: number;
  readonly permute: (state: S, perm: readonly number[]) => S;
}

/** A property over state vectors. */
export interface CompiledProperty {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly description?: string;
  holds(v: Int32Array): boolean;
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
