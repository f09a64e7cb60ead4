/**
 * Replay: re-executes a saved trace step by step against a model (the one it was found in, or
 * another: a fixed version, a mutant) and reports the first step that is no longer enabled or now
 * leads to a different state, or confirms that the trace still ends in its violation (or
 * deadlock, or witness).
 *
 * Steps are matched by their structured label (process, kind, local action or delivered message
 * and sender), not by the position of the step among the enabled ones, which changes whenever the
 * model gains or loses a step elsewhere. A step whose label no longer occurs but whose recorded
 * state some enabled step still reaches is matched by that state (and reported as relabelled).
 * Steps without labels (an ITF trace written by another tool) are matched by state only.
 */
import { compile } from './compile.ts';
import { exitCodeOf } from './explore.ts';
import { ExitCode } from './errors.ts';
import { checkLasso } from './lasso.ts';
import { isLiveness, type Checkable, type Compiled, type CompiledProperty, type StepLabel } from './model.ts';
import { diff, show, type Change, type Trace } from './trace.ts';
import { keyOf } from './values.ts';

/** Exit codes of `interleave replay` besides the verdict codes (12 violation, 11 deadlock, 0 witness reproduced). */
export const ReplayExit = {
  /** Every step replays, but the trace no longer ends in its violation (or deadlock, or witness). */
  notReproduced: 20,
  /** A step of the trace is no longer enabled. */
  disabled: 21,
  /** A step now leads to a different state. */
  different: 22,
  /** No initial state of the model is the trace's initial state. */
  initial: 23,
} as const;

export type ReplayStatus = 'reproduced' | 'not-reproduced' | 'disabled' | 'different' | 'initial';

export interface ReplayResult {
  readonly status: ReplayStatus;
  readonly exitCode: number;
  /** One line saying what happened. */
  readonly message: string;
  /** The step (1-based; 0 for the initial state) where replay stopped, for disabled / different / initial. */
  readonly step?: number;
  /** For `different` and `initial`: how the model's state differs from the recorded one (before = recorded, after = model). */
  readonly differences?: readonly Change[];
  /** For `disabled`: what is enabled instead. */
  readonly enabled?: readonly string[];
  /** Steps matched by their state because their label is no longer produced. */
  readonly relabelled: readonly number[];
  /** Steps taken whose recorded actor/action text is not what the model now says of them (an edited or stale trace). */
  readonly mislabelled: readonly { readonly step: number; readonly trace: string; readonly model: string }[];
  /** For `reproduced` when the violation now shows up before the last step: that step. */
  readonly reproducedAt?: number;
  /** Number of steps replayed. */
  readonly replayed: number;
  /** The explorer's path: index of the initial state, then the label of each step replayed. */
  readonly path: readonly number[];
}

/** What identifies a step across versions of a model: the structured label, or actor and action. */
export function signature(l: StepLabel): string {
  switch (l.kind) {
    case 'local':
      return keyOf(['local', l.process, l.name]);
    case 'receive':
    case 'duplicate':
    case 'lose':
      return keyOf([l.kind, l.process, l.from, l.msg]);
    case 'crash':
      return keyOf(['crash', l.process]);
    default:
      return keyOf([l.actor, l.action]);
  }
}

/** Like `signature`, but a delivery or loss is known by the message's type only, not its content (for minimisation, where removing a step changes the timestamps messages carry). */
export function looseSignature(l: StepLabel): string {
  switch (l.kind) {
    case 'receive':
    case 'duplicate':
    case 'lose':
      return keyOf([l.kind, l.process, l.from, l.name ?? (l.msg as { type?: unknown } | undefined)?.type]);
    default:
      return signature(l);
  }
}

/**
 * How states are compared across runs. A bag (unordered channel) is decoded in the order the
 * engine numbered its messages, which depends on the order the search met them: two runs may list
 * the same bag in different orders. Bags are compared sorted.
 */
export function stateKeyOf(model: unknown): (state: unknown) => string {
  const spec = (model as { spec?: { network?: { order?: string } } } | null)?.spec;
  if (spec?.network?.order !== 'unordered') return keyOf;
  return (state) => keyOf(normaliseBags(state));
}

/** The state with every channel (`P0→P1`) sorted by canonical key. */
export function normaliseBags(state: unknown): unknown {
  if (typeof state !== 'object' || state === null || Array.isArray(state)) return state;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(state as Record<string, unknown>)) {
    out[k] = /^P\d+→P\d+$/.test(k) && Array.isArray(v) ? [...v].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0)) : v;
  }
  return out;
}

