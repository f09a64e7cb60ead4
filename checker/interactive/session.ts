/**
 * The interactive explorer's model side: walks a path of step numbers from an initial state, lists
 * the enabled steps of a state in words, evaluates every property that one state decides, and
 * shows a state as sections (processes with their own fields and the engine's ground-truth fields
 * apart, channels, ghosts). Knows no HTTP.
 *
 * Step numbers are positions in a canonical order of the enabled steps, not the engine's labels:
 * a system's steps are ordered by process, kind, sender, message and next state, all plain data,
 * so a path means the same steps in every run of the same model (the engine numbers a bag's
 * messages in the order its search met them, which differs between runs). A generic model's steps
 * keep the model's own order.
 */
import { compile } from '../compile.ts';
import { isLiveness, type Checkable, type Compiled, type CompiledProperty, type StepLabel } from '../model.ts';
import { signature, stateKeyOf, stepText } from '../replay.ts';
import { diff, show, type Change, type Trace, type TraceKind, type TraceStep } from '../trace.ts';
import { keyOf } from '../values.ts';

/** A path that does not fit the model: malformed, or naming a step that is not enabled (HTTP 400). */
export class PathError extends Error {
  /** How many steps of the path were valid. */
  readonly valid: number;
  constructor(message: string, valid: number) {
    super(message);
    this.valid = valid;
  }
}

/** The longest path the explorer walks. */
export const MAX_PATH = 2_000;

/** One enabled step of a state. */
export interface Step {
  readonly description: StepLabel;
  /** `P1 receives REQUEST(ts=1) from P0`. */
  readonly text: string;
  readonly next: Int32Array;
  /**
   * The step leaves the model: its state is outside the constraint, or the step outside the action
   * constraint (TLC's CONSTRAINT and ACTION_CONSTRAINT). The checker checks that state's
   * invariants but does not count or expand it, so a path ends there.
   */
  readonly leaves?: 'constraint' | 'action constraint';
}

/** A location: which initial state, the known path (step numbers) and how far along it we are. */
export interface Position {
  readonly init: number;
  readonly path: readonly number[];
  readonly at: number;
}

/** A property's value in one state; `reason` when it is false and the property says why. */
export interface PropertyValue {
  readonly name: string;
  readonly kind: CompiledProperty['kind'];
  readonly description?: string;
  /**
   * Null where one state does not decide it: a liveness property (judged over whole runs, its
   * functions take an instance), or a quiescence property where a step is enabled (or outside the
   * model's boundary, where the checker does not judge it either), or a witness in a state outside
   * the constraint (not a state of the model: the checker checks invariants only there).
   */
  readonly holds: boolean | null;
  readonly reason?: string;
}

export interface Field {
  readonly name: string;
  readonly value: string;
  readonly changed: boolean;
}

/** The state as the page shows it. */
export interface StateView {
  readonly processes: readonly { readonly name: string; readonly fields: readonly Field[]; readonly truth: readonly Field[] }[];
  readonly channels: readonly { readonly name: string; readonly messages: readonly string[]; readonly changed: boolean }[];
  /** Global fields of a system (observer ghosts); all the fields of a generic model's state. */
  readonly other: readonly Field[];
}

/** Per-process fields the engine adds to a system's state (not the protocol's own), given what the system opted into. */
function truthFields(spec: { causality?: boolean; workload?: Readonly<Record<string, number>>; crashes?: number; countMessages?: boolean } | undefined): ReadonlySet<string> {
  const out = new Set<string>();
  if (!spec) return out;
  if (spec.causality) out.add('vt');
  if (spec.workload && Object.keys(spec.workload).length > 0) out.add('used');
  if ((spec.crashes ?? 0) > 0) out.add('crashed');
  if (spec.countMessages) out.add('sent');
  return out;
}

/** Optional hooks a compiled model or property may have (why a property fails, why a state is stuck). */
type WithReason = { reason?(v: Int32Array): string | undefined };
type WithDeadlockReason = { deadlockReason?(v: Int32Array): string | undefined };

