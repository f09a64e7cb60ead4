/**
 * Counterexample and witness traces: numbered steps saying which process did what and which
 * fields changed, rebuilt from the explorer's parent links by re-running the model.
 */
import { defaultReason, isLiveness, type Compiled, type PropertyKind, type StepLabel } from './model.ts';
import { compareValues, isValueSet, keyOf } from './values.ts';

/** One field that a step changed; `path` names it (`P1.mode`, `P0→P2`, `rmState[1]`). */
export interface Change {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

/** One step of a trace: who did what (with the structured detail of `StepLabel` where the model gives it). */
export interface TraceStep extends StepLabel {
  /** 1-based step number. */
  readonly index: number;
  /** The fields that changed. */
  readonly changes: readonly Change[];
  /** The whole state after the step. */
  readonly state: unknown;
}

/** Why a trace was printed. */
export type TraceKind = 'violation' | 'deadlock' | 'witness';

/** A run from an initial state to the state of interest. */
export interface Trace {
  readonly model: string;
  readonly kind: TraceKind;
  /** The property violated (or witnessed); absent for a deadlock. For a liveness property with instances, which one. */
  readonly property?: { readonly name: string; readonly kind: PropertyKind; readonly instance?: number; readonly instanceName?: string };
  readonly initial: unknown;
  readonly steps: readonly TraceStep[];
  /**
   * A lasso (a liveness counterexample that loops): the index of the state the last step returns
   * to (0 the initial state, k the state after step k); the steps after it repeat for ever.
   */
  readonly loop?: number;
  /**
   * The fairness a liveness counterexample was found under, when not the model's declared one
   * (`check --fairness weak|strong|none`): replay checks the cycle against it.
   */
  readonly fairness?: 'none' | 'weak' | 'strong';
  /** Why the last state violates the property (or, for a deadlock, why no step is enabled), in the property's terms. */
  readonly reason?: string;
  /** What diagrams shade on the process lines: during[k][p] after step k (0: the initial state), e.g. the critical section. */
  readonly shade?: { readonly label: string; readonly during: readonly (readonly boolean[])[] };
  /** Fields of the states that no process keeps (the engine's ground truth, such as `vt`, and the observers' ghosts): per process, and global. */
  readonly ground?: { readonly process: readonly string[]; readonly global: readonly string[] };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Set) && !(v instanceof Map);
}

/** The fields that differ between two plain-data states, as paths. */
export function diff(before: unknown, after: unknown, path = ''): Change[] {
  if (before === after || keyOf(before) === keyOf(after)) return [];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((k) => diff(before[k], after[k], path ? `${path}.${k}` : k));
  }
  if (Array.isArray(before) && Array.isArray(after) && before.length === after.length && !isValueSet(before) && !isValueSet(after)) {
    return before.flatMap((x, i) => diff(x, after[i], `${path}[${i}]`));
  }
  return [{ path: path || 'state', before, after }];
}

/** Members of a set (a `Set` or a value set) in value order (`compareValues`); undefined for anything else. */
function membersOf(v: unknown): unknown[] | undefined {
  if (v instanceof Set) return [...v].sort(compareValues);
  if (isValueSet(v)) return [...(v as unknown[])].sort(compareValues);
  return undefined;
}

/**
 * What a step did to a set-valued field: the members added and removed, or undefined when the
 * field is a set on neither side (a value set made by `setAdd`/`setOf`/`emptySet`/`setRemove`,
 * or a `Set`; an array beside one counts as a set).
 */
export function setChange(before: unknown, after: unknown): { added: unknown[]; removed: unknown[] } | undefined {
  let b = membersOf(before);
  let a = membersOf(after);
  // An array beside a set is that set's next (or last) value: a step that filtered it, say.
  if (b === undefined && a !== undefined && Array.isArray(before)) b = before.slice();
  if (a === undefined && b !== undefined && Array.isArray(after)) a = after.slice();
  if (a === undefined || b === undefined) return undefined;
  const inB = new Set(b.map(keyOf));
  const inA = new Set(a.map(keyOf));
  return { added: a.filter((x) => !inB.has(keyOf(x))), removed: b.filter((x) => !inA.has(keyOf(x))) };
}

