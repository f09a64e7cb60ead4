/**
 * The generic level's second form: a model given as named actions, as a TLA+ spec is. Each
 * action is one function from a state to the variables it changes, or `false` where it is not
 * enabled: the conjunction of its enabling condition and its primed assignments, every variable
 * it does not name being UNCHANGED. A family of actions (`\E rm \in RM : RMPrepare(rm)`) is
 * `over(RM, (s, rm) => ...)`.
 *
 * Why a second form: here the engine sees which variables each action reads. While an action
 * runs, its reads are recorded (per variable, and per entry of an `indexed` variable); what it
 * returned is kept in a decision tree over the values it read, so the next state that agrees on
 * those values takes the step by a few array look-ups, without calling the action again. A
 * function that reads the same values takes the same path and gives the same result, so the
 * tree is exact for pure actions (checked: the first calls of each action are made twice).
 */
import { DecisionTrees, PathConflict, type TreesSnapshot } from './decisions.ts';
import { ModelError, blame, call, truthOf } from './errors.ts';
import { COMPILE, DETERMINISM_CHECKS, isLiveness, type Compiled, type CompiledProperty, type Fairness, type Model, type Property, type StepLabel, type Symmetry, type SymmetryHook } from './model.ts';
import { Lazy, enter, leave } from './running.ts';
import { show } from './trace.ts';
import { Interner, PATCH, describeValue, keyOf } from './values.ts';

/** The variables an action changes, with their new values; the others are unchanged. */
export type Update<S> = { readonly [K in keyof S]?: S[K] };

/**
 * What an action gives in a state: the update (one successor), several updates (a choice made
 * inside the action, as `\E m \in msgs : ...`), or `false` / `undefined` / `null` when it is not
 * enabled. `{}` is a step that changes nothing.
 */
export type ActionStep<S> = Update<S> | readonly Update<S>[] | false | null | undefined;

/** One action per element of a fixed domain: TLA+'s `\E p \in domain : A(p)`. */
export interface ActionFamily<S, P> {
  readonly domain: readonly P[];
  readonly step: (state: S, p: P) => ActionStep<S>;
}

/** An action, or a family of actions over a domain. */
export type Action<S> = ((state: S) => ActionStep<S>) | ActionFamily<S, any>;

/** The family of actions `step(·, p)`, one for each p in `domain` (in that order). */
export function over<S, P>(domain: readonly P[], step: (state: S, p: P) => ActionStep<S>): ActionFamily<S, P> {
  return { domain, step };
}

/** The choices of a list of updates made by `exists`: per update, the names bound and the values chosen. */
const CHOICES: unique symbol = Symbol('interleave.choices');
type Choice = readonly (string | unknown)[]; // name, value, name, value, …
type Labelled<S> = readonly Update<S>[] & { readonly [CHOICES]?: readonly Choice[] };

/** `i=0, j=2`: the text of a choice. */
function choiceText(c: Choice): string {
  const parts: string[] = [];
  for (let i = 0; i < c.length; i += 2) parts.push(c[i + 1] === UNLABELLED ? `#${c[i] as number}` : `${c[i] as string}=${show(c[i + 1])}`);
  return parts.join(', ');
}
const UNLABELLED = Symbol('unlabelled');

/**
 * TLA+'s `\E i \in I, j \in J : A(i, j)` inside an action: one update per binding of the names
 * (in the order given, the last name varying fastest) for which `step` is enabled. Traces label
 * each choice with the values chosen: `SendMsg(i=0, j=2)`. `step` may itself return a list
 * (an inner `exists`): its labels are appended.
 */
export function exists<S, B extends { readonly [name: string]: readonly unknown[] }>(
  bindings: B,
  step: (b: { readonly [K in keyof B]: B[K][number] }) => ActionStep<S>,
): readonly Update<S>[] {
  const names = Object.keys(bindings);
  const out: Update<S>[] = [];
  const choices: Choice[] = [];
  const b: Record<string, unknown> = {};
  const bound = (): unknown[] => {
    const c: unknown[] = [];
    for (const name of names) c.push(name, b[name]);
    return c;
  };
  const go = (n: number): void => {
    if (n === names.length) {
      const r = step(b as { readonly [K in keyof B]: B[K][number] });
      if (r === false || r === null || r === undefined) return;
      if (!Array.isArray(r)) {
        out.push(r as Update<S>);
        choices.push(bound());
        return;
      }
      const inner = (r as Labelled<S>)[CHOICES];
      (r as readonly Update<S>[]).forEach((u, i) => {
        out.push(u);
        choices.push([...bound(), ...(inner !== undefined ? inner[i] : [i + 1, UNLABELLED])]);
      });
      return;
    }
    const name = names[n];
    for (const x of bindings[name]) {
      b[name] = x;
      go(n + 1);
    }
  };
  go(0);
  Object.defineProperty(out, CHOICES, { value: choices });
  return out;
}

