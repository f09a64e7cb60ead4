/**
 * Reading a saved trace: a trace file (`.trace.json`) or an ITF trace (`.itf.json`), told apart
 * by their content. Every file is validated against its JSON Schema first; a file that is not
 * JSON, or does not validate, is a `LoadError` (exit 150) whose one line names the bad field.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LoadError, describeError } from '../errors.ts';
import type { Trace } from '../trace.ts';
import type { TraceFile } from './file.ts';
import { pathInItf, traceFileOfItf, type ItfTrace } from './itf.ts';
import { itfError, traceFileError, traceOfFile } from './tracefile.ts';

/** A saved trace, validated and decoded. */
export interface LoadedTrace {
  /** The path as given. */
  readonly path: string;
  /** What the file was. */
  readonly format: 'trace' | 'itf';
  /** The trace file (for an ITF file, the trace file it converts to). */
  readonly data: TraceFile;
  readonly trace: Trace;
  /** The model's name; undefined for an ITF trace that does not name one. */
  readonly model: string | undefined;
  readonly params: Readonly<Record<string, number>>;
  /** For a model loaded from a file: its absolute path. */
  readonly source: string | undefined;
  /** False when the steps carry no labels (an ITF trace from another tool): replay matches them by state. */
  readonly labelled: boolean;
}

/** Parses and validates the text of a saved trace; `path` names it in errors and anchors `source`. */
export function parseTrace(text: string, path: string): LoadedTrace {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new LoadError(`${path} is not JSON: ${describeError(e)}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new LoadError(`${path} is not a trace: expected a JSON object, got ${Array.isArray(json) ? 'an array' : JSON.stringify(json)}`);
  }
  const o = json as Record<string, unknown>;
  const isItf = !('format' in o) && ('states' in o || 'vars' in o || '#meta' in o);
  let data: TraceFile;
  let labelled = true;
  let hasModel = true;
  if (isItf) {
    const bad = itfError(json);
    if (bad) throw new LoadError(`bad ITF trace ${path}: ${bad}`);
    const t = json as ItfTrace;
    if (t.states.length === 0) throw new LoadError(`bad ITF trace ${path}: states is empty (a trace needs an initial state)`);
    if (t.loop !== undefined && t.loop >= t.states.length) {
      throw new LoadError(`bad ITF trace ${path}: loop must be the index of a state, at most ${t.states.length - 1}, got ${t.loop} (past the end of the trace)`);
    }
    const converted = traceFileOfItf(t);
    const badMeta = traceFileError(converted.file, pathInItf) ?? processError(converted.file, pathInItf);
    if (badMeta) throw new LoadError(`bad ITF trace ${path}: ${badMeta}`);
    data = converted.file;
    labelled = converted.labelled;
    hasModel = converted.hasModel;
  } else {
    const bad = traceFileError(json);
    if (bad) throw new LoadError(`bad trace file ${path}: ${bad}`);
    data = json as TraceFile;
    for (let i = 0; i < data.steps.length; i++) {
      if (data.steps[i].index !== i + 1) throw new LoadError(`bad trace file ${path}: steps[${i}].index must be ${i + 1}, got ${data.steps[i].index}`);
    }
    const badProcess = processError(data);
    if (badProcess) throw new LoadError(`bad trace file ${path}: ${badProcess}`);
    // (An ITF file's loop is checked above, against its states; the conversion keeps it in range.)
    if (data.loop !== undefined && data.loop >= data.steps.length) {
      throw new LoadError(`bad trace file ${path}: loop must be less than the number of steps, ${data.steps.length}, got ${data.loop} (past the end of the trace)`);
    }
  }
  let trace: Trace;
  try {
    trace = traceOfFile(data);
  } catch (e) {
    throw new LoadError(`bad trace ${path}: ${describeError(e)}`);
  }
  return {
    path,
    format: isItf ? 'itf' : 'trace',
    data,
    trace,
    model: hasModel ? data.model : undefined,
    params: data.params,
    source: data.source !== undefined ? resolve(dirname(resolve(path)), data.source) : undefined,
    labelled,
  };
}

/**
 * Undefined when every process a step names (`process`, `from`, `sent[].to`) is one of the
 * protocol system's processes (`P0` … in the initial state); else one line naming the field.
 * A trace whose state is not a protocol system's is not checked (its steps are drawn by actor).
 */
function processError(f: TraceFile, mapField: (field: string) => string = (x) => x): string | undefined {
  const init = f.initial;
  if (typeof init !== 'object' || init === null || Array.isArray(init)) return undefined;
  let n = 0;
  while (`P${n}` in init) n++;
  if (n === 0) return undefined;
  const check = (field: string, p: number | undefined): string | undefined =>
    p !== undefined && p >= n ? `${mapField(field)} must be less than ${n}, the number of processes (P0 to P${n - 1}), got ${p}` : undefined;
  for (const [i, s] of f.steps.entries()) {
    const bad = check(`steps[${i}].process`, s.process) ?? check(`steps[${i}].from`, s.from) ?? (s.sent ?? []).map((x, j) => check(`steps[${i}].sent[${j}].to`, x.to)).find((x) => x !== undefined);
    if (bad) return bad;
  }
  return undefined;
}

/** Reads, parses and validates a saved trace. */
export function readTrace(path: string): LoadedTrace {
  if (!existsSync(path)) throw new LoadError(`trace file not found: ${path}`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new LoadError(`cannot read ${path}: ${describeError(e)}`);
  }
  return parseTrace(text, path);
}
