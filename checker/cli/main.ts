/**
 * The `interleave` command line: list, check, check-all, trace, replay. Every error is one line
 * naming the problem, with the documented exit code (see ExitCode); never a stack trace.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { formatParams, isDefinition, resolveParams, type ModelDefinition } from '../definition.ts';
import { ExitCode, InterleaveError, LoadError, UsageError, describeError } from '../errors.ts';
import { explore, type ExploreOptions, type Report } from '../explore.ts';
import { EXTENSIONS, defaultFileName, formatOfFile, parseFormat, render, writeAtomically, type Format } from '../format/index.ts';
import { readTrace, type LoadedTrace } from '../format/read.ts';
import type { SvgOptions } from '../format/svg.ts';
import type { ModelRef } from '../format/tracefile.ts';
import { minimise, type MinimiseResult } from '../minimise.ts';
import { COMPILE, type Checkable } from '../model.ts';
import { replay, type ReplayResult } from '../replay.ts';
import { formatTrace, show } from '../trace.ts';

const USAGE = `usage:
  interleave list [--json]
  interleave check <model-name | path/to/model.ts> [--param name=value ...] [--strategy bfs|dfs]
                   [--max-states N] [--max-depth N] [--time-limit SECONDS] [--no-deadlock] [--witnesses] [--json]
                   [--minimise] [--format json|itf|shiviz|mermaid|svg|dot|html] [--out FILE]
                   [--clocks] [--cut STEP | --cut N0,N1,...] [--symmetry] [--por]
  interleave check-all [--json]
  interleave trace <trace-file> [--format json|itf|shiviz|mermaid|svg|dot|html] [--out FILE | --out -]
                   [--clocks] [--cut STEP | --cut N0,N1,...]
  interleave replay <trace-file> [<model-name | path/to/model.ts>] [--json]
  interleave explore <model-name | path/to/model.ts> [--param name=value ...] [--port N] [--host H] [--open]
                   (an interactive explorer in the browser; default http://127.0.0.1:8421/; Ctrl-C stops it)
formats: json (trace file, .trace.json), itf (Apalache ITF, .itf.json), shiviz (ShiViz log), mermaid
  (sequenceDiagram, .mmd), svg (space-time diagram; --clocks, --cut), dot (whole state graph of a
  small model), html (self-contained report). --out defaults to <model><ext> in this directory.
  trace with no --format prints the trace as text. Saved traces (.trace.json or .itf.json) are
  validated first: a bad file is exit 150.
exit codes: 0 pass, 11 deadlock, 12 safety violation, 13 liveness violation, 75 model error,
            150 model or trace file cannot be loaded, 151 bad arguments, 152 limit reached,
            255 internal error
replay exit codes: 12 violation reproduced, 11 deadlock reproduced, 0 witness reproduced,
            20 every step replays but the violation is gone, 21 a step is no longer enabled,
            22 a step now leads to a different state, 23 the initial state differs`;

/** Where the bundled models are registered; loaded by path, so the engine does not import them. */
const REGISTRY = new URL('../../models/index.ts', import.meta.url);

async function bundled(): Promise<readonly ModelDefinition[]> {
  const mod = (await import(REGISTRY.href)) as { models: readonly ModelDefinition[] };
  return mod.models;
}

const useColor = (stream: NodeJS.WriteStream): boolean => Boolean(stream.isTTY) && !('NO_COLOR' in process.env);
const paint = (code: string, text: string): string => (useColor(process.stdout) ? `\x1b[${code}m${text}\x1b[0m` : text);

/** A loaded model: a definition (bundled or from a file) with its parameters, or a bare model. */
interface Loaded {
  readonly def?: ModelDefinition;
  readonly label: string;
  readonly params: Record<string, number>;
  readonly model: Checkable;
  /** For a model loaded from a file: its absolute path. */
  readonly file?: string;
}