const KIND_RANK: Readonly<Record<string, number>> = { local: 0, receive: 1, duplicate: 2, lose: 3, crash: 4 };

export class Session {
  readonly c: Compiled;
  readonly name: string;
  private readonly key: (state: unknown) => string;
  private readonly isSystem: boolean;
  private readonly truth: ReadonlySet<string>;
  private readonly cache = new Map<string, Step[]>();
  private readonly inits: Int32Array[] = [];

  constructor(model: Checkable | Compiled) {
    this.c = compile(model);
    this.name = this.c.name;
    this.key = stateKeyOf(model);
    const spec = (model as { spec?: Parameters<typeof truthFields>[0] }).spec;
    this.isSystem = typeof spec === 'object' && spec !== null;
    this.truth = truthFields(spec);
    this.c.initial((v) => this.inits.push(v.slice()));
  }

  get initialCount(): number {
    return this.inits.length;
  }

  /** The enabled steps of v, in canonical order (see the file comment). */
  steps(v: Int32Array): Step[] {
    const k = v.join(',');
    let r = this.cache.get(k);
    if (r !== undefined) return r;
    const nexts: Int32Array[] = [];
    if (!this.c.within || this.c.within(v)) this.c.expand(v, (s) => nexts.push(s.slice()));
    const { constraint, actionConstraint } = this.c;
    const list = nexts.map((next, label): Step => {
      const description = this.c.describe(v, label);
      const leaves = constraint !== undefined && !constraint(next) ? 'constraint' : actionConstraint !== undefined && !actionConstraint(v, next) ? 'action constraint' : undefined;
      return { description, text: stepText(description), next, ...(leaves !== undefined ? { leaves } : {}) };
    });
    if (this.isSystem) {
      const keyed = list.map((s) => ({ s, sig: signature(s.description), state: this.key(this.c.decode(s.next)) }));
      keyed.sort((a, b) => compareSteps(a.s.description, b.s.description) || cmp(a.sig, b.sig) || cmp(a.state, b.state));
      r = keyed.map((x) => x.s);
    } else r = list;
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(k, r);
    return r;
  }

  /** The states along the first `upTo` steps of a path (upTo + 1 states); PathError if a step is not enabled. */
  walk(init: number, path: readonly number[], upTo = path.length): { states: Int32Array[]; steps: Step[] } {
    if (!Number.isInteger(init) || init < 0 || init >= this.inits.length) {
      throw new PathError(`initial state ${init} does not exist: the model has ${this.inits.length === 1 ? 'one initial state (0)' : `${this.inits.length} initial states (0 to ${this.inits.length - 1})`}`, 0);
    }
    let v = this.inits[init];
    const states = [v];
    const steps: Step[] = [];
    for (let i = 0; i < upTo; i++) {
      const left = this.left(v, steps[i - 1]);
      if (left !== undefined) {
        throw new PathError(`step ${i + 1} of the path goes on from the state after step ${i}, which is outside the model's ${left}: the checker does not expand it (a link from another model, other parameters or another version?)`, i);
      }
      const enabled = this.steps(v);
      const k = path[i];
      if (k >= enabled.length) {
        const what = enabled.length === 0 ? 'no step is enabled' : enabled.length === 1 ? 'only step 0 is enabled' : `only steps 0 to ${enabled.length - 1} are enabled`;
        throw new PathError(`step ${i + 1} of the path is ${k}, but ${what} ${i === 0 ? 'in the initial state' : `after step ${i}`} (a link from another model, other parameters or another version?)`, i);
      }
      steps.push(enabled[k]);
      v = enabled[k].next;
      states.push(v);
    }
    return { states, steps };
  }

