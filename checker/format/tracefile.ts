/**
 * The trace file (./file.ts) from an in-memory `Trace` and back, and its validation against the
 * committed JSON Schema with ajv. A file that does not validate gets one line naming the field.
 */
import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Trace, TraceStep } from '../trace.ts';
import { fromItfValue, toItfValue } from './codec.ts';
import type { TraceFile, TraceFileStep } from './file.ts';

/** What a trace file records besides the trace: how to rebuild the model. */
export interface ModelRef {
  /** The model's name (a bundled model, or the model in `source`). */
  readonly model: string;
  readonly params: Readonly<Record<string, number>>;
  /** For a model loaded from a file: its path relative to the trace file's directory. */
  readonly source?: string;
}

/** The trace file of a trace. */
export function traceFileOf(trace: Trace, ref: ModelRef): TraceFile {
  const steps: TraceFileStep[] = trace.steps.map((s) => {
    const out: TraceFileStep = { index: s.index, actor: s.actor, action: s.action, changes: [], state: undefined };
    if (s.kind !== undefined) out.kind = s.kind;
    if (s.process !== undefined) out.process = s.process;
    if (s.role !== undefined) out.role = s.role;
    if (s.name !== undefined) out.name = s.name;
    if (s.from !== undefined) out.from = s.from;
    if ('msg' in s && s.msg !== undefined) out.msg = toItfValue(s.msg);
    if (s.sent !== undefined) out.sent = s.sent.map((x) => ({ to: x.to, msg: toItfValue(x.msg) }));
    if (s.multicasts !== undefined) out.multicasts = s.multicasts.map((x) => toItfValue(x));
    if (s.delivered !== undefined) out.delivered = s.delivered.map((x) => toItfValue(x));
    out.changes = s.changes.map((c) => ({
      path: c.path,
      ...(c.before !== undefined ? { before: toItfValue(c.before) } : {}),
      ...(c.after !== undefined ? { after: toItfValue(c.after) } : {}),
    }));
    out.state = toItfValue(s.state);
    return out;
  });
  return {
    format: 'interleave-trace',
    version: 1,
    model: ref.model,
    ...(ref.source !== undefined ? { source: ref.source } : {}),
    params: { ...ref.params },
    kind: trace.kind,
    ...(trace.property ? { property: { name: trace.property.name, kind: trace.property.kind, ...(trace.property.instance !== undefined ? { instance: trace.property.instance } : {}), ...(trace.property.instanceName !== undefined ? { instanceName: trace.property.instanceName } : {}) } } : {}),
    initial: toItfValue(trace.initial),
    steps,
    ...(trace.loop !== undefined ? { loop: trace.loop } : {}),
    ...(trace.fairness !== undefined ? { fairness: trace.fairness } : {}),
    ...(trace.reason !== undefined ? { reason: trace.reason } : {}),
    ...(trace.shade !== undefined ? { shade: { label: trace.shade.label, during: trace.shade.during.map((r) => r.slice()) } } : {}),
    ...(trace.ground !== undefined ? { ground: { process: [...trace.ground.process], global: [...trace.ground.global] } } : {}),
  };
}

/** The in-memory trace of a (validated) trace file. */
export function traceOfFile(f: TraceFile): Trace {
  const steps: TraceStep[] = f.steps.map((s) => ({
    index: s.index,
    actor: s.actor,
    action: s.action,
    ...(s.kind !== undefined ? { kind: s.kind } : {}),
    ...(s.process !== undefined ? { process: s.process } : {}),
    ...(s.role !== undefined ? { role: s.role } : {}),
    ...(s.name !== undefined ? { name: s.name } : {}),
    ...(s.from !== undefined ? { from: s.from } : {}),
    ...('msg' in s ? { msg: fromItfValue(s.msg) } : {}),
    ...(s.sent !== undefined ? { sent: s.sent.map((x) => ({ to: x.to, msg: fromItfValue(x.msg) })) } : {}),
    ...(s.multicasts !== undefined ? { multicasts: s.multicasts.map((x) => fromItfValue(x)) } : {}),
    ...(s.delivered !== undefined ? { delivered: s.delivered.map((x) => fromItfValue(x)) } : {}),
    changes: s.changes.map((c) => ({ path: c.path, before: 'before' in c ? fromItfValue(c.before) : undefined, after: 'after' in c ? fromItfValue(c.after) : undefined })),
    state: fromItfValue(s.state),
  }));
  return {
    model: f.model,
    kind: f.kind,
    ...(f.property ? { property: { name: f.property.name, kind: f.property.kind, ...(f.property.instance !== undefined ? { instance: f.property.instance } : {}), ...(f.property.instanceName !== undefined ? { instanceName: f.property.instanceName } : {}) } } : {}),
    initial: fromItfValue(f.initial),
    steps,
    ...(f.loop !== undefined ? { loop: f.loop } : {}),
    ...(f.fairness !== undefined ? { fairness: f.fairness } : {}),
    ...(f.reason !== undefined ? { reason: f.reason } : {}),
    ...(f.shade !== undefined ? { shade: { label: f.shade.label, during: f.shade.during } } : {}),
    ...(f.ground !== undefined ? { ground: { process: f.ground.process, global: f.ground.global } } : {}),
  };
}