function isCheckable(x: unknown): x is Checkable {
  if (typeof x !== 'object' || x === null) return false;
  if (COMPILE in x) return true;
  const m = x as Record<string, unknown>;
  return typeof m.init === 'function' && typeof m.actions === 'function' && typeof m.next === 'function';
}

export async function load(target: string, paramArgs: readonly string[] | Readonly<Record<string, number>>, options: { ignoreParamsOfBare?: boolean } = {}): Promise<Loaded> {
  const looksLikePath = target.includes('/') || target.includes('\\') || /\.[cm]?[jt]s$/.test(target);
  let def: ModelDefinition | undefined;
  let bare: Checkable | undefined;
  let file: string | undefined;
  if (looksLikePath) {
    file = resolve(target);
    if (!existsSync(file)) throw new LoadError(`model file not found: ${target}`);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (e) {
      throw new LoadError(`cannot load ${target}: ${describeError(e)}`);
    }
    if (!('default' in mod) || mod.default === undefined) throw new LoadError(`${target} has no default export (export default a model, an action model, a system or defineModel(...))`);
    if (isDefinition(mod.default)) def = mod.default;
    else if (isCheckable(mod.default)) bare = mod.default;
    else throw new LoadError(`the default export of ${target} is not a model: expected defineModel(...), actionModel(...), system(...) or { init, actions, next }`);
  } else {
    const all = await bundled();
    def = all.find((m) => m.name === target);
    if (!def) throw new LoadError(`unknown model '${target}' (run 'interleave list' to see the bundled models)`);
  }
  const given = Array.isArray(paramArgs) ? paramArgs.length : Object.keys(paramArgs).length;
  if (bare) {
    if (given && !options.ignoreParamsOfBare) throw new UsageError(`${target} exports a bare model, which takes no --param (wrap it in defineModel to give it parameters)`);
    return { label: bare.name ?? target, params: {}, model: bare, file };
  }
  const d = def as ModelDefinition;
  const params = resolveParams(d, paramArgs);
  let model: Checkable;
  try {
    model = d.build(params);
  } catch (e) {
    if (e instanceof InterleaveError) throw e;
    throw new LoadError(`cannot build ${d.name} with ${formatParams(params)}: ${describeError(e)}`);
  }
  return { def: d, label: d.name, params, model, file };
}

function positiveInt(name: string, raw: string | undefined, allowZero = false): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got '${raw}'`);
  const v = Number(raw);
  if (!Number.isSafeInteger(v) || (!allowZero && v === 0)) throw new UsageError(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got '${raw}'`);
  return v;
}

function positiveNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || v <= 0) throw new UsageError(`${name} must be a positive number of seconds, got '${raw}'`);
  return v;
}

function progressReporter(): ExploreOptions['onProgress'] {
  if (!process.stderr.isTTY) return undefined;
  return (p) => {
    process.stderr.write(`\r${p.distinctStates.toLocaleString('en-US')} states, ${p.transitions.toLocaleString('en-US')} transitions, depth ${p.maxDepth}, queue ${p.queued.toLocaleString('en-US')}, ${p.seconds.toFixed(0)} s   `);
  };
}

/** The JSON object `check --json` prints. */
export function reportJson(loaded: Pick<Loaded, 'label' | 'params' | 'def'>, r: Report): Record<string, unknown> {
  return {
    model: loaded.label,
    params: loaded.params,
    verdict: r.verdict,
    exitCode: r.exitCode,
    distinctStates: r.distinctStates,
    transitions: r.transitions,
    maxDepth: r.maxDepth,
    seconds: Number(r.seconds.toFixed(3)),
    statesPerSecond: r.statesPerSecond,
    strategy: r.strategy,
    properties: r.properties.map(({ name, kind, status }) => ({ name, kind, status })),
    ...(r.limit ? { limit: r.limit } : {}),
    ...(r.error ? { error: r.error } : {}),
    ...(r.counterexample ? { counterexample: r.counterexample } : {}),
    witnesses: r.witnesses,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    engineBytes: r.engineBytes,
    stats: r.stats,
    reductions: r.reductions,
  };
}

