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
import { DecisionTrees, PathConflict } from './decisions.ts';
import { ModelError, blame, call } from './errors.ts';
import { COMPILE, DETERMINISM_CHECKS, type Compiled, type CompiledProperty, type Property, type StepLabel, type Symmetry, type SymmetryHook } from './model.ts';
import { Interner, PATCH, keyOf } from './values.ts';

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

/** A model given as named actions over a record of variables. */
export interface ActionSpec<S extends object> {
  readonly name?: string;
  /** The initial states: records with the same variables. */
  init(): readonly S[];
  /**
   * Variables whose value is an array of fixed length (a function over a fixed domain, as
   * `rmState \in [RM -> ...]`): stored one entry per slot, so an action that reads or changes
   * one entry depends on that entry alone. Change an entry with `except(s.v, i, x)`; an update
   * that gives another length is an error.
   */
  readonly indexed?: readonly (keyof S & string)[];
  /** The actions, by name, in the order their steps are listed. */
  readonly actions: { readonly [name: string]: Action<S> };
  readonly properties?: readonly Property<S>[];
  /** Boundary: states where this is false are counted and checked but not expanded. */
  within?(state: S): boolean;
  /** A proper end: a state with no enabled action that is not a deadlock. Default: none is. */
  isEnd?(state: S): boolean;
  /** False turns deadlock detection off for this model (default true). */
  readonly checkDeadlock?: boolean;
  /** Who takes a step of action `name` (with `p` for a family), for traces. Default `env`. */
  actor?(name: string, p: unknown): string;
  /** Interchangeable values (TLA+'s `SYMMETRY Permutations(RM)`), used by `--symmetry`. */
  readonly symmetry?: Symmetry<S> | readonly Symmetry<S>[];
}

/** A checkable action model (what `actionModel` returns). */
export type ActionModel<S extends object> = ActionSpec<S> & { readonly [COMPILE]: () => Compiled };