  /** Every property's value in v (null where v alone does not decide it), with its reason when it is false and the property gives one. */
  properties(v: Int32Array, via?: Step): PropertyValue[] {
    const end = this.end(v, via);
    const quiet = end !== undefined && !end.outside;
    // Outside the constraint the checker checks invariants only (no witness counts there).
    const outsideModel = end?.outside === 'constraint' || end?.outside === 'action constraint';
    return this.c.properties.map((p) => {
      if (isLiveness(p.kind) || (p.kind === 'quiescent' && !quiet) || (p.kind === 'sometimes' && outsideModel)) return { name: p.name, kind: p.kind, ...(p.description !== undefined ? { description: p.description } : {}), holds: null };
      const holds = p.holds(v);
      const reason = !holds && p.kind !== 'sometimes' ? (p as CompiledProperty & WithReason).reason?.(v) : undefined;
      return { name: p.name, kind: p.kind, ...(p.description !== undefined ? { description: p.description } : {}), holds, ...(reason !== undefined ? { reason } : {}) };
    });
  }

  /**
   * What v is when it has no step to take: a deadlock (with the model's reason, if it gives one), a
   * proper end, or a state the checker does not expand: outside the model's boundary (`within`), or
   * reached by `via`, a step that leaves the model's constraint or action constraint.
   */
  end(v: Int32Array, via?: Step): { readonly deadlock: boolean; readonly reason?: string; readonly outside?: 'boundary' | 'constraint' | 'action constraint' } | undefined {
    const left = this.left(v, via);
    if (left !== undefined) return { deadlock: false, outside: left };
    if (this.c.within && !this.c.within(v)) return { deadlock: false, outside: 'boundary' };
    if (this.steps(v).length > 0) return undefined;
    const deadlock = this.c.checkDeadlock && !this.c.isEnd(v);
    const reason = deadlock ? (this.c as Compiled & WithDeadlockReason).deadlockReason?.(v) : undefined;
    return { deadlock, ...(reason !== undefined ? { reason } : {}) };
  }

  /**
   * Whether v is not a state of the model: outside the constraint (an initial state too), or
   * reached by `via`, a step outside the action constraint. The checker checks its invariants only.
   */
  left(v: Int32Array, via?: Step): 'constraint' | 'action constraint' | undefined {
    if (via?.leaves !== undefined) return via.leaves;
    return this.c.constraint !== undefined && !this.c.constraint(v) ? 'constraint' : undefined;
  }

  /** The trace of a walk, for the space-time diagram: a violation when its last state breaks an invariant. */
  trace(states: readonly Int32Array[], steps: readonly Step[]): Trace {
    const initial = this.c.decode(states[0]);
    let before = initial;
    const out: TraceStep[] = steps.map((s, i) => {
      const after = this.c.decode(states[i + 1]);
      const t: TraceStep = { index: i + 1, ...s.description, changes: diff(before, after), state: after };
      before = after;
      return t;
    });
    const last = states[states.length - 1];
    const broken = this.c.properties.find((p) => p.kind === 'always' && !p.holds(last));
    const end = broken ? undefined : this.end(last, steps[steps.length - 1]);
    let kind: TraceKind = 'witness';
    if (broken) kind = 'violation';
    else if (end?.deadlock) kind = 'deadlock';
    // (A run that leaves the model ends there: no cycle, even back to a state it passed.)
    const loop = broken || this.left(last, steps[steps.length - 1]) !== undefined ? undefined : returnsTo(states);
    return { model: this.name, kind, ...(broken ? { property: { name: broken.name, kind: broken.kind } } : {}), initial, steps: out, ...(loop !== undefined ? { loop } : {}) };
  }

  /** The state v as sections, with the fields `changes` touched marked. */
  view(v: Int32Array, changes: readonly Change[]): StateView {
    const state = this.c.decode(v);
    const touched = (path: string): boolean => changes.some((ch) => ch.path === path || ch.path.startsWith(path + '.') || ch.path.startsWith(path + '['));
    const processes: { name: string; fields: Field[]; truth: Field[] }[] = [];
    const channels: { name: string; messages: string[]; changed: boolean }[] = [];
    const other: Field[] = [];
    if (!isRecord(state)) return { processes, channels, other: [{ name: 'state', value: show(state), changed: changes.length > 0 }] };
    for (const [k, x] of Object.entries(state)) {
      if (this.isSystem && /^P\d+$/.test(k)) {
        const fields: Field[] = [];
        const truth: Field[] = [];
        if (isRecord(x)) {
          for (const [f, y] of Object.entries(x)) (this.truth.has(f) ? truth : fields).push({ name: f, value: show(y), changed: touched(`${k}.${f}`) });
        } else fields.push({ name: 'state', value: show(x), changed: touched(k) });
        processes.push({ name: k, fields, truth });
      } else if (this.isSystem && /^P\d+→P\d+$/.test(k) && Array.isArray(x)) {
        channels.push({ name: k, messages: x.map(show), changed: touched(k) });
      } else other.push({ name: k, value: show(x), changed: touched(k) });
    }
    return { processes, channels, other };
  }