function printReport(loaded: Loaded, r: Report, showWitnesses = false): void {
  const out: string[] = [];
  const ps = formatParams(loaded.params);
  out.push(`model ${loaded.label}${ps ? ` (${ps})` : ''}${loaded.def ? `, network ${loaded.def.network}` : ''}`);
  const colour = r.verdict === 'pass' ? '32' : r.verdict === 'incomplete' ? '33' : '31';
  let verdictLine = `verdict: ${paint(colour, r.verdict)} (exit ${r.exitCode})`;
  if (r.limit) verdictLine += `: ${r.limit} limit reached`;
  if (r.error) verdictLine += `: ${r.error}`;
  out.push(verdictLine);
  out.push(`${r.distinctStates.toLocaleString('en-US')} distinct states, ${r.transitions.toLocaleString('en-US')} transitions, max depth ${r.maxDepth}, ${r.seconds.toFixed(2)} s, ${r.statesPerSecond.toLocaleString('en-US')} states/s (${r.strategy}${r.reductions.length ? `, reduced by ${r.reductions.join(' and ')}` : ''})`);
  if (r.properties.length) {
    out.push('properties:');
    const w = Math.max(...r.properties.map((p) => p.name.length));
    for (const p of r.properties) out.push(`  ${p.name.padEnd(w)}  ${p.kind.padEnd(9)}  ${p.status}`);
  }
  if (r.counterexample) out.push('', formatTrace(r.counterexample));
  else if (r.verdict === 'violation') {
    const un = r.properties.filter((p) => p.status === 'unwitnessed').map((p) => p.name);
    out.push('', `no reachable state witnesses: ${un.join(', ')}`);
  }
  if (showWitnesses) for (const w of Object.values(r.witnesses)) out.push('', formatTrace(w));
  console.log(out.join('\n'));
}

async function cmdList(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: false });
  const all = await bundled();
  const entries = all.map((m) => ({
    name: m.name,
    family: m.family,
    description: m.description,
    params: Object.fromEntries(Object.entries(m.params).map(([k, p]) => [k, { default: p.default, min: p.min, ...(p.max !== undefined ? { max: p.max } : {}), description: p.description }])),
    network: m.network,
    expect: { verdict: m.expect.verdict, exitCode: expectedCode(m), ...(m.expect.distinctStates !== undefined ? { distinctStates: m.expect.distinctStates } : {}), ...(m.expect.property ? { property: m.expect.property } : {}) },
    ...(m.mutantOf ? { mutantOf: m.mutantOf } : {}),
  }));
  if (values.json) {
    console.log(JSON.stringify(entries, null, 2));
    return 0;
  }
  const w = Math.max(...entries.map((e) => e.name.length));
  for (const e of entries) {
    const ps = Object.entries(e.params).map(([k, p]) => `${k}=${p.default}`).join(' ');
    console.log(`${e.name.padEnd(w)}  ${e.family.padEnd(7)} expect ${e.expect.verdict.padEnd(9)} ${ps.padEnd(18)} ${e.description}`);
  }
  return 0;
}

function expectedCode(m: ModelDefinition): number {
  return { pass: 0, deadlock: 11, violation: 12, incomplete: 152, error: 75 }[m.expect.verdict];
}

/** `--max-states -1` → `--max-states=-1`, so a negative number is reported as a bad value, not a missing one. */
function joinNegativeValues(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('--') && !args[i].includes('=') && i + 1 < args.length && /^-\d/.test(args[i + 1])) {
      out.push(`${args[i]}=${args[i + 1]}`);
      i++;
    } else out.push(args[i]);
  }
  return out;
}