/** Makes an action spec checkable (by `explore`, the CLI, `defineModel`'s `build`). */
export function actionModel<S extends object>(spec: ActionSpec<S>): ActionModel<S> {
  return { ...spec, [COMPILE]: () => compileActions(spec) };
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
  const inits = call('init', () => spec.init());
  if (!Array.isArray(inits) || inits.length === 0) throw new ModelError(`${name}: init() returned no initial state`, 'init');
  for (const s of inits) {
    if (!isObject(s) || Array.isArray(s)) throw new ModelError(`${name}: init() returned ${keyOf(s)}, not a record of variables`, 'init');
  }
  const vars = Object.keys(inits[0]).sort();
  const indexed = new Set<string>(spec.indexed ?? []);
  for (const v of indexed) if (!vars.includes(v)) throw new ModelError(`${name}: indexed variable '${v}' is not a variable of the initial state (variables: ${vars.join(', ')})`, 'indexed');

  // Slots: one per variable, or one per entry of an indexed variable (its length from init).
  const base: number[] = [];
  const length: number[] = [];
  const varOfSlot: number[] = [];
  let width = 0;
  vars.forEach((v, k) => {
    base.push(width);
    if (indexed.has(v)) {
      const a = (inits[0] as Record<string, unknown>)[v];
      if (!Array.isArray(a)) throw new ModelError(`${name}: indexed variable '${v}' is ${keyOf(a)} in the initial state, not an array`, 'indexed');
      length.push(a.length);
    } else length.push(-1);
    const n = Math.max(1, length[k]);
    for (let i = 0; i < n; i++) varOfSlot.push(k);
    width += n;
  });
  if (width === 0) throw new ModelError(`${name}: the state has no variables`, 'init');
  const interners = vars.map((v) => new Interner<unknown>(`values of ${indexed.has(v) ? `entries of ${v}` : v}`));
  const valueAt = (v: Int32Array, slot: number): unknown => interners[varOfSlot[slot]].values[v[slot]];

  // ---- Reading a state with every read recorded (only while an action or predicate runs). ----
  let cur: Int32Array = new Int32Array(width); // the state being read
  let where = ''; // the function running, for errors
  let generation = 0; // bumped per run: a view kept from an earlier run cannot be read
  const seen = new Uint8Array(width);
  const log: number[] = [];
  let running = false;
  const read = (slot: number): void => {
    if (!running) throw new ModelError(`a state was read after the action or property it was given to returned (actions must not keep state)`, 'state');
    if (seen[slot] === 0) {
      seen[slot] = 1;
      log.push(slot);
    }
  };

  /** The read-only array view of indexed variable k, with entries `patch` changed (by `except`). */
  const VIEW = Symbol('view');
  interface ViewInfo {
    readonly k: number;
    readonly patch: ReadonlyMap<number, unknown>;
    readonly generation: number;
  }
  const makeView = (k: number, patch: ReadonlyMap<number, unknown>): unknown[] => {
    const len = length[k];
    const info: ViewInfo = { k, patch, generation };
    const live = (): void => {
      if (info.generation !== generation) throw new ModelError(`${where} read ${vars[k]} from a state it kept from an earlier call (actions must not keep state)`, where);
    };
    const entry = (i: number): unknown => {
      live();
      if (patch.has(i)) return patch.get(i);
      read(base[k] + i);
      return valueAt(cur, base[k] + i);
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
    return new Proxy(new Array<unknown>(len), {
      get(target, key, receiver) {
        const i = indexOf(key);
        if (i >= 0) return entry(i);
        if (key === 'length') return len;
        if (key === VIEW) return info;
        if (key === PATCH) {
          return (j: number, x: unknown): unknown[] => {
            live();
            if (!Number.isInteger(j) || j < 0 || j >= len) throw new RangeError(`except: index ${j} is outside 0..${len - 1}`);
            const next = new Map(patch);
            next.set(j, x);
            return makeView(k, next);
          };
        }
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
        : () => makeView(k, new Map());
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
    if (!isObject(u) || Array.isArray(u)) throw new ModelError(`${where} returned ${keyOf(plain(u))}: an action returns an update {variable: value}, a list of updates, or false`, where);
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
      if (info !== undefined && info.k === k && info.generation === generation) {
        for (const [i, e] of info.patch) out.push(base[k] + i, interners[k].intern(plain(e)));
        continue;
      }
      const a = plain(x);
      if (!Array.isArray(a) || a.length !== length[k]) {
        throw new ModelError(`${where} assigned ${keyOf(a)} to ${key}, which is indexed: an array of length ${length[k]}`, where);
      }
      for (let i = 0; i < a.length; i++) out.push(base[k] + i, interners[k].intern(a[i]));
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
    try {
      const result = after(f(tracked));
      return { path: log.slice(), result };
    } catch (e) {
      throw blame(label, e);
    } finally {
      running = false;
      for (const s of log) seen[s] = 0;
      generation++;
    }
  };
  const slotName = (slot: number): string => {
    const k = varOfSlot[slot];
    return length[k] < 0 ? vars[k] : `${vars[k]}[${slot - base[k]}]`;
  };

  /**
   * Runs f on v (tree t of `trees` had no path for v) and adds its path: gives the new leaf. The
   * first misses of each tree run f twice and compare.
   */
  const evaluate = <R, T>(trees: DecisionTrees<T>, misses: Int32Array, t: number, label: string, v: Int32Array, f: (s: S) => R, after: (r: R) => T, key: (x: T) => string): number => {
    const first = runTracked(label, v, f, after);
    if (misses[t]++ < DETERMINISM_CHECKS) {
      const again = runTracked(label, v, f, after);
      if (keyOf(again.path) !== keyOf(first.path) || key(again.result) !== key(first.result)) {
        throw new ModelError(`${label} is not deterministic: two calls on the same state gave different results`, label);
      }
    }
    try {
      return trees.insert(t, v, first.path, first.result);
    } catch (e) {
      if (!(e instanceof PathConflict)) throw e;
      const read = (slot: number): string => (slot < 0 ? 'nothing more' : slotName(slot));
      throw new ModelError(`${label} is not deterministic: after the same reads it read ${read(e.found)}, where an earlier call read ${read(e.known)}`, label);
    }
  };
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
    return (Array.isArray(r) ? r : [r]).map(assignments);
  };
  const steps = new DecisionTrees<Steps>(instances.length);
  const stepMisses = new Int32Array(instances.length);
  /** The successors of instance i in state v. */
  const stepsAt = (i: number, v: Int32Array): Steps => {
    let leaf = steps.find(i, v);
    if (leaf < 0) leaf = evaluate(steps, stepMisses, i, labelOf(instances[i]), v, instances[i].run as (s: S) => ActionStep<unknown>, stepsOf, stepsKey);
    return steps.leaves[leaf];
  };

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
    readonly masks: (Int32Array | undefined)[];
  }
  let groups: Group[] | undefined;
  const ungrouped = new Int32Array(words); // actions whose first step reads nothing (or no state yet)
  const live = new Int32Array(words);
  const candidates = new Int32Array(instances.length);
  const groupActions = (): Group[] => {
    const bySlot = new Map<number, number[]>();
    instances.forEach((_, i) => {
      const slot = steps.rootSlot(i);
      if (slot < 0) ungrouped[i >>> 5] |= 1 << (i & 31);
      else bySlot.set(slot, [...(bySlot.get(slot) ?? []), i]);
    });
    return [...bySlot].map(([slot, members]) => ({ slot, members, masks: [] }));
  };
  const MASKED_VALUES = 1 << 16; // values of a group's slot beyond this are not given a mask
  const maskOf = (g: Group, x: number): Int32Array => {
    let m = g.masks[x];
    if (m !== undefined) return m;
    m = new Int32Array(words);
    let known = true;
    for (const i of g.members) {
      const after = steps.afterRoot(i, x);
      if (after === -1) known = false;
      else if (after >= 0 && steps.leaves[after].length === 0) continue; // disabled at x
      m[i >>> 5] |= 1 << (i & 31);
    }
    if (known && x < MASKED_VALUES) g.masks[x] = m;
    return m;
  };

  // ---- Predicates (properties, boundary, proper end) ----
  const predicates = new DecisionTrees<boolean>(2 + (spec.properties?.length ?? 0));
  const predicateMisses = new Int32Array(predicates.trees);
  let predicateCount = 0;
  const predicate = (label: string, f: (s: S) => boolean): ((v: Int32Array) => boolean) => {
    const t = predicateCount++;
    const truth = (r: boolean): boolean => Boolean(r);
    return (v) => {
      let leaf = predicates.find(t, v);
      if (leaf < 0) leaf = evaluate(predicates, predicateMisses, t, label, v, f, truth, String);
      return predicates.leaves[leaf];
    };
  };
  const properties: CompiledProperty[] = (spec.properties ?? []).map((p) => ({
    name: p.name,
    kind: p.kind,
    description: p.description,
    holds: predicate(`property ${p.name}`, p.holds),
  }));

  // ---- Encoding and decoding whole states ----
  const decode = (v: Int32Array): S => {
    const o: Record<string, unknown> = {};
    vars.forEach((name, k) => {
      o[name] = length[k] < 0 ? valueAt(v, base[k]) : Object.freeze(Array.from({ length: length[k] }, (_, i) => valueAt(v, base[k] + i)));
    });
    return Object.freeze(o) as S;
  };
  const encode = (s: S, out: Int32Array): void => {
    const keys = Object.keys(s);
    if (keys.length !== vars.length || keys.some((key) => !vars.includes(key))) {
      throw new ModelError(`${name}: init() returned a state with variables {${keys.sort().join(', ')}}; expected {${vars.join(', ')}}`, 'init');
    }
    where = 'init';
    const d = assignments(s);
    for (let j = 0; j < d.length; j += 2) out[d[j]] = d[j + 1];
  };

  const succ = new Int32Array(width);
  /** `RMPrepare(2)` with actor `env`, or `RMPrepare` with the actor the spec names; `#k` for the k-th choice. */
  const describeStep = (inst: Instance, choice: number, of: number): StepLabel => {
    const actor = spec.actor ? call('actor', () => (spec.actor as (n: string, p: unknown) => string)(inst.name, inst.param)) : 'env';
    const action = (spec.actor ? inst.name : labelOf(inst)) + (of > 1 ? ` #${choice + 1}` : '');
    return { actor, action };
  };

  const symmetries: readonly Symmetry<S>[] = spec.symmetry === undefined ? [] : Array.isArray(spec.symmetry) ? spec.symmetry : [spec.symmetry as Symmetry<S>];
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
        if (label < at + out.length) return describeStep(instances[i], label - at, out.length);
        at += out.length;
      }
      throw new ModelError(`no step ${label} in this state`, 'describe');
    },
    decode,
    properties,
    within: spec.within ? predicate('within', (s) => (spec.within as (s: S) => boolean)(s)) : undefined,
    isEnd: spec.isEnd ? predicate('isEnd', (s) => (spec.isEnd as (s: S) => boolean)(s)) : () => false,
    checkDeadlock: spec.checkDeadlock ?? true,
    stats: () => ({
      ...Object.fromEntries(vars.map((v, k) => [`values.${v}`, interners[k].size])),
      'memo.action results': steps.leaves.length,
      'memo.action calls': stepMisses.reduce((a, b) => a + b, 0),
      'memo.predicate results': predicates.leaves.length,
    }),
  };
}

function show(p: unknown): string {
  return typeof p === 'string' ? p : keyOf(p);
}