// ---- validation ---------------------------------------------------------------------------------

const SCHEMA_DIR = new URL('../../spec/schema/', import.meta.url);
let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

/** The ajv validator of a committed schema (`trace` or `itf`). */
export function validatorOf(name: 'trace' | 'itf'): ValidateFunction {
  let v = validators.get(name);
  if (!v) {
    ajv ??= new Ajv({ allErrors: true, strict: false });
    const schema = JSON.parse(readFileSync(new URL(`${name}.schema.json`, SCHEMA_DIR), 'utf8')) as Record<string, unknown>;
    v = ajv.compile(schema);
    validators.set(name, v);
  }
  return v;
}

/** `/steps/3/actor` → `steps[3].actor`. */
export function fieldOf(pointer: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${p}]` : out ? `.${p}` : p;
  return out;
}

const preview = (x: unknown): string => {
  const t = JSON.stringify(x);
  return t === undefined ? String(x) : t.length > 40 ? `${t.slice(0, 37)}...` : t;
};

/** One line for the most specific of ajv's errors: the field, and what is wrong with it. */
export function describeSchemaError(errors: readonly ErrorObject[], data: unknown, mapField: (field: string) => string = (f) => f): string {
  // The deepest error names the field best; `anyOf` only summarises its branches.
  const specific = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'if');
  const pool = specific.length ? specific : errors;
  const depth = (e: ErrorObject) => e.instancePath.split('/').length;
  const e = pool.reduce((a, b) => (depth(b) > depth(a) ? b : a));
  const field = fieldOf(e.instancePath);
  const at = field ? mapField(field) : 'the top level';
  const sub = (name: string) => mapField(field ? `${field}.${name}` : name);
  const valueAt = (): unknown => {
    let x: unknown = data;
    for (const p of e.instancePath.split('/').slice(1)) x = (x as Record<string, unknown>)?.[p.replace(/~1/g, '/').replace(/~0/g, '~')];
    return x;
  };
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `${sub(String(p.missingProperty))} is missing`;
    case 'additionalProperties':
      return `${sub(String(p.additionalProperty))} is not a known field`;
    case 'enum':
      return `${at} must be one of ${(p.allowedValues as unknown[]).map((x) => String(x)).join(', ')}, got ${preview(valueAt())}`;
    case 'const':
      return `${at} must be ${preview(p.allowedValue)}, got ${preview(valueAt())}`;
    case 'propertyNames':
      return `${at} has a field name ITF reserves (${String(p.propertyName)})`;
    default:
      return `${at} ${e.message ?? 'is not valid'}, got ${preview(valueAt())}`;
  }
}

/** Undefined when `x` is a valid trace file; else one line naming the bad field. */
export function traceFileError(x: unknown, mapField?: (field: string) => string): string | undefined {
  const v = validatorOf('trace');
  if (v(x)) return undefined;
  return describeSchemaError(v.errors ?? [], x, mapField);
}

/** Undefined when `x` is a valid ITF trace (ADR-015); else one line naming the bad field. */
export function itfError(x: unknown): string | undefined {
  const v = validatorOf('itf');
  if (!v(x)) return describeSchemaError(v.errors ?? [], x);
  const t = x as { vars: string[]; states: Record<string, unknown>[] };
  for (let i = 0; i < t.states.length; i++) {
    for (const name of t.vars) if (!(name in t.states[i])) return `states[${i}].${name} is missing (a variable named in vars)`;
    for (const name of Object.keys(t.states[i])) if (name !== '#meta' && !t.vars.includes(name)) return `states[${i}].${name} is not one of vars`;
  }
  return undefined;
}