/** `--cut 7` (after step 7) or `--cut 2,1,3` (a frontier: events per process). */
function parseCut(raw: string | undefined): number | number[] | undefined {
  if (raw === undefined) return undefined;
  if (/^\d+$/.test(raw.trim())) return Number(raw);
  if (/^\d+(,\d+)+$/.test(raw.trim())) return raw.split(',').map(Number);
  throw new UsageError(`--cut must be a step number or a list of event counts per process (2,1,3), got '${raw}'`);
}

/** The output format and file chosen by --format / --out (the format inferred from --out when not given). */
function outputChoice(values: { format?: string; out?: string; clocks?: boolean; cut?: string }, allowStdout: boolean): { format: Format; out?: string; svg: SvgOptions } | undefined {
  let format: Format | undefined;
  if (values.format !== undefined) format = parseFormat(values.format);
  else if (values.out !== undefined && values.out !== '-') {
    format = formatOfFile(values.out);
    if (!format) throw new UsageError(`cannot tell the format of --out ${values.out} from its name; add --format`);
  }
  if (values.out === '-' && !allowStdout) throw new UsageError(`--out - (standard output) is for 'interleave trace'; check prints its report there`);
  if (values.out === '' ) throw new UsageError('--out needs a file name');
  const svg: SvgOptions = { clocks: values.clocks ?? false, cut: parseCut(values.cut) };
  if ((values.clocks || values.cut !== undefined) && format !== 'svg') throw new UsageError(`--clocks and --cut apply to --format svg${format ? `, not ${format}` : ''}`);
  if (!format) {
    if (values.out === '-') throw new UsageError('--out - needs --format');
    return undefined;
  }
  return { format, out: values.out, svg };
}

/** Renders then writes atomically (or prints, for --out -); returns the file written. */
function emit(format: Format, out: string | undefined, fallbackName: string, text: string): string {
  if (out === '-') {
    process.stdout.write(text);
    return '-';
  }
  const file = out ?? fallbackName;
  try {
    writeAtomically(file, text);
  } catch (e) {
    throw new UsageError(`cannot write ${file}: ${describeError(e)}`);
  }
  return file;
}

/** `file` relative to the directory `outFile` is written in (the current directory for stdout), with forward slashes. */
function relativeTo(outFile: string | undefined, file: string): string {
  const dir = outFile && outFile !== '-' ? dirname(resolve(outFile)) : process.cwd();
  return relative(dir, file).split('\\').join('/');
}

/** The model reference a saved trace carries; `source` is relative to the directory of `outFile`. */
function modelRef(loaded: Loaded, outFile: string | undefined): ModelRef {
  const source = loaded.file ? relativeTo(outFile, loaded.file) : undefined;
  return { model: loaded.label, params: loaded.params, ...(source !== undefined ? { source } : {}) };
}