/** Compact text for a value: `REQ(ts=3)` for a record with a `type`, `[a, b]`, `{a, b}` for a set, `{k=v}`. */
export function show(v: unknown): string {
  if (v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (typeof v !== 'object' || v === null) return String(v);
  const members = membersOf(v);
  if (members !== undefined) return `{${members.map(show).join(', ')}}`;
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].sort(([a], [b]) => compareValues(a, b)).map(([k, x]) => `${show(k)}↦${show(x)}`).join(', ')}}`;
  const o = v as Record<string, unknown>;
  const entries = Object.entries(o).filter(([k, x]) => k !== 'type' && x !== undefined);
  const body = entries.map(([k, x]) => `${k}=${show(x)}`).join(', ');
  if (typeof o.type === 'string') return entries.length ? `${o.type}(${body})` : o.type;
  return `{${body}}`;
}

/**
 * Rebuilds the run that ends in the state reached by `path`: path[0] is the index of the initial
 * state, each later entry the label of the step taken.
 */
export function rebuildTrace(c: Compiled, path: readonly number[], kind: TraceKind, property?: { name: string; kind: PropertyKind; instance?: number }): Trace {
  const t = rebuildRun(c, path, kind, property);
  if (kind === 'witness') return t.trace;
  const reason = reasonAt(c, t.last, kind, property);
  return reason ? { ...t.trace, reason } : t.trace;
}

/** Why `v` violates `property` (or why it is a deadlock), as the model says or, failing that, in general words. */
export function reasonAt(c: Compiled, v: Int32Array, kind: TraceKind, property?: { name: string; kind: PropertyKind; instance?: number }): string | undefined {
  if (kind === 'deadlock') return c.deadlockReason?.(v) ?? 'no step is enabled, and this is not a proper end';
  const p = c.properties.find((x) => x.name === property?.name);
  if (!p) return undefined;
  return p.reason?.(v, property?.instance ?? (isLiveness(p.kind) ? 0 : undefined)) ?? defaultReason(p);
}

function rebuildRun(c: Compiled, path: readonly number[], kind: TraceKind, about?: { name: string; kind: PropertyKind; instance?: number }): { trace: Trace; last: Int32Array } {
  let property: Trace['property'] = about;
  let v: Int32Array | undefined;
  c.initial((s, label) => {
    if (label === path[0]) v = s.slice();
  });
  if (!v) throw new Error(`internal: initial state ${path[0]} not found`);
  if (about?.instance !== undefined) {
    // The instance's name, as the property gives it (`P1`), from the initial state.
    const named = c.properties.find((p) => p.name === about.name)?.instanceName;
    if (named) property = { ...about, instanceName: named(v, about.instance) };
  }
  const initial = c.decode(v);
  let before = initial;
  const steps: TraceStep[] = [];
  const shade = c.shade;
  const during: boolean[][] = [];
  const shadeOf = (x: Int32Array): boolean[] => Array.from({ length: shade?.processes ?? 0 }, (_, p) => (shade as NonNullable<typeof shade>).holds(x, p));
  if (shade) during.push(shadeOf(v));
  for (let i = 1; i < path.length; i++) {
    const label = path[i];
    const described = c.describe(v, label);
    let next: Int32Array | undefined;
    c.expand(v, (s, l) => {
      if (l === label) next = s.slice();
    });
    if (!next) throw new Error(`internal: step ${i} (label ${label}) not found while rebuilding the trace`);
    v = next;
    if (shade) during.push(shadeOf(v));
    const after = c.decode(v);
    steps.push({ index: i, ...described, changes: diff(before, after), state: after });
    before = after;
  }
  const ground = c.groundFields?.();
  const someGround = ground !== undefined && ground.process.length + ground.global.length > 0;
  return { trace: { model: c.name, kind, property, initial, steps, ...(shade ? { shade: { label: shade.label, during } } : {}), ...(someGround ? { ground } : {}) }, last: v };
}

/** The property a trace is about, with the failing instance if it has one: `every request is eventually granted (P1)`. */
export function propertyLabel(p: { readonly name: string; readonly instance?: number; readonly instanceName?: string } | undefined): string {
  if (!p) return 'property';
  if (p.instance === undefined) return p.name;
  return `${p.name} (${p.instanceName ?? `instance ${p.instance}`})`;
}

const plural = (k: number, word: string): string => `${k} ${word}${k === 1 ? '' : 's'}`;

/** The trace as numbered lines for a terminal. */
export function formatTrace(t: Trace): string {
  const head =
    t.kind === 'deadlock'
      ? `Deadlock after ${plural(t.steps.length, 'step')}: no step is enabled and this is not a proper end.`
      : t.kind === 'witness'
        ? `Witness for ${t.property?.name} in ${plural(t.steps.length, 'step')}:`
        : t.loop !== undefined
          ? `${propertyLabel(t.property)} violated by a fair cycle: ${plural(t.loop, 'step')}, then ${plural(t.steps.length - t.loop, 'step')} that ${t.steps.length - t.loop === 1 ? 'repeats' : 'repeat'} for ever:`
          : t.property && isLiveness(t.property.kind)
            ? `${propertyLabel(t.property)} violated: stuck after ${plural(t.steps.length, 'step')} (no step leads on from the last state, so the run stays there for ever):`
            : `${t.property?.name} violated after ${plural(t.steps.length, 'step')}:`;
  const lines = [head, `  0. initial state`];
  const width = String(t.steps.length).length;
  for (const s of t.steps) {
    lines.push(`  ${String(s.index).padStart(width)}. ${s.actor === 'env' ? '' : s.actor + ' '}${s.action}`);
    for (const ch of s.changes) {
      const set = setChange(ch.before, ch.after);
      const text = set
        ? [...(set.added.length ? [`+ {${set.added.map(show).join(', ')}}`] : []), ...(set.removed.length ? [`- {${set.removed.map(show).join(', ')}}`] : [])].join(' ')
        : `${show(ch.before)} → ${show(ch.after)}`;
      lines.push(`  ${' '.repeat(width)}    ${ch.path}: ${text}`);
    }
  }
  if (t.loop !== undefined) lines.push(`  the cycle repeats from step ${t.loop + 1}: step ${t.steps.length} returns to the state ${t.loop === 0 ? 'at the start' : `after step ${t.loop}`}`);
  if (t.reason) lines.push(`${t.kind === 'deadlock' ? 'Why' : 'Why it fails'}: ${t.reason}`);
  return lines.join('\n');
}