/** `P1 receives OK from P0`. */
export function stepText(l: StepLabel): string {
  return l.actor === 'env' ? l.action : `${l.actor} ${l.action}`;
}

/** A successor of a state: the explorer's label, who did what, and the next state. */
export interface Successor {
  readonly label: number;
  readonly description: StepLabel;
  readonly signature: string;
  readonly loose: string;
  readonly next: Int32Array;
}

/** Steps through a compiled model, caching the (slow) step descriptions of each state it visits. */
export class Stepper {
  readonly c: Compiled;
  /** The canonical text of a state, for comparing states across runs (see `stateKeyOf`). */
  readonly key: (state: unknown) => string;
  private readonly cache = new Map<string, Successor[]>();
  constructor(model: Checkable | Compiled) {
    this.c = 'expand' in model && 'width' in model ? (model as Compiled) : compile(model as Checkable);
    this.key = stateKeyOf(model);
  }
  /** The canonical text of the state v. */
  keyOfVector(v: Int32Array): string {
    return this.key(this.c.decode(v));
  }
  /** The initial states with their labels. */
  initials(): { label: number; v: Int32Array }[] {
    const out: { label: number; v: Int32Array }[] = [];
    this.c.initial((v, label) => out.push({ label, v: v.slice() }));
    return out;
  }
  /** The enabled steps of v, in label order. */
  successors(v: Int32Array): Successor[] {
    const k = v.join(',');
    let r = this.cache.get(k);
    if (r === undefined) {
      const nexts: Int32Array[] = [];
      this.c.expand(v, (s) => nexts.push(s.slice()));
      r = nexts.map((next, label) => {
        const description = this.c.describe(v, label);
        return { label, description, signature: signature(description), loose: looseSignature(description), next };
      });
      if (this.cache.size > 200_000) this.cache.clear();
      this.cache.set(k, r);
    }
    return r;
  }
}

/** The property a trace is about, looked up in the model. */
function propertyOf(c: Compiled, trace: Trace): CompiledProperty | undefined {
  return trace.property ? c.properties.find((p) => p.name === trace.property?.name) : undefined;
}

/**
 * Does state v (with `successors()` steps, asked only where it matters: a state outside the
 * constraint or the boundary, where a trace may end, need not be one the model can expand) show
 * what the trace is about? For a violation of an
 * invariant: the invariant fails; at quiescence: no step and the property fails; a deadlock: no
 * step and not a proper end; a witness: the property holds. A violation with no named property
 * (a foreign ITF trace) is reproduced by any failing invariant.
 */
export function showsOutcome(c: Compiled, trace: Trace, v: Int32Array, successors: () => number): boolean {
  const p = propertyOf(c, trace);
  switch (trace.kind) {
    case 'deadlock':
      return successors() === 0 && !c.isEnd(v);
    case 'witness':
      return p !== undefined && p.holds(v);
    case 'violation':
      if (!trace.property) return c.properties.some((q) => q.kind === 'always' && !q.holds(v));
      if (!p) return false;
      if (p.kind === 'quiescent') return successors() === 0 && !p.holds(v);
      return !p.holds(v);
  }
}