async function cmdCheck(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: joinNegativeValues(args),
    allowPositionals: true,
    options: {
      param: { type: 'string', multiple: true, short: 'p' },
      strategy: { type: 'string' },
      'max-states': { type: 'string' },
      'max-depth': { type: 'string' },
      'time-limit': { type: 'string' },
      'no-deadlock': { type: 'boolean' },
      witnesses: { type: 'boolean' },
      json: { type: 'boolean' },
      minimise: { type: 'boolean' },
      format: { type: 'string' },
      out: { type: 'string' },
      clocks: { type: 'boolean' },
      cut: { type: 'string' },
      // Reductions (checker/reduce/): states stored by orbit, ample sets of steps.
      symmetry: { type: 'boolean' },
      por: { type: 'boolean' },
    },
  });
  if (positionals.length === 0) throw new UsageError('check needs a model name or a path to a model file');
  if (positionals.length > 1) throw new UsageError(`check takes one model, got ${positionals.length}: ${positionals.join(' ')}`);
  const strategy = values.strategy ?? 'bfs';
  if (strategy !== 'bfs' && strategy !== 'dfs') throw new UsageError(`--strategy must be bfs or dfs, got '${strategy}'`);
  const options: ExploreOptions = {
    strategy,
    maxStates: positiveInt('--max-states', values['max-states']),
    maxDepth: positiveInt('--max-depth', values['max-depth'], true),
    timeLimit: positiveNumber('--time-limit', values['time-limit']),
    checkDeadlock: values['no-deadlock'] ? false : undefined,
    onProgress: values.json ? undefined : progressReporter(),
    symmetry: values.symmetry ?? false,
    por: values.por ?? false,
  };
  const output = outputChoice(values, false);
  const loaded = await load(positionals[0], values.param ?? []);
  let report = explore(loaded.model, options);
  if (options.onProgress && report.seconds >= 1) process.stderr.write('\r\x1b[K');
  let minimised: MinimiseResult | undefined;
  if (values.minimise && report.counterexample) {
    minimised = minimise(loaded.model, report.counterexample);
    report = { ...report, counterexample: minimised.trace };
  }
  // Render before printing anything, so that a refusal (dot above its limit) is a one-line error.
  let written: string | undefined;
  let nothingToWrite = false;
  if (output) {
    const ref = modelRef(loaded, output.out ?? defaultFileName({ model: loaded.label, params: loaded.params }, output.format));
    if (output.format !== 'dot' && !report.counterexample) nothingToWrite = true;
    else {
      const text = render(output.format, { trace: report.counterexample, ref, model: () => loaded.model, svg: output.svg });
      written = emit(output.format, output.out, defaultFileName(ref, output.format), text);
    }
  }
  if (values.json) {
    const j = reportJson(loaded, report);
    if (minimised) j.minimised = { stepsBefore: minimised.stepsBefore, stepsAfter: minimised.stepsAfter, switchesBefore: minimised.switchesBefore, switchesAfter: minimised.switchesAfter, runs: minimised.runs };
    if (output) j.output = written ?? null;
    console.log(JSON.stringify(j, null, 2));
  } else {
    printReport(loaded, report, values.witnesses ?? false);
    if (minimised) console.log(`minimised: ${minimised.stepsBefore} → ${minimised.stepsAfter} steps, ${minimised.switchesBefore} → ${minimised.switchesAfter} switches between processes (${minimised.runs} candidate runs)`);
    if (written) console.log(`wrote ${written}`);
    if (nothingToWrite) console.log(`no counterexample (verdict ${report.verdict}): no ${output?.format} file written`);
  }
  return report.exitCode;
}

/** Loads the model a saved trace names (or `override`), with the trace's parameters. */
async function loadForTrace(t: LoadedTrace, override: string | undefined): Promise<Loaded> {
  const target = override ?? t.source ?? t.model;
  if (target === undefined) throw new UsageError(`${t.path} does not name its model: give one (interleave replay ${t.path} <model>)`);
  if (!override && t.source && !existsSync(t.source)) throw new LoadError(`the model file of ${t.path} is not found: ${t.source}`);
  return load(target, t.params, { ignoreParamsOfBare: true });
}

/** `x.trace.json` → `x`. */
function stem(file: string): string {
  const b = basename(file);
  for (const ext of [...Object.values(EXTENSIONS), '.json']) if (b.toLowerCase().endsWith(ext)) return b.slice(0, -ext.length) || b;
  return b;
}

async function cmdTrace(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, out: { type: 'string' }, clocks: { type: 'boolean' }, cut: { type: 'string' } },
  });
  if (positionals.length === 0) throw new UsageError('trace needs a trace file (.trace.json or .itf.json)');
  if (positionals.length > 1) throw new UsageError(`trace takes one trace file, got ${positionals.length}: ${positionals.join(' ')}`);
  const output = outputChoice(values, true);
  const t = readTrace(positionals[0]);
  if (!output) {
    console.log(formatTrace(t.trace));
    return 0;
  }
  const ref: ModelRef = { model: t.data.model, params: t.params, ...(t.source ? { source: relativeTo(output.out ?? stem(positionals[0]) + EXTENSIONS[output.format], t.source) } : {}) };
  const model = output.format === 'dot' ? (await loadForTrace(t, undefined)).model : undefined;
  const text = render(output.format, { trace: t.trace, ref, model: model ? () => model : undefined, svg: output.svg });
  const written = emit(output.format, output.out, stem(positionals[0]) + EXTENSIONS[output.format], text);
  if (written !== '-') console.log(`wrote ${written}`);
  return 0;
}