/** A model given as named actions over a record of variables. */
export interface ActionSpec<S extends object> {
  readonly name?: string;
  /** The initial states: records with the same variables. */
  init(): readonly S[];
  /**
   * Variables whose value is an array of fixed length (a function over a fixed domain, as
   * `rmState \in [RM -> ...]`): stored one entry per slot, so an action that reads or changes
   * one entry depends on that entry alone. Change an entry with `except(s.v, i, x)`; an update
   * that gives another length is an error. A list of names gives one dimension each; a record
   * `{ req: 2 }` gives the number of dimensions (`req \in [P -> [P -> ...]]`, an array of arrays
   * of one length each: `s.req[p][q]` is one slot, changed by `exceptAt(s.req, [p, q], x)`).
   */
  readonly indexed?: readonly (keyof S & string)[] | { readonly [K in keyof S & string]?: number };
  /** The actions, by name, in the order their steps are listed. */
  readonly actions: { readonly [name: string]: Action<S> };
  readonly properties?: readonly Property<S>[];
  /** Boundary: states where this is false are counted and checked but not expanded. */
  within?(state: S): boolean;
  /**
   * TLC's CONSTRAINT: a successor where this is false is not a state of the model (not counted,
   * not expanded; its invariants are checked, and it keeps its predecessor from being a deadlock).
   */
  constraint?(state: S): boolean;
  /** TLC's ACTION_CONSTRAINT: a step from `state` to `next` where this is false is dropped as a successor outside `constraint` is. */
  actionConstraint?(state: S, next: S): boolean;
  /** A proper end: a state with no enabled action that is not a deadlock. Default: none is. */
  isEnd?(state: S): boolean;
  /** False turns deadlock detection off for this model (default true). */
  readonly checkDeadlock?: boolean;
  /** Who takes a step of action `name` (with `p` for a family), for traces. Default `env`. */
  actor?(name: string, p: unknown): string;
  /**
   * Fairness per action name, for liveness properties (each member of a family `over(…)` is its
   * own group, as TLA+'s `\A p : WF_vars(A(p))`). Actions not named are not forced.
   */
  readonly fairness?: Readonly<Record<string, Fairness>>;
  /** Memoisation of actions and predicates (default `auto`: each memo that does not pay is turned off). */
  readonly memoise?: Memoise;
  /** Interchangeable values (TLA+'s `SYMMETRY Permutations(RM)`), used by `--symmetry`. */
  readonly symmetry?: Symmetry<S> | readonly Symmetry<S>[];
}

/** A checkable action model (what `actionModel` returns). */
export type ActionModel<S extends object> = ActionSpec<S> & { readonly [COMPILE]: () => Compiled };

/**
 * Memoisation policy of an action model: `auto` (default) memoises every action and predicate and
 * turns a memo off where it does not pay; `always` never turns one off; `never` memoises nothing;
 * `{ window, minHits }` is `auto` with its window (calls) and least share of hits given.
 */
export type Memoise = 'auto' | 'always' | 'never' | { readonly window: number; readonly minHits: number };

/** Calls per window of the adaptive memo: the first window is the warm-up. */
export const MEMO_WINDOW = 4096;
/** The memo is turned off after a window in which fewer than this share of the calls were answered by its tree. */
export const MEMO_MIN_HITS = 0.5;
/** A parallel search's workers are sent the main thread's memo tables when they hold at most this many results (Compiled.memoSnapshot). */
export const MEMO_SNAPSHOT_RESULTS = 1_000_000;

/** Makes an action spec checkable (by `explore`, the CLI, `defineModel`'s `build`). */
export function actionModel<S extends object>(spec: ActionSpec<S>): ActionModel<S> {
  return { ...spec, [COMPILE]: () => compileActions(spec) };
}

/** A step of `plainModel`: action instance `i`'s update `u` (choice `k` of its list). */
export interface PlainStep<S> {
  readonly i: number;
  readonly k: number;
  readonly u: Update<S>;
}

/**
 * The same spec as a plain `Model`: `actions(s)` calls every action and lists the updates they
 * give, `next` applies one. No reads are recorded and nothing is memoised, and an indexed variable
 * is one field; the states, steps and traces are those of `actionModel(spec)` (for comparing the
 * two forms: `npm run bench` runs both).
 */
export function plainModel<S extends object>(spec: ActionSpec<S>): Model<S, PlainStep<S>> {
  const insts: { name: string; param: unknown; family: boolean; run: (s: S) => ActionStep<S> }[] = [];
  for (const [name, a] of Object.entries(spec.actions)) {
    if (typeof a === 'function') insts.push({ name, param: undefined, family: false, run: a as (s: S) => ActionStep<S> });
    else for (const p of (a as ActionFamily<S, unknown>).domain) insts.push({ name, param: p, family: true, run: (s) => (a as ActionFamily<S, unknown>).step(s, p) });
  }
  const listOf = (r: ActionStep<S>): readonly Update<S>[] => (r === false || r === null || r === undefined ? [] : Array.isArray(r) ? r : [r as Update<S>]);
  return {
    name: spec.name,
    init: () => spec.init(),
    actions: (s) => {
      const out: PlainStep<S>[] = [];
      insts.forEach((inst, i) => listOf(inst.run(s)).forEach((u, k) => out.push({ i, k, u })));
      return out;
    },
    next: (s, a) => Object.freeze({ ...s, ...a.u }) as S,
    properties: spec.properties,
    within: spec.within,
    isEnd: spec.isEnd,
    constraint: spec.constraint,
    actionConstraint: spec.actionConstraint,
    checkDeadlock: spec.checkDeadlock,
    describeAction: (a, s) => {
      const inst = insts[a.i];
      const list = listOf(inst.run(s)) as Labelled<S>;
      const c = list[CHOICES]?.[a.k];
      const params = [...(inst.family && !spec.actor ? [show(inst.param)] : []), ...(c !== undefined ? [choiceText(c)] : [])];
      const action = inst.name + (params.length ? `(${params.join(', ')})` : '') + (c === undefined && list.length > 1 ? ` #${a.k + 1}` : '');
      return { actor: spec.actor ? spec.actor(inst.name, inst.param) : 'env', action };
    },
  };
}

interface Instance {
  readonly name: string;
  readonly param: unknown;
  readonly family: boolean;
  readonly run: (s: unknown) => ActionStep<unknown>;
}

/** Successors of one action in a state: (slot, value) assignments, one array per successor. */
type Steps = readonly Int32Array[];

const isObject = (x: unknown): x is object => typeof x === 'object' && x !== null;