  /**
   * The step numbers that take the run `trace` (its initial state being v's) from v: each step is
   * matched by its label and the state it reaches, or by that state alone. Undefined entries: no match.
   */
  follow(v: Int32Array, trace: Trace): { labels: number[]; failedAt?: number } {
    const labels: number[] = [];
    let cur = v;
    for (const step of trace.steps) {
      const want = this.key(step.state);
      const sig = signature(step);
      const enabled = this.steps(cur);
      let k = enabled.findIndex((s) => signature(s.description) === sig && this.key(this.c.decode(s.next)) === want);
      if (k < 0) k = enabled.findIndex((s) => this.key(this.c.decode(s.next)) === want);
      if (k < 0) return { labels, failedAt: step.index };
      labels.push(k);
      cur = enabled[k].next;
    }
    return { labels };
  }

  /** The canonical text of a state (bags sorted), for comparing states across runs. */
  keyOf(v: Int32Array): string {
    return this.key(this.c.decode(v));
  }
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) && !(x instanceof Set) && !(x instanceof Map);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** A system's steps: by process, then kind (local, receive, duplicate, lose, crash), then sender; local actions keep their order. */
function compareSteps(a: StepLabel, b: StepLabel): number {
  const pa = a.process ?? -1;
  const pb = b.process ?? -1;
  if (pa !== pb) return pa - pb;
  const ka = KIND_RANK[a.kind ?? 'local'] ?? 5;
  const kb = KIND_RANK[b.kind ?? 'local'] ?? 5;
  if (ka !== kb) return ka - kb;
  if (a.kind === 'local' || a.kind === undefined) return 0;
  if ((a.from ?? -1) !== (b.from ?? -1)) return (a.from ?? -1) - (b.from ?? -1);
  return cmp(keyOf(a.msg), keyOf(b.msg));
}

/** Parses `3.0.1` (empty: no steps). */
export function parsePath(raw: string | null | undefined): number[] {
  if (raw === null || raw === undefined || raw === '') return [];
  if (raw.length > MAX_PATH * 7) throw new PathError(`the path is too long (at most ${MAX_PATH} steps)`, 0);
  if (!/^\d{1,6}(\.\d{1,6})*$/.test(raw)) throw new PathError(`the path must be step numbers separated by dots (like 3.0.1), got '${raw.length > 40 ? raw.slice(0, 37) + '...' : raw}'`, 0);
  const path = raw.split('.').map(Number);
  if (path.length > MAX_PATH) throw new PathError(`the path is too long: ${path.length} steps, at most ${MAX_PATH}`, 0);
  return path;
}

/** Parses a non-negative integer parameter (`init`, `at`); `fallback` when absent. */
export function parseIndex(name: string, raw: string | null | undefined, fallback: number): number {
  if (raw === null || raw === undefined || raw === '') return fallback;
  if (!/^\d{1,6}$/.test(raw)) throw new PathError(`${name} must be a step number, got '${raw.length > 40 ? raw.slice(0, 37) + '...' : raw}'`, 0);
  return Number(raw);
}

/**
 * The latest earlier state a walk's last state is (its encoding), if any: the walk is then a
 * lasso, the steps after that state a cycle that can repeat for ever (as a liveness
 * counterexample "find from here" loads is), which the diagram marks.
 */
export function returnsTo(states: readonly Int32Array[]): number | undefined {
  const last = states[states.length - 1];
  for (let j = states.length - 2; j >= 0; j--) {
    const s = states[j];
    if (s.length === last.length && s.every((x, i) => x === last[i])) return j;
  }
  return undefined;
}