async function cmdReplay(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (positionals.length === 0) throw new UsageError('replay needs a trace file (.trace.json or .itf.json)');
  if (positionals.length > 2) throw new UsageError(`replay takes a trace file and at most one model, got ${positionals.length}: ${positionals.join(' ')}`);
  const t = readTrace(positionals[0]);
  const loaded = await loadForTrace(t, positionals[1]);
  const r = replay(loaded.model, t.trace, { labelled: t.labelled });
  if (values.json) {
    console.log(JSON.stringify(replayJson(t, loaded, r), null, 2));
    return r.exitCode;
  }
  const ps = formatParams(loaded.params);
  const out = [`replay ${t.path}: ${t.trace.steps.length} steps against model ${loaded.label}${ps ? ` (${ps})` : ''}`, `${r.status}: ${r.message} (exit ${r.exitCode})`];
  if (r.differences && r.differences.length > 4) for (const d of r.differences) out.push(`  ${d.path}: trace has ${show(d.before)}, model gives ${show(d.after)}`);
  console.log(out.join('\n'));
  return r.exitCode;
}

/** The JSON object `replay --json` prints. */
function replayJson(t: LoadedTrace, loaded: Loaded, r: ReplayResult): Record<string, unknown> {
  return {
    trace: t.path,
    format: t.format,
    model: loaded.label,
    params: loaded.params,
    steps: t.trace.steps.length,
    status: r.status,
    exitCode: r.exitCode,
    message: r.message,
    replayed: r.replayed,
    ...(r.step !== undefined ? { step: r.step } : {}),
    ...(r.reproducedAt !== undefined ? { reproducedAt: r.reproducedAt } : {}),
    ...(r.differences ? { differences: r.differences.map((d) => ({ path: d.path, trace: d.before, model: d.after })) } : {}),
    ...(r.enabled ? { enabled: r.enabled } : {}),
    relabelled: r.relabelled,
  };
}

/** Checks every bundled model at its defaults against its expectation; the verdict table. */
async function cmdCheckAll(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const rows: { model: string; expected: string; verdict: string; states: number; seconds: number; ok: boolean; why: string }[] = [];
  for (const def of await bundled()) {
    const loaded = await load(def.name, []);
    const r = explore(loaded.model);
    const problems: string[] = [];
    const e = def.expect;
    if (r.verdict !== e.verdict) problems.push(`verdict ${r.verdict}, expected ${e.verdict}${r.error ? ` (${r.error})` : ''}`);
    if (e.distinctStates !== undefined && r.distinctStates !== e.distinctStates) problems.push(`${r.distinctStates} states, expected ${e.distinctStates}`);
    if (e.property !== undefined && r.counterexample?.property?.name !== e.property && !r.properties.some((p) => p.name === e.property && p.status === 'unwitnessed')) {
      problems.push(`fails ${r.counterexample?.property?.name ?? 'no property'}, expected ${e.property}`);
    }
    if (e.traceLength !== undefined && r.counterexample?.steps.length !== e.traceLength) problems.push(`counterexample of ${r.counterexample?.steps.length ?? 0} steps, expected ${e.traceLength}`);
    rows.push({ model: def.name, expected: e.verdict + (e.property ? ` (${e.property})` : ''), verdict: r.verdict, states: r.distinctStates, seconds: r.seconds, ok: problems.length === 0, why: problems.join('; ') });
  }
  if (values.json) console.log(JSON.stringify(rows, null, 2));
  else {
    const head = ['model', 'expected', 'verdict', 'states', 'seconds', 'ok'];
    const body = rows.map((r) => [r.model, r.expected, r.verdict, r.states.toLocaleString('en-US'), r.seconds.toFixed(2), r.ok ? 'ok' : `MISMATCH: ${r.why}`]);
    const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 3 || i === 4 ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ').trimEnd();
    console.log(line(head));
    for (const b of body) console.log(b[5] === 'ok' ? line(b) : paint('31', line(b)));
    const bad = rows.filter((r) => !r.ok).length;
    console.log(bad ? `${bad} of ${rows.length} models differ from their expectation` : `all ${rows.length} models as expected`);
  }
  return rows.every((r) => r.ok) ? 0 : 1;
}

