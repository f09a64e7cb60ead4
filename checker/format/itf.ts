/**
 * The Informal Trace Format (Apalache ADR-015, https://apalache-mc.org/docs/adr/015adr-trace.html),
 * read by Apalache, Quint and the itf-rs crate: `#meta`, `vars`, `states` (one object per state,
 * one value per variable, in the value encoding of ./codec.ts). A state that is a record gives one
 * variable per field (`P0`, `P0→P1`, … for a protocol system); any other state is the single
 * variable `state`. A lasso (a liveness counterexample) gets `loop` as ADR-015 defines it: the
 * index of the state that starts the loop, which ends in the last state. Our last state equals
 * the one the last step returns to (trace file `loop` = k), so the loop starts at state k + 1.
 *
 * What interleave needs to replay the trace rides in metadata, which other tools ignore: the
 * trace's `#meta.interleave` names the model, its parameters, the kind of trace and the property,
 * and each state's `#meta.step` gives the step that led to it (actor, action, and the structured
 * label of protocol systems). An ITF trace written by another tool, with no such metadata, can
 * still be replayed (steps are then matched by the state they reach).
 */
import { diff, propertyLabel } from '../trace.ts';
import { fromItfValue, toItfValue, type ItfValue } from './codec.ts';
import type { TraceFile, TraceFileStep } from './file.ts';

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
  /** The state is not a record: it is the variable `state`. */
  wrapped?: boolean;
}

const STEP_FIELDS = ['actor', 'action', 'kind', 'process', 'name', 'from', 'msg', 'sent', 'multicasts', 'delivered'] as const;

function isRecordValue(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return false;
  return !Object.keys(x).some((k) => k.startsWith('#'));
}

/** The ITF trace of a trace file. */
export function itfOf(f: TraceFile): ItfTrace {
  const wrapped = !isRecordValue(f.initial);
  const vars = wrapped ? ['state'] : Object.keys(f.initial as Record<string, unknown>);
  const stateOf = (v: unknown, meta: Record<string, unknown>): ItfState => (wrapped ? { '#meta': meta, state: v } : { '#meta': meta, ...(v as Record<string, unknown>) });
  const meta: InterleaveMeta = { model: f.model, ...(f.source !== undefined ? { source: f.source } : {}), params: f.params, kind: f.kind, ...(f.property ? { property: f.property } : {}), ...(f.reason !== undefined ? { reason: f.reason } : {}), ...(f.fairness !== undefined ? { fairness: f.fairness } : {}), ...(wrapped ? { wrapped } : {}) };
  const what = f.kind === 'deadlock' ? 'a deadlock' : f.kind === 'witness' ? `a witness for ${f.property?.name}` : `a violation of ${propertyLabel(f.property)}`;
  return {
    '#meta': {
      format: 'ITF',
      'format-description': ITF_DESCRIPTION_URL,
      source: f.source ?? f.model,
      description: `interleave: ${what} in ${f.steps.length} steps, model ${f.model}${Object.keys(f.params).length ? ` (${Object.entries(f.params).map(([k, v]) => `${k}=${v}`).join(', ')})` : ''}${f.reason ? `: ${f.reason}` : ''}`,
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
 * The trace file of an ITF trace (already checked against the ITF schema). Fields are taken from
 * the metadata as found: the result must still be validated as a trace file (`pathInItf` maps its
 * field names back to the ITF file's). `labelled` is false when the states carry no step labels.
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
  let labelled = t.states.length > 1;
  const steps: TraceFileStep[] = [];
  let before = t.states.length ? fromItfValue(valueOf(t.states[0])) : undefined;
  for (let i = 1; i < t.states.length; i++) {
    const s = t.states[i];
    const label = (s['#meta']?.step ?? undefined) as Record<string, unknown> | undefined;
    if (!label) labelled = false;
    const after = fromItfValue(valueOf(s));
    const step = {
      index: i,
      ...(label ?? { actor: '?', action: `step ${i}` }),
      changes: diff(before, after).map((c) => ({ path: c.path, ...(c.before !== undefined ? { before: toItfValue(c.before) } : {}), ...(c.after !== undefined ? { after: toItfValue(c.after) } : {}) })),
      state: valueOf(s),
    } as TraceFileStep;
    steps.push(step);
    before = after;
  }
  const file = {
    format: 'interleave-trace',
    version: 1,
    model: meta.model ?? (typeof t['#meta']?.source === 'string' ? (t['#meta'].source as string) : 'unknown'),
    ...(meta.source !== undefined ? { source: meta.source } : {}),
    params: meta.params ?? {},
    kind: meta.kind ?? 'violation',
    ...(meta.property !== undefined ? { property: meta.property } : {}),
    initial: t.states.length ? valueOf(t.states[0]) : {},
    steps,
    // ADR-015's loop starts at state loop, after the last state; ours names the state the last step returns to.
    ...(typeof t.loop === 'number' ? { loop: t.loop - 1 } : {}),
    ...(meta.reason !== undefined ? { reason: meta.reason } : {}),
    ...(meta.fairness !== undefined ? { fairness: meta.fairness } : {}),
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
  if (top && ['model', 'source', 'params', 'kind', 'property', 'reason'].includes(top[1])) return `#meta.interleave.${field}`;
  return field;
}
