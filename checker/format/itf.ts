/**
 * The Informal Trace Format (Apalache ADR-015, https://apalache-mc.org/docs/adr/015adr-trace.html),
 * read by Apalache, Quint and the itf-rs crate: `#meta`, `vars`, `states` (one object per state,
 * one value per variable, in the value encoding of ./codec.ts). A state that is a record gives one
 * variable per field (`P0`, `P0→P1`, … for a protocol system); any other state is the single
 * variable `state`. A lasso (a liveness counterexample) gets `loop` as ADR-015 defines it: the
 * index of the state the last state's successor is. Our last state equals the one the last step
 * returns to (trace file `loop` = k), so its successor is state k + 1. Reading, both forms are
 * accepted (see `traceFileOfItf`).
 *
 * The rest of the trace file rides in metadata, which other tools ignore, so that trace file →
 * ITF → trace file gives the same file: the trace's `#meta.interleave` has the model, its
 * parameters, the kind of trace, the property, the reason, the fairness, the shading and the
 * ground-truth fields; each state's `#meta.step` has the step that led to it (actor, action, the
 * structured label of protocol systems, the role, and the changes). An ITF trace written by
 * another tool, with no such metadata, can still be replayed (steps are then matched by the state
 * they reach).
 */
import { diff, propertyLabel } from '../trace.ts';
import { fromItfValue, toItfValue, type ItfValue } from './codec.ts';
import { keyOf } from '../values.ts';
import { stepCount } from './svg.ts';
import type { TraceFile, TraceFileGround, TraceFileShade, TraceFileStep } from './file.ts';

export const ITF_DESCRIPTION_URL = 'https://apalache-mc.org/docs/adr/015adr-trace.html';

export interface ItfState {
  '#meta'?: Record<string, unknown>;
  [variable: string]: unknown;
}

export interface ItfTrace {
  '#meta'?: Record<string, unknown>;
  params?: string[];
  vars: string[];
  states: ItfState[];
  loop?: number;
}

/** What interleave keeps in the trace's `#meta.interleave`. */
interface InterleaveMeta {
  model?: string;
  source?: string;
  params?: Record<string, number>;
  kind?: string;
  property?: { name: string; kind: string; instance?: number; instanceName?: string };
  /** Why the last state violates the property (or why it is a deadlock). */
  reason?: string;
  /** The fairness a lasso was found under, when not the model's declared one. */
  fairness?: 'none' | 'weak' | 'strong';
  /** What diagrams shade on the process lines (the trace file's `shade`). */
  shade?: TraceFileShade;
  /** The fields no process keeps (the trace file's `ground`). */
  ground?: TraceFileGround;
  /** The state is not a record: it is the variable `state`. */
  wrapped?: boolean;
}

/**
 * The fields of a trace-file step that each state's `#meta.step` carries (`index` and `state`
 * follow from the states). `changes` could be computed from the states too, but not in the
 * trace's order (the model's order of fields, which the encoding sorts), so it rides along; a
 * state without it (another tool's) gets the changes computed from the states.
 */
const STEP_FIELDS = ['actor', 'action', 'kind', 'process', 'role', 'name', 'from', 'msg', 'sent', 'multicasts', 'delivered', 'changes'] as const;
/** The trace file's top-level fields that `#meta.interleave` carries. */
const META_FIELDS = ['model', 'source', 'params', 'kind', 'property', 'reason', 'fairness', 'shade', 'ground'] as const;

function isRecordValue(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  return !Object.keys(x).some((k) => k.startsWith('#'));
}

/** The ITF trace of a trace file. */
export function itfOf(f: TraceFile): ItfTrace {
  const wrapped = !isRecordValue(f.initial);
  const vars = wrapped ? ['state'] : Object.keys(f.initial as Record<string, unknown>);
  const stateOf = (v: unknown, meta: Record<string, unknown>): ItfState => (wrapped ? { '#meta': meta, state: v } : { '#meta': meta, ...(v as Record<string, unknown>) });
  const meta: InterleaveMeta = {};
  for (const k of META_FIELDS) if (f[k] !== undefined) (meta as Record<string, unknown>)[k] = f[k];
  if (wrapped) meta.wrapped = true;
  const what = f.kind === 'deadlock' ? 'a deadlock' : f.kind === 'witness' ? `a witness for ${f.property?.name}` : `a violation of ${propertyLabel(f.property)}`;
  return {
    '#meta': {
      format: 'ITF',
      'format-description': ITF_DESCRIPTION_URL,
      source: f.source ?? f.model,
      description: `interleave: ${what} in ${stepCount(f.steps.length)}, model ${f.model}${Object.keys(f.params).length ? ` (${Object.entries(f.params).map(([k, v]) => `${k}=${v}`).join(', ')})` : ''}${f.reason ? `: ${f.reason}` : ''}`,
      ...(f.reason !== undefined ? { reason: f.reason } : {}),
      interleave: meta,
    },
    vars,
    states: [
      stateOf(f.initial, { index: 0 }),
      ...f.steps.map((s) => {
        const step: Record<string, unknown> = {};
        for (const k of STEP_FIELDS) if (s[k] !== undefined) step[k] = s[k];
        return stateOf(s.state, { index: s.index, step });
      }),
    ],
    ...(f.loop !== undefined ? { loop: f.loop + 1 } : {}),
  };
}