// ---- explore: the interactive explorer in the browser (checker/interactive/) ----------------------

/** `interleave explore`: serves the explorer until Ctrl-C (SIGINT) or SIGTERM; exit 0 then. */
async function cmdExplore(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: joinNegativeValues(args),
    allowPositionals: true,
    options: { param: { type: 'string', multiple: true, short: 'p' }, port: { type: 'string' }, host: { type: 'string' }, open: { type: 'boolean' } },
  });
  if (positionals.length === 0) throw new UsageError('explore needs a model name or a path to a model file');
  if (positionals.length > 1) throw new UsageError(`explore takes one model, got ${positionals.length}: ${positionals.join(' ')}`);
  const port = values.port === undefined ? 8421 : (positiveInt('--port', values.port, true) as number);
  if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
  const host = values.host ?? '127.0.0.1';
  if (host.trim() === '' || /[\s/]/.test(host)) throw new UsageError(`--host must be a host name or address, got '${host}'`);
  const loaded = await load(positionals[0], values.param ?? []);
  const { startExplorer } = await import('../interactive/server.ts');
  const source = { target: loaded.file ?? loaded.label, params: loaded.params };
  const explorer = await startExplorer({ model: loaded.model, label: loaded.label, params: loaded.params, source, host, port });
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) console.error(`interleave: warning: listening on ${host}: anyone who can reach this address can use the explorer and make this machine search (there is no login)`);
  console.log(`interleave explore: ${loaded.label} at ${explorer.url} (Ctrl-C to stop)`);
  if (values.open) openBrowser(explorer.url);
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void explorer.close().then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  console.log('interleave explore: stopped');
  return 0;
}

/** Opens a URL in the desktop's browser; a warning if there is none. */
function openBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  void import('node:child_process').then(({ spawn }) => {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => console.error(`interleave: warning: could not start ${command} to open the browser; open ${url} yourself`));
    child.unref();
  });
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'list':
        return await cmdList(rest);
      case 'check':
        return await cmdCheck(rest);
      case 'check-all':
        return await cmdCheckAll(rest);
      case 'trace':
        return await cmdTrace(rest);
      case 'replay':
        return await cmdReplay(rest);
      case 'explore':
        return await cmdExplore(rest);
      case undefined:
        throw new UsageError(`no command given (commands: list, check, check-all, trace, replay, explore; see 'interleave --help')`);
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return 0;
      default:
        throw new UsageError(`unknown command '${cmd}' (commands: list, check, check-all, trace, replay, explore)`);
    }
  } catch (e) {
    if (e instanceof InterleaveError) {
      console.error(`interleave: ${e.message}`);
      return e.exitCode;
    }
    const code = (e as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      const msg = describeError(e);
      const unknown = /Unknown option '([^']+)'/.exec(msg);
      const missing = /Option '([^']+)' argument missing/.exec(msg);
      const text = unknown ? `unknown option '${unknown[1]}' (see 'interleave --help')` : missing ? `option '${missing[1]}' needs a value` : msg.replace(/\.\s.*$/, '.');
      console.error(`interleave: ${text}`);
      return ExitCode.badArguments;
    }
    console.error(`interleave: internal error: ${describeError(e)}`);
    return ExitCode.internal;
  }
}