/** The compiled form of an action spec. */
export function compileActions<S extends object>(spec: ActionSpec<S>): Compiled {
  const name = spec.name ?? 'model';
  const policy: Memoise = spec.memoise ?? 'auto';
  const adaptive = typeof policy === 'object' ? 'auto' : policy;
  const window = typeof policy === 'object' ? policy.window : MEMO_WINDOW;
  const minHits = typeof policy === 'object' ? policy.minHits : MEMO_MIN_HITS;
  if (!Number.isInteger(window) || window < 1 || !(minHits >= 0 && minHits <= 1)) throw new ModelError(`${name}: memoise.window must be a whole number ≥ 1 and memoise.minHits within 0..1`, 'memoise');
  const inits = call('init', () => spec.init());
  if (!Array.isArray(inits)) throw new ModelError(`${name}: init returned ${describeValue(inits)}, not an array of initial states`, 'init');
  if (inits.length === 0) throw new ModelError(`${name}: init() returned no initial state`, 'init');
  for (const s of inits) {
    if (!isObject(s) || Array.isArray(s)) throw new ModelError(`${name}: init() returned ${describeValue(s)}, not a record of variables`, 'init');
  }
  const vars = Object.keys(inits[0]).sort();
  const dimsOf = new Map<string, number>();
  if (Array.isArray(spec.indexed)) for (const v of spec.indexed as readonly string[]) dimsOf.set(v, 1);
  else if (spec.indexed !== undefined) {
    for (const [v, d] of Object.entries(spec.indexed as Record<string, number>)) {
      if (!Number.isInteger(d) || d < 1) throw new ModelError(`${name}: indexed variable '${v}' has ${String(d)} dimensions; give a whole number ≥ 1`, 'indexed');
      dimsOf.set(v, d);
    }
  }
  const indexed = new Set<string>(dimsOf.keys());
  for (const v of indexed) if (!vars.includes(v)) throw new ModelError(`${name}: indexed variable '${v}' is not a variable of the initial state (variables: ${vars.join(', ')})`, 'indexed');

  /** The lengths of an array of arrays over `dims` dimensions (every row of a level the same length), or a message saying why not. */
  const shapeOf = (a: unknown, dims: number): number[] | string => {
    const shape: number[] = [];
    let level: unknown[] = [a];
    for (let d = 0; d < dims; d++) {
      const n = Array.isArray(level[0]) ? (level[0] as unknown[]).length : -1;
      for (const x of level) {
        if (!Array.isArray(x)) return `${keyOf(x)} is not an array`;
        if (x.length !== n) return `its arrays at depth ${d + 1} have different lengths (${n} and ${x.length})`;
      }
      shape.push(n);
      level = level.flatMap((x) => x as unknown[]);
    }
    return shape;
  };

  // Slots: one per variable, or one per entry of an indexed variable (its shape from init).
  const base: number[] = [];
  const length: number[] = []; // slots of an indexed variable (-1: not indexed)
  const shapes: number[][] = []; // lengths per dimension
  const strides: number[][] = []; // slots per step of each dimension
  const varOfSlot: number[] = [];
  let width = 0;
  vars.forEach((v, k) => {
    base.push(width);
    if (indexed.has(v)) {
      const a = (inits[0] as Record<string, unknown>)[v];
      const dims = dimsOf.get(v) as number;
      if (!Array.isArray(a)) throw new ModelError(`${name}: indexed variable '${v}' is ${describeValue(a)} in the initial state, not an array`, 'indexed');
      const shape = shapeOf(a, dims);
      if (typeof shape === 'string') throw new ModelError(`${name}: indexed variable '${v}' (${dims} dimensions) in the initial state: ${shape}`, 'indexed');
      shapes.push(shape);
      const st = shape.map(() => 1);
      for (let d = dims - 2; d >= 0; d--) st[d] = st[d + 1] * shape[d + 1];
      strides.push(st);
      length.push(shape.reduce((x, y) => x * y, 1));
    } else {
      length.push(-1);
      shapes.push([]);
      strides.push([]);
    }
    const n = Math.max(1, length[k]);
    for (let i = 0; i < n; i++) varOfSlot.push(k);
    width += n;
  });
  if (width === 0) throw new ModelError(`${name}: the state has no variables`, 'init');
  const interners = vars.map((v) => new Interner<unknown>(`values of ${indexed.has(v) ? `entries of ${v}` : v}`, indexed.has(v) ? `an entry of ${v}` : v));
  const valueAt = (v: Int32Array, slot: number): unknown => interners[varOfSlot[slot]].values[v[slot]];

  // ---- Reading a state with every read recorded (only while an action or predicate runs). ----
  let cur: Int32Array = new Int32Array(width); // the state being read
  let where = ''; // the function running, for errors
  let generation = 0; // bumped per run: a view kept from an earlier run cannot be read
  const seen = new Uint8Array(width);
  const log: number[] = [];
  let running = false;
  let recording = true; // false while a function that is not memoised runs: its reads are not needed
  const read = (slot: number): void => {
    if (!running) throw new ModelError(`a state was read after the action or property it was given to returned (actions must not keep state)`, 'state');
    if (recording && seen[slot] === 0) {
      seen[slot] = 1;
      log.push(slot);
    }
  };

  /**
   * The read-only array view of indexed variable k at `depth` (0: the whole variable), over the
   * entries from slot offset `offset` of the variable on, with entries `patch` changed (by
   * `except`; keyed by slot offset within the variable).
   */
  const VIEW = Symbol('view');
  interface ViewInfo {
    readonly k: number;
    readonly depth: number;
    readonly offset: number;
    readonly patch: ReadonlyMap<number, unknown>;
    readonly generation: number;
  }
  const makeView = (k: number, depth: number, offset: number, patch: ReadonlyMap<number, unknown>): unknown[] => {
    const len = shapes[k][depth];
    const stride = strides[k][depth];
    const leaf = depth === shapes[k].length - 1;
    const info: ViewInfo = { k, depth, offset, patch, generation };
    const live = (): void => {
      if (info.generation !== generation) throw new ModelError(`${where} read ${vars[k]} from a state it kept from an earlier call (actions must not keep state)`, where);
    };
    const entry = (i: number): unknown => {
      live();
      if (!leaf) return makeView(k, depth + 1, offset + i * stride, patch);
      const at = offset + i;
      if (patch.has(at)) return patch.get(at);
      read(base[k] + at);
      return valueAt(cur, base[k] + at);
    };
    const indexOf = (key: string | symbol): number => {
      if (typeof key !== 'string') return -1;
      const c = key.charCodeAt(0);
      if (c < 48 || c > 57) return -1;
      const i = Number(key);
      return Number.isInteger(i) && i < len && String(i) === key ? i : -1;
    };
    const refuse = (key: string | symbol): never => {
      throw new ModelError(`${where} mutated its input: ${vars[k]}[${String(key)}] (use except(s.${vars[k]}, i, x))`, where);
    };
    /** This view with entry j replaced by x (for an inner level, x is an array of the entry's shape). */
    const replaced = (j: number, x: unknown): unknown[] => {
      live();
      if (!Number.isInteger(j) || j < 0 || j >= len) throw new RangeError(`except: index ${j} is outside 0..${len - 1}`);
      const next = new Map(patch);
      if (leaf) {
        next.set(offset + j, x);
        return makeView(k, depth, offset, next);
      }
      const from = offset + j * stride;
      for (const at of patch.keys()) if (at >= from && at < from + stride) next.delete(at);
      const inner = viewInfo(x);
      if (inner !== undefined && inner.k === k && inner.generation === generation && inner.depth === depth + 1 && inner.offset === from) {
        for (const [at, e] of inner.patch) if (at >= from && at < from + stride) next.set(at, e);
      } else {
        const leaves = flatten(k, depth + 1, plain(x));
        if (typeof leaves === 'string') throw new ModelError(`${where}: except on ${vars[k]} at depth ${depth + 1}: ${leaves}`, where);
        leaves.forEach((e, i) => next.set(from + i, e));
      }
      return makeView(k, depth, offset, next);
    };
    return new Proxy(new Array<unknown>(len), {
      get(target, key, receiver) {
        const i = indexOf(key);
        if (i >= 0) return entry(i);
        if (key === 'length') return len;
        if (key === VIEW) return info;
        if (key === PATCH) return replaced;
        return Reflect.get(target, key, receiver);
      },
      has: (target, key) => indexOf(key) >= 0 || Reflect.has(target, key),
      ownKeys: () => [...Array.from({ length: len }, (_, i) => String(i)), 'length'],
      getOwnPropertyDescriptor(target, key) {
        const i = indexOf(key);
        if (i >= 0) return { value: entry(i), writable: false, enumerable: true, configurable: true };
        return Reflect.getOwnPropertyDescriptor(target, key);
      },
      set: (_t, key) => refuse(key),
      defineProperty: (_t, key) => refuse(key),
      deleteProperty: (_t, key) => refuse(key),
      setPrototypeOf: () => refuse('prototype'),
    });
  };
  /** The entries of a plain value of indexed variable k from `depth` down, in slot order, or why it has the wrong shape. */
  const flatten = (k: number, depth: number, a: unknown): unknown[] | string => {
    const shape = shapeOf(a, shapes[k].length - depth);
    if (typeof shape === 'string') return shape;
    for (let d = 0; d < shape.length; d++) {
      if (shape[d] !== shapes[k][depth + d]) return `an array of length ${shape[d]} where ${vars[k]} has ${shapes[k][depth + d]} at depth ${depth + d + 1}`;
    }
    let level: unknown[] = [a];
    for (let d = depth; d < shapes[k].length; d++) level = level.flatMap((x) => x as unknown[]);
    return level;
  };
  const viewInfo = (x: unknown): ViewInfo | undefined => (Array.isArray(x) ? ((x as unknown as Record<symbol, unknown>)[VIEW] as ViewInfo | undefined) : undefined);

  /** The state the model's functions see: one object, its getters reading `cur` and recording. */
  const tracked: S = (() => {
    const o: Record<string, unknown> = {};
    vars.forEach((v, k) => {
      const get = length[k] < 0
        ? () => {
            read(base[k]);
            return valueAt(cur, base[k]);
          }
        : () => makeView(k, 0, 0, new Map());
      Object.defineProperty(o, v, { get, enumerable: true });
    });
    return Object.freeze(o) as S;
  })();

  /** A value with every view inside it replaced by a plain array (reading it, recorded). */
  const plain = (x: unknown): unknown => {
    if (!isObject(x)) return x;
    if (viewInfo(x) !== undefined) return Array.from(x as unknown[], plain);
    if (Object.isFrozen(x)) return x; // a value of the state, or a constant of the model
    if (Array.isArray(x)) {
      let copy: unknown[] | undefined;
      x.forEach((e, i) => {
        const p = plain(e);
        if (p !== e) (copy ??= x.slice())[i] = p;
      });
      return copy ?? x;
    }
    if (x instanceof Set) return new Set([...x].map(plain));
    if (x instanceof Map) return new Map([...x].map(([k, e]) => [plain(k), plain(e)]));
    const o = x as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(o)) {
      const p = plain(o[key]);
      if (p !== o[key]) (copy ??= { ...o })[key] = p;
    }
    return copy ?? x;
  };

  /** The assignments of one update, as (slot, value number) pairs. */
  const assignments = (u: unknown): Int32Array => {
    if (!isObject(u) || Array.isArray(u)) throw new ModelError(`${where} returned ${describeValue(plain(u))}: an action returns an update {variable: value}, a list of updates, or false`, where);
    const out: number[] = [];
    for (const key of Object.keys(u)) {
      const k = vars.indexOf(key);
      if (k < 0) throw new ModelError(`${where} assigned '${key}', which is not a variable (variables: ${vars.join(', ')})`, where);
      const x = (u as Record<string, unknown>)[key];
      if (x === undefined) throw new ModelError(`${where} assigned undefined to ${key}`, where);
      if (length[k] < 0) {
        out.push(base[k], interners[k].intern(plain(x)));
        continue;
      }
      const info = viewInfo(x);
      if (info !== undefined && info.k === k && info.generation === generation && info.depth === 0) {
        for (const [i, e] of info.patch) out.push(base[k] + i, interners[k].intern(plain(e)));
        continue;
      }
      const a = plain(x);
      const leaves = flatten(k, 0, a);
      if (typeof leaves === 'string') {
        const want = shapes[k].length === 1 ? `length ${shapes[k][0]}` : `shape ${shapes[k].join('×')} (${leaves})`;
        throw new ModelError(`${where} assigned ${describeValue(a)} to ${key}, which is indexed: an array of ${want}`, where);
      }
      for (let i = 0; i < leaves.length; i++) out.push(base[k] + i, interners[k].intern(leaves[i]));
    }
    return new Int32Array(out);
  };

  /** Runs f on the state v with reads recorded; gives the slots read, in order, and what f returned (through `after`). */
  const runTracked = <R, T>(label: string, v: Int32Array, f: (s: S) => R, after: (r: R) => T): { path: number[]; result: T } => {
    cur = v;
    where = label;
    generation++;
    log.length = 0;
    running = true;
    enter(label, new Lazy(() => decode(v)));
    try {
      const result = after(f(tracked));
      return { path: log.slice(), result };
    } catch (e) {
      throw blame(label, e);
    } finally {
      leave();
      running = false;
      for (const s of log) seen[s] = 0;
      generation++;
    }
  };
  /** Runs f on the state v without recording its reads (for a function that is not memoised). */
  const runPlain = <R, T>(label: string, v: Int32Array, f: (s: S) => R, after: (r: R) => T): T => {
    cur = v;
    where = label;
    generation++;
    running = true;
    recording = false;
    // (What it was called on, for a report of a call stopped or failed, as runTracked says.)
    enter(label, new Lazy(() => decode(v)));
    try {
      return after(f(tracked));
    } catch (e) {
      throw blame(label, e);
    } finally {
      leave();
      running = false;
      recording = true;
      generation++;
    }
  };
  const slotName = (slot: number): string => {
    const k = varOfSlot[slot];
    if (length[k] < 0) return vars[k];
    let at = slot - base[k];
    let text = vars[k];
    for (const st of strides[k]) {
      text += `[${Math.floor(at / st)}]`;
      at %= st;
    }
    return text;
  };

  /**
   * A memoised function: its decision tree (undefined once the memo is found not to pay) and its
   * counters. Adaptive: after a first window of calls (the warm-up, while the tree fills), each
   * window in which fewer than MEMO_MIN_HITS of the calls were answered by the tree turns the memo
   * off for good and frees the tree; the function is then called on every state, its reads not
   * recorded. Decided per function (an action of a family, a property, within, isEnd, constraint).
   */
  interface Memo<R, T> {
    readonly label: string;
    readonly f: (s: S) => R;
    readonly after: (r: R) => T;
    readonly key: (x: T) => string;
    tree: DecisionTrees<T> | undefined;
    /** Calls of f (misses of the tree, and every call once the memo is off). */
    runs: number;
    windowCalls: number;
    windowMisses: number;
    warm: boolean;
    /** The number of calls (tree look-ups) when the memo was turned off, or -1. */
    droppedAt: number;
    calls: number;
  }
  const memos: Memo<any, any>[] = [];
  const memo = <R, T>(label: string, f: (s: S) => R, after: (r: R) => T, key: (x: T) => string): Memo<R, T> => {
    const m: Memo<R, T> = { label, f, after, key, tree: adaptive === 'never' ? undefined : new DecisionTrees<T>(1), runs: 0, windowCalls: 0, windowMisses: 0, warm: false, droppedAt: -1, calls: 0 };
    memos.push(m);
    return m;
  };
  /** What m's function gives on v: from its tree, or by calling it (and adding the path to the tree). */
  const memoCall = <R, T>(m: Memo<R, T>, v: Int32Array, onDrop?: () => void): T => {
    const tree = m.tree;
    if (tree === undefined) {
      m.runs++;
      return runPlain(m.label, v, m.f, m.after);
    }
    m.calls++;
    let leaf = tree.find(0, v);
    if (leaf < 0) {
      m.windowMisses++;
      leaf = evaluate(m, tree, v);
    }
    const r = tree.leaves[leaf];
    if (++m.windowCalls === window) {
      if (m.warm && adaptive === 'auto' && m.windowCalls - m.windowMisses < minHits * m.windowCalls) {
        m.tree = undefined;
        m.droppedAt = m.calls;
        onDrop?.();
      }
      m.warm = true;
      m.windowCalls = 0;
      m.windowMisses = 0;
    }
    return r;
  };

  /**
   * Runs m's function on v (its tree had no path for v) and adds its path: gives the new leaf.
   * The first misses of each function run it twice and compare.
   */
  const evaluate = <R, T>(m: Memo<R, T>, tree: DecisionTrees<T>, v: Int32Array): number => {
    const { label, f, after, key } = m;
    const first = runTracked(label, v, f, after);
    if (m.runs++ < DETERMINISM_CHECKS) {
      const again = runTracked(label, v, f, after);
      if (keyOf(again.path) !== keyOf(first.path) || key(again.result) !== key(first.result)) {
        throw new ModelError(`${label} is not deterministic: two calls on the same state gave different results`, label);
      }
    }
    try {
      return tree.insert(0, v, first.path, first.result);
    } catch (e) {
      if (!(e instanceof PathConflict)) throw e;
      const read = (slot: number): string => (slot < 0 ? 'nothing more' : slotName(slot));
      throw new ModelError(`${label} is not deterministic: after the same reads it read ${read(e.found)}, where an earlier call read ${read(e.known)}`, label);
    }
  };
  /** A leaf with the names and values `exists` chose (not given to another thread: the values may be anything). */
  const labelled = (x: unknown): boolean => Array.isArray(x) && (x as Labelled<unknown>)[CHOICES] !== undefined;
  /*
   * memoCall's window ends (the first, a later one, one that turns the memo off) come once per
   * window of calls of a function (4,096 by default): V8 optimises memoCall, and the functions it
   * is inlined into (the model's expand, the properties' checks), before any has run, then throws
   * that code away at the first window end and again at the second, and compiles them anew.
   * Walked here once, on a
   * memo of its own (not in `memos`: no count shows it), before the search, they have feedback by
   * then. 2PC rms=8 with two threads (each compiles its own code): 66 deoptimisations to 51,
   * memoCall's 7 to 1; 1.87 s to 1.85 s (median of 10 alternating pairs, faster in 8). One thread
   * alike.
   */
  if (adaptive !== 'never') {
    const v = new Int32Array(Math.max(1, width));
    const ignore = (): void => undefined;
    for (const leaf of [[] as Steps, false]) {
      const m = memo<unknown, unknown>('(warm-up)', () => leaf, (r) => r, String);
      memos.pop();
      m.tree?.insert(0, v, [], leaf);
      // A function is given its feedback vector after its first calls: they record nothing.
      for (let i = 0; i < 32; i++) memoCall(m, v, ignore);
      for (const [warm, misses] of [[false, 0], [true, 0], [true, window]] as const) {
        m.warm = warm;
        m.windowCalls = window - 1;
        m.windowMisses = misses;
        memoCall(m, v, ignore);
      }
    }
  }
  const stepsKey = (x: Steps): string => keyOf(x.map((d) => Array.from(d)));

  // ---- Actions ----
  const instances: Instance[] = [];
  for (const [actionName, a] of Object.entries(spec.actions)) {
    if (typeof a === 'function') instances.push({ name: actionName, param: undefined, family: false, run: a as Instance['run'] });
    else if (isObject(a) && Array.isArray((a as ActionFamily<S, unknown>).domain) && typeof (a as ActionFamily<S, unknown>).step === 'function') {
      const fam = a as ActionFamily<S, unknown>;
      for (const p of fam.domain) instances.push({ name: actionName, param: p, family: true, run: (s) => fam.step(s as S, p) });
    } else throw new ModelError(`${name}: action ${actionName} is neither a function nor over(domain, step)`, actionName);
  }
  if (instances.length === 0) throw new ModelError(`${name}: the spec has no actions`, 'actions');
  const labelOf = (inst: Instance): string => (inst.family ? `${inst.name}(${show(inst.param)})` : inst.name);
  const NONE: Steps = [];
  const stepsOf = (r: ActionStep<unknown>): Steps => {
    if (r === false || r === null || r === undefined) return NONE;
    if (!Array.isArray(r)) return [assignments(r)];
    const out = r.map(assignments);
    const labels = (r as Labelled<unknown>)[CHOICES];
    if (labels !== undefined && out.length > 0) Object.defineProperty(out, CHOICES, { value: labels });
    return out.length > 0 ? out : NONE;
  };
  const steps = instances.map((inst) => memo(labelOf(inst), inst.run as (s: S) => ActionStep<unknown>, stepsOf, stepsKey));
  /** An action's memo was turned off: it is no longer grouped by its first read (the groups are made again). */
  const regroup = (): void => {
    groups = undefined;
    ungrouped.fill(0);
  };
  /** The successors of instance i in state v. */
  const stepsAt = (i: number, v: Int32Array): Steps => memoCall(steps[i], v, regroup);

  /*
   * Skipping actions known to be disabled. An action's first read is the same slot in every
   * state (nothing has been read yet to choose another), so after every action has run once the
   * actions group by that slot; for each value there, a mask tells which actions of the group
   * may be enabled (the others are known to be disabled at that value, whatever else the state
   * holds). A state is then expanded by one look-up per group and a walk per action left.
   */
  const words = (instances.length + 31) >>> 5;
  interface Group {
    readonly slot: number;
    readonly members: readonly number[];
    /** By value of the slot (read within its length, grown only by undefinedArray: one array shape, no deoptimisation). */
    masks: (Int32Array | undefined)[];
  }
  /** n entries, the first of `from` and undefined after, packed (V8 keeps one elements kind for every such array). */
  const undefinedArray = <T>(n: number, from: readonly (T | undefined)[] = []): (T | undefined)[] => {
    const a: (T | undefined)[] = [];
    for (let i = 0; i < n; i++) a.push(i < from.length ? from[i] : undefined);
    return a;
  };
  let groups: Group[] | undefined;
  const ungrouped = new Int32Array(words); // actions whose first step reads nothing (or no state yet)
  const live = new Int32Array(words);
  const candidates = new Int32Array(instances.length);
  const groupActions = (): Group[] => {
    const bySlot = new Map<number, number[]>();
    instances.forEach((_, i) => {
      const slot = steps[i].tree?.rootSlot(0) ?? -1;
      if (slot < 0) ungrouped[i >>> 5] |= 1 << (i & 31);
      else bySlot.set(slot, [...(bySlot.get(slot) ?? []), i]);
    });
    return [...bySlot].map(([slot, members]) => ({ slot, members, masks: undefinedArray<Int32Array>(16) }));
  };
  const MASKED_VALUES = 1 << 16; // values of a group's slot beyond this are not given a mask
  const maskOf = (g: Group, x: number): Int32Array => {
    let m = x < g.masks.length ? g.masks[x] : undefined;
    if (m !== undefined) return m;
    m = new Int32Array(words);
    let known = true;
    for (const i of g.members) {
      const tree = steps[i].tree;
      const after = tree === undefined ? -2 : tree.afterRoot(0, x);
      if (after === -1) known = false;
      else if (after >= 0 && (tree as DecisionTrees<Steps>).leaves[after].length === 0) continue; // disabled at x
      m[i >>> 5] |= 1 << (i & 31);
    }
    if (known && x < MASKED_VALUES) {
      if (x >= g.masks.length) g.masks = undefinedArray(Math.min(MASKED_VALUES, Math.max(16, 2 * x)), g.masks);
      g.masks[x] = m;
    }
    return m;
  };

  // ---- Predicates (properties, boundary, proper end) ----
  const predicate = (label: string, f: (s: S) => boolean): ((v: Int32Array) => boolean) => {
    const m = memo(label, f, (r: boolean) => Boolean(truthOf(label, r)), String);
    return (v) => memoCall(m, v);
  };
  const properties: CompiledProperty[] = (spec.properties ?? []).map((p) => {
    const reason = p.reason ? { reason: (v: Int32Array, i?: number) => call(`property ${p.name}.reason`, () => (p.reason as (s: S, i?: number) => string | undefined)(decode(v), i)) } : {};
    if (!isLiveness(p.kind)) return { name: p.name, kind: p.kind, description: p.description, holds: predicate(`property ${p.name}`, p.holds), ...reason };
    // Liveness predicates take an instance: evaluated on the decoded state, not memoised.
    const where = `property ${p.name}`;
    const holds = p.holds as (s: S, i?: number) => boolean;
    const q = p.leadsTo as ((s: S, i?: number) => boolean) | undefined;
    const instances = p.instances;
    return {
      name: p.name,
      kind: p.kind,
      description: p.description,
      holds: (v: Int32Array, i?: number) => call(where, () => truthOf(where, holds(decode(v), i))),
      ...(q ? { leadsTo: (v: Int32Array, i: number) => call(where, () => truthOf(where, q(decode(v), i))) } : {}),
      ...(instances ? { instances: (v: Int32Array) => call(where, () => instances(decode(v))) } : {}),
      ...(p.instanceName ? { instanceName: (v: Int32Array, i: number) => call(`${where}.instanceName`, () => (p.instanceName as (s: S, i: number) => string)(decode(v), i)) } : {}),
      ...reason,
    };
  });
  // Fairness groups: instance i of the actions is group i + 1.
  for (const a of Object.keys(spec.fairness ?? {})) {
    if (!(a in spec.actions)) throw new ModelError(`${name}: fairness names action '${a}', which the model does not have (actions: ${Object.keys(spec.actions).join(', ')})`, 'fairness');
  }

  // ---- Encoding and decoding whole states ----
  const decode = (v: Int32Array): S => {
    const o: Record<string, unknown> = {};
    vars.forEach((name, k) => {
      o[name] = length[k] < 0 ? valueAt(v, base[k]) : nested(v, k, 0, 0);
    });
    return Object.freeze(o) as S;
  };
  /** Indexed variable k of v from `depth` and slot offset `offset` on, as frozen nested arrays. */
  const nested = (v: Int32Array, k: number, depth: number, offset: number): readonly unknown[] => {
    const leaf = depth === shapes[k].length - 1;
    const st = strides[k][depth];
    return Object.freeze(Array.from({ length: shapes[k][depth] }, (_, i) => (leaf ? valueAt(v, base[k] + offset + i) : nested(v, k, depth + 1, offset + i * st))));
  };
  const encode = (s: S, out: Int32Array): void => {
    const keys = Object.keys(s);
    if (keys.length !== vars.length || keys.some((key) => !vars.includes(key))) {
      throw new ModelError(`${name}: init() returned a state with variables {${keys.sort().join(', ')}}; expected {${vars.join(', ')}}`, 'init');
    }
    where = 'init';
    let d: Int32Array;
    try {
      d = assignments(s);
    } catch (e) {
      throw blame('init', e);
    }
    for (let j = 0; j < d.length; j += 2) out[d[j]] = d[j + 1];
  };

  const succ = new Int32Array(width);
  /**
   * `RMPrepare(2)` with actor `env`, or `RMPrepare` with the actor the spec names; a choice made
   * by `exists` adds the values chosen (`SendMsg(i=0, j=2)`), another list `#k` for the k-th.
   */
  const describeStep = (inst: Instance, out: Steps, choice: number): StepLabel => {
    const actor = spec.actor ? call('actor', () => (spec.actor as (n: string, p: unknown) => string)(inst.name, inst.param)) : 'env';
    const c = (out as Steps & { [CHOICES]?: readonly Choice[] })[CHOICES]?.[choice];
    const chosen = c !== undefined ? choiceText(c) : undefined;
    const params = [...(inst.family && !spec.actor ? [show(inst.param)] : []), ...(chosen !== undefined ? [chosen] : [])];
    const action = inst.name + (params.length ? `(${params.join(', ')})` : '') + (chosen === undefined && out.length > 1 ? ` #${choice + 1}` : '');
    return { actor, action };
  };

  const symmetries: readonly Symmetry<S>[] = spec.symmetry === undefined ? [] : Array.isArray(spec.symmetry) ? spec.symmetry : [spec.symmetry as Symmetry<S>];
  const symmetryKeys = new Map<unknown, number>();
  const symmetry: SymmetryHook | undefined = symmetries.length === 0 ? undefined : {
    groups: symmetries.map((y) => ({ name: y.name, size: y.size })),
    permute(v, g, perm, out) {
      const y = symmetries[g];
      const t = call(`symmetry ${y.name}`, () => y.permute(decode(v), Array.from(perm)));
      out.set(v);
      where = `symmetry ${y.name}`;
      const d = assignments(t);
      for (let j = 0; j < d.length; j += 2) out[d[j]] = d[j + 1];
    },
    // Keys are numbered in the order first met (a fixed order: all the sort needs).
    ...(symmetries.some((y) => y.key !== undefined) ? {
      keys(v: Int32Array, g: number, out: Int32Array) {
        const y = symmetries[g];
        if (y.key === undefined) return void out.fill(0, 0, y.size);
        const s = decode(v);
        for (let i = 0; i < y.size; i++) {
          const k = call(`symmetry ${y.name}.key`, () => (y.key as (s: S, i: number) => unknown)(s, i));
          let id = symmetryKeys.get(k);
          if (id === undefined) symmetryKeys.set(k, (id = symmetryKeys.size));
          out[i] = id;
        }
      },
    } : {}),
  };

  return {
    name,
    width,
    symmetry,
    initial(emit) {
      inits.forEach((s, i) => {
        const v = new Int32Array(width);
        encode(s, v);
        emit(v, i);
      });
    },
    expand(v, emit) {
      // succ is v with one step's assignments applied, then undone (copied once per state).
      for (let j = 0; j < width; j++) succ[j] = v[j];
      // The actions that may be enabled, in their order (labels are as if all were tried).
      let n = 0;
      if (groups === undefined) {
        for (let i = 0; i < instances.length; i++) candidates[n++] = i;
      } else {
        live.set(ungrouped);
        for (let g = 0; g < groups.length; g++) {
          const m = maskOf(groups[g], v[groups[g].slot]);
          for (let w = 0; w < words; w++) live[w] |= m[w];
        }
        for (let w = 0; w < words; w++) {
          for (let bits = live[w]; bits !== 0; bits &= bits - 1) candidates[n++] = (w << 5) | (31 - Math.clz32(bits & -bits));
        }
      }
      let label = 0;
      for (let c = 0; c < n; c++) {
        const out = stepsAt(candidates[c], v);
        for (let k = 0; k < out.length; k++) {
          const d = out[k];
          for (let j = 0; j < d.length; j += 2) succ[d[j]] = d[j + 1];
          if (label > 0xffff) throw new ModelError(`a state has more than 65,535 enabled steps`, 'actions');
          emit(succ, label++, d);
          for (let j = 0; j < d.length; j += 2) succ[d[j]] = v[d[j]];
        }
      }
      if (groups === undefined) groups = groupActions(); // every action has now run once
    },
    describe(v, label) {
      let at = 0;
      for (let i = 0; i < instances.length; i++) {
        const out = stepsAt(i, v);
        if (label < at + out.length) return describeStep(instances[i], out, label - at);
        at += out.length;
      }
      throw new ModelError(`no step ${label} in this state`, 'describe');
    },
    decode,
    properties,
    fairness: spec.fairness
      ? {
          groups(v, out) {
            let k = 0;
            for (let i = 0; i < instances.length; i++) for (let j = stepsAt(i, v).length; j > 0; j--) out[k++] = i + 1;
            return k;
          },
          group: (g) => (g <= 0 || g > instances.length ? { name: 'not forced', fairness: 'none' } : { name: labelOf(instances[g - 1]), fairness: spec.fairness?.[instances[g - 1].name] ?? 'none' }),
        }
      : undefined,
    within: spec.within ? predicate('within', (s) => (spec.within as (s: S) => boolean)(s)) : undefined,
    constraint: spec.constraint ? predicate('constraint', (s) => (spec.constraint as (s: S) => boolean)(s)) : undefined,
    actionConstraint: spec.actionConstraint
      ? (v, t) => call('actionConstraint', () => Boolean((spec.actionConstraint as (s: S, t: S) => boolean)(decode(v), decode(t))))
      : undefined,
    isEnd: spec.isEnd ? predicate('isEnd', (s) => (spec.isEnd as (s: S) => boolean)(s)) : () => false,
    checkDeadlock: spec.checkDeadlock ?? true,
    memoSnapshot: () => {
      // Past MEMO_SNAPSHOT_RESULTS results in all, copying them (on the main thread, while the
      // workers wait) would cost more than the workers' computing their own.
      const results = memos.reduce((n, m) => n + (m.tree?.leaves.length ?? 0), 0);
      if (results === 0 || results > MEMO_SNAPSHOT_RESULTS) return undefined;
      return memos.map((m) => (m.tree === undefined || m.tree.leaves.some(labelled) ? null : { label: m.label, tree: m.tree.snapshot() }));
    },
    adoptMemo: (snapshot) => {
      const all = snapshot as ({ label: string; tree: TreesSnapshot<unknown> } | null)[];
      if (!Array.isArray(all) || all.length !== memos.length) return 0;
      let adopted = 0;
      all.forEach((x, i) => {
        const m = memos[i];
        if (x === null || m.tree === undefined || x.label !== m.label || m.tree.leaves.length > x.tree.leaves.length) return;
        m.tree = DecisionTrees.from(x.tree);
        adopted++;
      });
      regroup();
      return adopted;
    },
    stats: () => ({
      ...Object.fromEntries(vars.map((v, k) => [`values.${v}`, interners[k].size])),
      'memo.action results': steps.reduce((n, m) => n + (m.tree?.leaves.length ?? 0), 0),
      'memo.action calls': steps.reduce((n, m) => n + m.runs, 0),
      'memo.predicate results': memos.reduce((n, m) => n + (steps.includes(m) ? 0 : (m.tree?.leaves.length ?? 0)), 0),
      'memo.functions memoised': memos.filter((m) => m.tree !== undefined).length,
      'memo.functions not memoised': memos.filter((m) => m.tree === undefined).length,
      ...Object.fromEntries(memos.filter((m) => m.droppedAt >= 0).slice(0, 20).map((m) => [`memo.off after calls: ${m.label}`, m.droppedAt])),
    }),
  };
}