/** Replays `trace` against `model`. `labelled: false` matches steps by state only. */
export function replay(model: Checkable | Compiled | Stepper, trace: Trace, options: { labelled?: boolean } = {}): ReplayResult {
  const labelled = options.labelled ?? true;
  const stepper = model instanceof Stepper ? model : new Stepper(model);
  const c = stepper.c;
  const relabelled: number[] = [];
  const mislabelled: { step: number; trace: string; model: string }[] = [];
  const path: number[] = [];
  const base = { relabelled, mislabelled, path };

  const key = stepper.key;
  const initKey = key(trace.initial);
  const inits = stepper.initials();
  const init = inits.find((i) => stepper.keyOfVector(i.v) === initKey);
  if (!init) {
    const differences = inits.length ? diff(normaliseBags(trace.initial), normaliseBags(c.decode(inits[0].v))) : [];
    return {
      ...base,
      status: 'initial',
      exitCode: ReplayExit.initial,
      step: 0,
      differences,
      replayed: 0,
      message: `the model's initial state is not the trace's${differences.length ? `: ${describeDifferences(differences)}` : ''}`,
    };
  }
  path.push(init.label);
  let v = init.v;
  const visited: Int32Array[] = [v];
  const outcomeLabel = trace.kind === 'deadlock' ? 'deadlock' : trace.kind === 'witness' ? `witness for ${trace.property?.name}` : `violation of ${trace.property?.name ?? 'an invariant'}`;
  let reproducedAt: number | undefined;
  const liveness = trace.kind === 'violation' && trace.property !== undefined && isLiveness(trace.property.kind);
  if (!liveness && trace.kind === 'violation' && trace.steps.length > 0 && showsOutcome(c, trace, v, () => stepper.successors(v).length)) reproducedAt = 0;

  // A search takes no step from a state outside the constraint, or from one reached by a step
  // outside the action constraint (TLC's CONSTRAINT and ACTION_CONSTRAINT: it checks that state's
  // invariants only), nor from one outside the boundary (`within`: counted and checked, not
  // expanded). So only a trace's last state may be there, and only for what a search finds there.
  const outsideOf = (from: Int32Array | undefined, x: Int32Array): string | undefined =>
    c.constraint !== undefined && !c.constraint(x) ? 'outside the constraint' : from !== undefined && c.actionConstraint !== undefined && !c.actionConstraint(from, x) ? 'reached by a step outside the action constraint' : undefined;
  const boundaryOf = (x: Int32Array): string | undefined => (c.within !== undefined && !c.within(x) ? 'outside the boundary (within)' : undefined);
  let outside = outsideOf(undefined, v);
  let boundary = outside === undefined ? boundaryOf(v) : undefined;
  let index = 0;
  /** Steps replayed when a violation already shown stopped the replay at a state the search does not expand. */
  let stoppedAfter: number | undefined;
  for (const step of trace.steps) {
    const where = outside ?? boundary;
    if (where !== undefined) {
      // A violation shown before this state is what the search reports (a shorter trace).
      if (reproducedAt !== undefined) {
        stoppedAfter = index;
        break;
      }
      return {
        ...base,
        status: 'disabled',
        exitCode: ReplayExit.disabled,
        step: step.index,
        enabled: [],
        replayed: step.index - 1,
        message: `step ${step.index} (${stepText(step)}) is not a step of the model: it goes on from ${index === 0 ? 'the initial state' : `the state after step ${index}`}, which is ${where} (a search takes no step from such a state)`,
      };
    }
    index++;
    const succ = stepper.successors(v);
    const want = key(step.state);
    const sig = signature(step);
    const byLabel = labelled ? succ.filter((s) => s.signature === sig) : [];
    let taken = byLabel.find((s) => stepper.keyOfVector(s.next) === want);
    if (!taken && byLabel.length > 0) {
      const actual = c.decode(byLabel[0].next);
      const differences = key === keyOf ? diff(step.state, actual) : diff(normaliseBags(step.state), normaliseBags(actual));
      return {
        ...base,
        status: 'different',
        exitCode: ReplayExit.different,
        step: step.index,
        differences,
        replayed: step.index - 1,
        message: `step ${step.index} (${stepText(step)}) now leads to a different state: ${describeDifferences(differences)}`,
      };
    }
    if (!taken) {
      taken = succ.find((s) => stepper.keyOfVector(s.next) === want);
      if (taken && labelled) relabelled.push(step.index);
    }
    if (!taken) {
      const enabled = succ.map((s) => stepText(s.description));
      return {
        ...base,
        status: 'disabled',
        exitCode: ReplayExit.disabled,
        step: step.index,
        enabled,
        replayed: step.index - 1,
        message: labelled
          ? `step ${step.index} (${stepText(step)}) is no longer enabled; enabled: ${enabled.length ? enabled.slice(0, 8).join('; ') + (enabled.length > 8 ? `; … ${enabled.length - 8} more` : '') : 'nothing'}`
          : `no step leads to the state recorded at step ${step.index}`,
      };
    }
    if (labelled && !relabelled.includes(step.index) && stepText(step) !== stepText(taken.description)) mislabelled.push({ step: step.index, trace: stepText(step), model: stepText(taken.description) });
    path.push(taken.label);
    outside = outsideOf(v, taken.next);
    boundary = outside === undefined ? boundaryOf(taken.next) : undefined;
    v = taken.next;
    visited.push(v);
    if (!liveness && reproducedAt === undefined && trace.kind === 'violation' && step.index < trace.steps.length && showsOutcome(c, trace, v, () => stepper.successors(v).length)) reproducedAt = step.index;
  }

  const n = stoppedAfter ?? trace.steps.length;
  if (stoppedAfter === undefined) {
    // The last state: outside the model a search checks invariants only; at the boundary it looks
    // for no deadlock and checks nothing at quiescence (the state is not expanded).
    const kind = propertyOf(c, trace)?.kind;
    const invariant = trace.kind === 'violation' && (trace.property === undefined || kind === 'always');
    const gone = (why: string): ReplayResult => ({ ...base, status: 'not-reproduced', exitCode: ReplayExit.notReproduced, replayed: n, message: `every step replays but the ${outcomeLabel} is gone: ${why}` });
    if (outside !== undefined && !invariant) return gone(`its last state is ${outside}, where a search checks invariants only`);
    if (boundary !== undefined && (trace.kind === 'deadlock' || kind === 'quiescent')) return gone(`its last state is ${boundary}, which a search does not expand`);
  }
  if (liveness) {
    // Steps that lead on within the model (a step outside the constraint does not).
    const inModel = (x: Int32Array): number => stepper.successors(x).filter((t) => (c.constraint === undefined || c.constraint(t.next)) && (c.actionConstraint === undefined || c.actionConstraint(x, t.next))).length;
    const r = checkLasso(c, trace, visited, path, inModel);
    const what = `${outcomeLabel}${trace.loop !== undefined ? ' (a fair cycle)' : ' (a stuck path)'}`;
    if (r === undefined) return { ...base, status: 'reproduced', exitCode: ExitCode.liveness, replayed: n, message: `${what} reproduced: ${n} steps replayed${trace.loop !== undefined ? `, the cycle closes at step ${n} back to state ${trace.loop}` : ''}` };
    return { ...base, status: 'not-reproduced', exitCode: ReplayExit.notReproduced, replayed: n, message: `every step replays but the ${outcomeLabel} is gone: ${r}` };
  }
  const atEnd = showsOutcome(c, trace, v, () => stepper.successors(v).length);
  const property = trace.property?.name;
  if (atEnd || reproducedAt !== undefined) {
    const verdict = trace.kind === 'deadlock' ? 'deadlock' : trace.kind === 'witness' ? 'pass' : 'violation';
    const early = reproducedAt;
    return {
      ...base,
      status: 'reproduced',
      exitCode: exitCodeOf(verdict),
      replayed: n,
      ...(early !== undefined ? { reproducedAt: early } : {}),
      message: `${outcomeLabel} reproduced: ${n} steps replayed${early !== undefined ? `; it now shows already after step ${early}` : ''}${relabelled.length ? `; steps ${relabelled.join(', ')} matched by state (their labels changed)` : ''}${mislabelledText(mislabelled)}`,
    };
  }
  let why: string;
  if (trace.kind === 'deadlock') why = stepper.successors(v).length ? `a step is enabled at the end (${stepText(stepper.successors(v)[0].description)})` : 'the final state is now a proper end';
  else if (property && !propertyOf(c, trace)) why = `the model has no property '${property}' (properties: ${c.properties.map((p) => p.name).join(', ') || 'none'})`;
  else if (trace.kind === 'witness') why = `${property} does not hold at the end`;
  else if (propertyOf(c, trace)?.kind === 'quiescent' && stepper.successors(v).length) why = `the final state is not quiescent: ${stepText(stepper.successors(v)[0].description)} is enabled`;
  else why = `${property ?? 'every invariant'} holds at the end`;
  return { ...base, status: 'not-reproduced', exitCode: ReplayExit.notReproduced, replayed: n, message: `every step replays but the ${outcomeLabel} is gone: ${why}${mislabelledText(mislabelled)}` };
}

/** `; the labels of steps 3, 5 do not match the model's (step 3: the trace says 'P1 request', the model 'P0 request')`. */
function mislabelledText(m: ReplayResult['mislabelled']): string {
  if (m.length === 0) return '';
  const first = m[0];
  return `; the actor/action labels of step${m.length > 1 ? 's' : ''} ${m.map((x) => x.step).join(', ')} do not match the model's (step ${first.step}: the trace says '${first.trace}', the model '${first.model}')`;
}

/** `P1.oks: trace has 1, model gives 2; P0→P1: …` (at most four). */
export function describeDifferences(ds: readonly Change[]): string {
  const shown = ds.slice(0, 4).map((d) => `${d.path}: trace has ${show(d.before)}, model gives ${show(d.after)}`);
  return shown.join('; ') + (ds.length > 4 ? `; … ${ds.length - 4} more` : '');
}