/**
 * The trace file of an ITF trace (already checked against the ITF schema, with `loop`, if any, the
 * index of one of its states). Fields are taken from the metadata as found: the result must still
 * be validated as a trace file (`pathInItf` maps its field names back to the ITF file's).
 * `labelled` is false when the states carry no step labels.
 *
 * A lasso comes in either of ADR-015's forms: interleave's, whose last state repeats
 * `states[loop - 1]` (the trace file's `loop` is then `loop - 1`), or the other tools' (Apalache
 * may write either), whose last state's successor is `states[loop]`, not written: that step is
 * added, unlabelled (`?`, matched by its state on replay), and the trace file's `loop` is `loop`.
 */
export function traceFileOfItf(t: ItfTrace): { file: TraceFile; labelled: boolean; hasModel: boolean } {
  const meta = (t['#meta']?.interleave ?? {}) as InterleaveMeta;
  const wrapped = meta.wrapped === true || (t.vars.length === 1 && t.vars[0] === 'state' && meta.wrapped !== false && meta.model === undefined);
  const valueOf = (s: ItfState): ItfValue => {
    if (wrapped) return s.state as ItfValue;
    const o: Record<string, unknown> = {};
    for (const v of t.vars) o[v] = s[v];
    return o as ItfValue;
  };
  const states = t.states.slice();
  let loop: number | undefined;
  if (typeof t.loop === 'number') {
    const last = states.length - 1;
    const same = (i: number, j: number) => keyOf(fromItfValue(valueOf(states[i]))) === keyOf(fromItfValue(valueOf(states[j])));
    if (t.loop >= 1 && t.loop <= last && same(last, t.loop - 1)) loop = t.loop - 1;
    else if (t.loop >= 0 && t.loop <= last) {
      // The step from the last state back to states[loop]: the file does not say which step it is.
      const back: ItfState = { ...states[t.loop] };
      delete back['#meta'];
      states.push(back);
      loop = t.loop;
    }
  }
  const steps: TraceFileStep[] = [];
  const hasLabel: boolean[] = [];
  let before = states.length ? fromItfValue(valueOf(states[0])) : undefined;
  for (let i = 1; i < states.length; i++) {
    const s = states[i];
    const m = s['#meta']?.step;
    const label = typeof m === 'object' && m !== null && !Array.isArray(m) ? (m as Record<string, unknown>) : undefined;
    hasLabel.push(label !== undefined);
    const after = fromItfValue(valueOf(s));
    const step = {
      ...(label ?? { actor: '?', action: `step ${i}` }),
      index: i,
      changes: label && 'changes' in label ? label.changes : diff(before, after).map((c) => ({ path: c.path, ...(c.before !== undefined ? { before: toItfValue(c.before) } : {}), ...(c.after !== undefined ? { after: toItfValue(c.after) } : {}) })),
      state: valueOf(s),
    } as TraceFileStep;
    steps.push(step);
    before = after;
  }
  // Labelled when every state after the first has its step (the one added to close a lasso has none).
  const labelled = t.states.length > 1 && hasLabel.slice(0, t.states.length - 1).every(Boolean);
  const file = {
    format: 'interleave-trace',
    version: 1,
    model: meta.model ?? (typeof t['#meta']?.source === 'string' ? (t['#meta'].source as string) : 'unknown'),
    ...(meta.source !== undefined ? { source: meta.source } : {}),
    params: meta.params ?? {},
    kind: meta.kind ?? 'violation',
    ...(meta.property !== undefined ? { property: meta.property } : {}),
    initial: states.length ? valueOf(states[0]) : {},
    steps,
    ...(loop !== undefined ? { loop } : {}),
    ...(meta.reason !== undefined ? { reason: meta.reason } : {}),
    ...(meta.fairness !== undefined ? { fairness: meta.fairness } : {}),
    ...(meta.shade !== undefined ? { shade: meta.shade } : {}),
    ...(meta.ground !== undefined ? { ground: meta.ground } : {}),
  } as TraceFile;
  return { file, labelled, hasModel: meta.model !== undefined };
}

/** Where a field of the trace file made by `traceFileOfItf` came from in the ITF file. */
export function pathInItf(field: string): string {
  const step = /^steps\[(\d+)\](?:\.(\w+))?(.*)$/.exec(field);
  if (step) {
    const i = Number(step[1]) + 1;
    if (!step[2]) return `states[${i}]`;
    if ((STEP_FIELDS as readonly string[]).includes(step[2])) return `states[${i}].#meta.step.${step[2]}${step[3]}`;
    return `states[${i}]`;
  }
  if (field.startsWith('initial')) return 'states[0]';
  const top = /^(\w+)(.*)$/.exec(field);
  if (top && (META_FIELDS as readonly string[]).includes(top[1])) return `#meta.interleave.${field}`;
  return field;
}
