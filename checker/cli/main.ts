/**
 * The `interleave` command line: list, check, check-all, trace, replay. Every error is one line
 * naming the problem, with the documented exit code (see ExitCode); never a stack trace.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseOptions } from './args.ts';
import { expectationProblems, formatParams, definitionProblem, isDefinition, resolveParams, ruledOutAt, type ModelDefinition } from '../definition.ts';
import { describeValue } from '../values.ts';
import { ExitCode, InterleaveError, LoadError, UsageError, describeError } from '../errors.ts';
import { explore, type ExploreOptions, type Progress, type Report } from '../explore.ts';
import type { SymmetryMode } from '../reduce/symmetry.ts';
import { parseFairnessMode } from '../liveness.ts';
import { EXTENSIONS, defaultFileName, formatOfFile, parseFormat, render, writeAtomically, type Format } from '../format/index.ts';
import { readTrace, type LoadedTrace } from '../format/read.ts';
import type { SvgOptions } from '../format/svg.ts';
import type { ModelRef } from '../format/tracefile.ts';
import { minimise, type MinimiseResult } from '../minimise.ts';
import { withProperties, withoutWitnesses, type RuledOut, type Selected } from '../select.ts';
import { compile } from '../compile.ts';
import { COMPILE, isLiveness, type Checkable } from '../model.ts';
import { replay, type ReplayResult } from '../replay.ts';
import { formatTrace, show } from '../trace.ts';
import { guarded, signalName, supervised, tellParent } from './guard.ts';
import { availableParallelism } from 'node:os';
import { DEFAULT_SPAWN_AT, exploreParallel } from '../parallel/search.ts';
import { MAX_WORKERS } from '../parallel/shared.ts';
import { compileShared, unshared, type Prepared } from '../parallel/prepare.ts';
import { closePools, prewarm } from '../parallel/pool.ts';
import { importModule } from '../parallel/modules.ts';
import { SIMULATION_DEFAULTS, simulate, simulationLine, type SimulationFigures, type SimulationReport } from '../simulate.ts';
import { SHARD_DEFAULTS, runShard, shardLine, type ShardFigures, type ShardReport } from '../swarm/shard.ts';
import { MAX_SEED } from '../random.ts';
import { launchLocal } from '../swarm/launch.ts';
import { MAX_SHARDS, mergeShards, mergedJson, mergedText, readShardResults, resultFilesIn, shardIndex, traceFileName, writeShardResult, type ShardResult } from '../swarm/results.ts';
import { DEFAULT_CALL_TIMEOUT, MEMORY_ADVICE, defaultMaxMemory, formatBytes, parseSize, stoppedReport } from './limits.ts';

const USAGE = `usage:
  interleave list [--json]
  interleave check <model-name | path/to/model.ts> [--param name=value ...] [--strategy bfs|dfs]
                   [--max-states N] [--max-depth N] [--time-limit SECONDS] [--no-deadlock] [--witnesses] [--json]
                   [--call-timeout SECONDS (default ${DEFAULT_CALL_TIMEOUT})] [--max-memory SIZE (512M, 2G; default 80% of memory)]
                   [--minimise] [--format json|itf|shiviz|mermaid|svg|dot|html] [--out FILE] [--witness NAME]
                   [--clocks] [--cut STEP | --cut N0,N1,...] [--fairness declared|none|weak|strong] [--symmetry [exact|sort]] [--por]
                   [--workers N (parallel BFS threads; default: the number of cores)]
                   [--property NAME ... (check only these properties, as TLC's INVARIANT/PROPERTY; repeatable)]
  interleave check <model> --strategy random [--depth D (default ${SIMULATION_DEFAULTS.depth})] [--runs R (default ${SIMULATION_DEFAULTS.runs})] [--seed S (default: fresh, printed)]
                   [--time-limit SECONDS] [--no-deadlock] [--minimise] [--json] [--format F] [--out FILE]
                   (random simulation: no violation found is exit 0, as TLC's -simulate)
  interleave check <model> --swarm K [--shard i] --out-dir DIR [--seed S (default 1)] [--max-depth D (default ${SHARD_DEFAULTS.maxDepth})]
                   [--bitstate SIZE (default 16M)] [--time-limit SECONDS] [--no-deadlock] [--json]
                   (one shard of a swarm; the index is --shard, else JOB_COMPLETION_INDEX, else SLURM_ARRAY_TASK_ID)
  interleave swarm --local K <model> [--param name=value ...] --out DIR [shard options as above] [--property NAME ...] [--json]
  interleave swarm-report DIR [--json]
  interleave check-all [--json]
  interleave trace <trace-file> [<model> (for dot)] [--format json|itf|shiviz|mermaid|svg|dot|html] [--out FILE | --out -]
                   [--clocks] [--cut STEP | --cut N0,N1,...]
  interleave replay <trace-file> [<model-name | path/to/model.ts>] [--param name=value ...] [--json]
  interleave explore <model-name | path/to/model.ts> [--param name=value ...] [--port N] [--host H] [--open] [--call-timeout SECONDS]
                   (an interactive explorer in the browser; default http://127.0.0.1:8421/; Ctrl-C stops it)
  interleave --version
an option given twice is exit 151. Ctrl-C or SIGTERM print the partial report (exit 130 / 143).
formats: json (trace file, .trace.json), itf (Apalache ITF, .itf.json), shiviz (ShiViz log), mermaid
  (sequenceDiagram, .mmd), svg (space-time diagram; --clocks, --cut), dot (whole state graph of a
  small model), html (self-contained report). --out defaults to <model><ext> in this directory.
  trace with no --format prints the trace as text. Saved traces (.trace.json or .itf.json) are
  validated first: a bad file is exit 150.
exit codes: 0 pass (or, for --strategy random, --swarm, swarm and swarm-report: no violation found), 11 deadlock, 12 safety violation, 13 liveness violation, 75 model error
            (including a call past --call-timeout), 129/130/143 stopped by SIGHUP/SIGINT/SIGTERM,
            150 model or trace file cannot be loaded, 151 bad arguments, 152 limit reached
            (states, depth, time, memory), 255 internal error
replay exit codes: 12 violation reproduced, 11 deadlock reproduced, 0 witness reproduced,
            20 every step replays but the violation is gone, 21 a step is no longer enabled,
            22 a step now leads to a different state, 23 the initial state differs`;

/** Where the bundled models are registered; loaded by path, so the engine does not import them. */
const REGISTRY = new URL('../../models/index.ts', import.meta.url);
/** The bundled models' pinned facts (read as JSON, before the registry is loaded). */
const MANIFEST = new URL('../../models/manifest.json', import.meta.url);

/**
 * Whether models/manifest.json pins fewer distinct states than a parallel search finds before it
 * starts its threads (DEFAULT_SPAWN_AT) for this bundled instance: at its defaults (no --param), or
 * at a pinned instance given with exactly its parameters. Such a search never starts a thread, so
 * none is started early either: an early thread cost a small check about 0.2 s of CPU and 0.15 s
 * (central-server, 1,238 states: 0.52 s against 0.73 s on 2026-12-02). Unknown, or anything else: false.
 */
export function pinnedBelowSpawn(name: string, params: readonly string[]): boolean {
  try {
    const entry = (JSON.parse(readFileSync(MANIFEST, 'utf8')) as { models?: Record<string, { expect?: { distinctStates?: unknown }; pinned?: { params: Record<string, unknown>; distinctStates?: unknown; reductions?: unknown }[] }> }).models?.[name];
    let states: unknown;
    if (params.length === 0) states = entry?.expect?.distinctStates;
    else {
      const given = new Map(params.map((p) => [p.slice(0, p.indexOf('=')).trim(), p.slice(p.indexOf('=') + 1).trim()]));
      const same = (pin: Record<string, unknown>) => Object.keys(pin).length === given.size && Object.entries(pin).every(([k, v]) => given.get(k) === String(v));
      states = entry?.pinned?.find((pin) => pin.reductions === undefined && same(pin.params))?.distinctStates;
    }
    return typeof states === 'number' && states < DEFAULT_SPAWN_AT;
  } catch {
    return false;
  }
}

async function bundled(): Promise<readonly ModelDefinition[]> {
  const mod = (await importModule(REGISTRY.href)) as { models: readonly ModelDefinition[] };
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
  /** The properties checked, when --property named some (the model then checks those only). */
  readonly properties?: readonly string[];
  /** The witnesses its definition rules out at these parameters, left out (none when --property names the properties). */
  readonly ruledOut?: readonly RuledOut[];
}

/**
 * Why a model file failed to load, with where: the compiler's first error at file:line:column
 * (tsx/esbuild put it on the second line of their message), or for an exception thrown while the
 * file ran, the first place in a file of the user's (not the engine's or node_modules') it came from.
 */
function describeLoadError(e: unknown, target: string): string {
  const message = (e instanceof Error ? e.message : String(e)).replace(/\x1b\[[0-9;]*m/g, '');
  if (/^Transform failed/.test(message)) {
    // esbuild (tsx): `file:3:29: ERROR: Expected "]" but found "2"`; oxc (vitest): `[PARSE_ERROR] Expected …` then `[ file:3:30 ]`.
    const esbuild = /^(.+?):(\d+):(\d+): ERROR: (.*)$/m.exec(message);
    if (esbuild) return `syntax error at ${relativeName(esbuild[1])}:${esbuild[2]}:${esbuild[3]}: ${esbuild[4]}`;
    const what = /\[[A-Z_]+\]\s*(.*)$/m.exec(message);
    const where = /([^\s[\]]+):(\d+):(\d+)/.exec(message);
    if (what && where) return `syntax error at ${relativeName(where[1])}:${where[2]}:${where[3]}: ${what[1]}`;
  }
  const stack = e instanceof Error ? (e.stack ?? '') : '';
  const engine = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
  // (A path begins a frame's place: after "at " or "(", so that node:internal/… is not read as /….)
  for (const m of stack.matchAll(/(?:^|[\s(])(?:file:\/\/)?(\/[^\s()]+?):(\d+):(\d+)\)?$/gm)) {
    const file = m[1];
    if (file.includes('/node_modules/') || file.startsWith(`${engine}/checker/`) || file.startsWith('node:')) continue;
    return `${describeError(e)} (at ${relativeName(file)}:${m[2]}:${m[3]})`;
  }
  void target;
  return describeError(e);
}

/** The name nearest to `x` by edit distance, if near enough to be a slip (at most a quarter of its letters, and 3). */
function closest(x: string, names: readonly string[]): string | undefined {
  const distance = (a: string, b: string): number => {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      row = next;
    }
    return row[b.length];
  };
  let best: string | undefined;
  let bestD = Math.min(3, Math.floor(x.length / 4));
  for (const n of names) {
    const d = distance(x.toLowerCase(), n);
    if (d <= bestD && (best === undefined || d < bestD)) [best, bestD] = [n, d];
  }
  return best;
}

/** Why a model file cannot be used without a default export, naming the models it does export (if it exports any). */
function noDefaultExport(target: string, mod: Record<string, unknown>): string {
  const named = Object.keys(mod).filter((k) => k !== 'default');
  const models = named.filter((k) => isDefinition(mod[k]) || isCheckable(mod[k]));
  const list = (xs: string[]) => (xs.length > 8 ? `${xs.slice(0, 8).join(', ')} …` : xs.join(', '));
  if (models.length === 1) return `${target} has no default export, but exports the model ${models[0]}: add \`export default ${models[0]}\``;
  if (models.length > 1) return `${target} has no default export; it exports the models ${list(models)}: export one of them as default`;
  const exports = named.length > 0 ? `; it exports ${list(named)}, none of them a model` : '';
  return `${target} has no default export (export default a model, an action model, a system or defineModel(...))${exports}`;
}

/** A path as the user would write it: relative to the current directory when inside it. */
function relativeName(file: string): string {
  const r = relative(process.cwd(), file);
  return r && !r.startsWith('..') ? r : file;
}

function isCheckable(x: unknown): x is Checkable {
  if (typeof x !== 'object' || x === null) return false;
  if (COMPILE in x) return true;
  const m = x as Record<string, unknown>;
  return typeof m.init === 'function' && typeof m.actions === 'function' && typeof m.next === 'function';
}

/**
 * The model `target` at these parameters: with only the properties `properties` names, if any;
 * else without the witnesses its definition rules out there, unless `allWitnesses` (replay and
 * trace, which read a trace whatever property it shows).
 */
export async function load(target: string, paramArgs: readonly string[] | Readonly<Record<string, number>>, options: { ignoreParamsOfBare?: boolean; properties?: readonly string[]; allWitnesses?: boolean } = {}): Promise<Loaded> {
  const loaded = await loadAll(target, paramArgs, options);
  const names = options.properties;
  if (names === undefined || names.length === 0) {
    const ruledOut = loaded.def && !options.allWitnesses ? ruledOutAt(loaded.def, loaded.params) : [];
    return ruledOut.length === 0 ? loaded : { ...loaded, model: withoutWitnesses(loaded.model, ruledOut), ruledOut };
  }
  return { ...loaded, model: withProperties(loaded.model, names), properties: [...new Set(names)] };
}

async function loadAll(target: string, paramArgs: readonly string[] | Readonly<Record<string, number>>, options: { ignoreParamsOfBare?: boolean }): Promise<Loaded> {
  const looksLikePath = target.includes('/') || target.includes('\\') || /\.[cm]?[jt]s$/.test(target);
  let def: ModelDefinition | undefined;
  let bare: Checkable | undefined;
  let file: string | undefined;
  if (looksLikePath) {
    file = resolve(target);
    if (!existsSync(file)) throw new LoadError(`model file not found: ${target}`);
    if (statSync(file).isDirectory()) throw new LoadError(`${target} is a directory, not a model file`);
    let mod: Record<string, unknown>;
    try {
      mod = (await importModule(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (e) {
      throw new LoadError(loadHint(target, file, e) ?? `cannot load ${target}: ${describeLoadError(e, target)}`);
    }
    if (!('default' in mod) || mod.default === undefined) throw new LoadError(noDefaultExport(target, mod));
    if (isDefinition(mod.default)) {
      def = mod.default;
      const problem = definitionProblem(def);
      if (problem !== undefined) throw new LoadError(`the default export of ${target} is not a valid defineModel(...): ${problem}`);
    } else if (isCheckable(mod.default)) bare = mod.default;
    else throw new LoadError(`the default export of ${target} is not a model: expected defineModel(...), actionModel(...), system(...) or { init, actions, next }`);
  } else {
    const all = await bundled();
    def = all.find((m) => m.name === target);
    if (!def) {
      const near = closest(target, all.map((m) => m.name));
      throw new LoadError(`unknown model '${target}' (${near ? `did you mean ${near}? ` : ''}run 'interleave list' to see the bundled models)`);
    }
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
  if (!isCheckable(model)) throw new LoadError(`${d.name}.build(${formatParams(params)}) returned ${describeValue(model)}, not a model (an action model, a system or { init, actions, next })`);
  return { def: d, label: d.name, params, model, file };
}

/** What a user can do about a model file that fails to load, where the cause is known. */
function loadHint(target: string, file: string, e: unknown): string | undefined {
  const text = describeError(e);
  if (/require\(\) ES Module|Cannot use import statement outside a module|ERR_REQUIRE_ESM|Unexpected token 'export'/.test(text)) {
    let dir = dirname(file);
    while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
    const pkg = join(dir, 'package.json');
    const where = existsSync(pkg) ? `the nearest package.json (${pkg}) has no "type": "module"` : 'no package.json above it says "type": "module"';
    return `model file ${target} is ESM but ${where}; add it or name the file ${/\.[cm]?jsx?$/.test(file) ? '.mjs' : '.mts'}`;
  }
  if (/Cannot find (package|module) 'interleave'/.test(text)) return `${target} imports 'interleave', which is not installed where it can find it: npm install interleave (a path or tarball), then npx interleave check ${target}`;
  return undefined;
}

/** The names given to --property (none: every property is checked). */
function propertyNames(raw: readonly string[] | undefined): readonly string[] | undefined {
  if (raw === undefined || raw.length === 0) return undefined;
  for (const n of raw) if (n.trim() === '') throw new UsageError('--property needs the name of one of the model\'s properties');
  return raw;
}

/** The properties --property left out, once the model has been compiled (undefined when it named none). */
function notChecked(loaded: Partial<Pick<Loaded, 'model' | 'properties'>>): readonly string[] | undefined {
  return loaded.properties && loaded.model ? ((loaded.model as Partial<Selected>).skipped?.() ?? undefined) : undefined;
}

function positiveInt(name: string, raw: string | undefined, allowZero = false): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got '${raw}'`);
  const v = Number(raw);
  if (!Number.isSafeInteger(v) || (!allowZero && v === 0)) throw new UsageError(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got '${raw}'`);
  return v;
}

/** --workers N: 1 … MAX_WORKERS. */
function workersArg(raw: string | undefined): number | undefined {
  const n = positiveInt('--workers', raw);
  if (n !== undefined && n > MAX_WORKERS) throw new UsageError(`--workers must be at most ${MAX_WORKERS}, got '${raw}'`);
  return n;
}

/** Seconds: a positive number, at most MAX_SECONDS (a timer's range: 2^32 - 1 ms, about 49 days). */
const MAX_SECONDS = 4_000_000;

function positiveNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || v <= 0) throw new UsageError(`${name} must be a positive number of seconds, got '${raw}'`);
  if (v > MAX_SECONDS) throw new UsageError(`${name} must be at most ${MAX_SECONDS.toLocaleString('en-US')} seconds (46 days), got '${raw}'`);
  return v;
}

function progressReporter(): ExploreOptions['onProgress'] {
  if (!process.stderr.isTTY) return undefined;
  return (p) => {
    process.stderr.write(`\r${p.distinctStates.toLocaleString('en-US')} states, ${p.transitions.toLocaleString('en-US')} transitions, depth ${p.maxDepth}, queue ${p.queued.toLocaleString('en-US')}, ${p.seconds.toFixed(0)} s   `);
  };
}

/** Progress also goes to the parent process (bin.mjs), for the partial report it prints if this process dies. */
function withParent(onProgress: ExploreOptions['onProgress']): ExploreOptions['onProgress'] {
  if (!supervised()) return onProgress;
  return (p) => {
    tellParent({ type: 'progress', ...p, peakRssBytes: peakRss() });
    onProgress?.(p);
  };
}

const peakRss = (): number => process.resourceUsage().maxRSS * 1024;

/**
 * Runs the search so that a time limit, a signal or a model call past its budget stops it even
 * inside the model's code; a stopped search gives its partial report.
 */
function search(loaded: Loaded, options: ExploreOptions, callTimeout: number, mode?: SamplingMode, workers = 1, prepared?: Prepared): { report: Report } | { stopped: () => Promise<StoppedReport> } {
  let progress: (() => Progress) | undefined;
  const timeLimitMs = options.timeLimit !== undefined ? options.timeLimit * 1000 + 1000 : undefined; // the search's own check comes first
  const observed: ExploreOptions = { ...options, observe: (p) => (progress = p) };
  // --workers N > 1: the parallel search (checker/parallel/); each worker loads the model itself, as here.
  const source = { module: import.meta.url, export: 'load', args: [loaded.file ?? loaded.label, loaded.params, ...(loaded.properties ? [{ properties: loaded.properties }] : [])], pick: 'model' };
  const run = guarded(() => (mode ? mode.run(loaded.model, observed) : workers > 1 ? exploreParallel(loaded.model, { ...observed, workers, source, prepared, callTimeoutMs: callTimeout * 1000 }) : explore(prepared ? unshared(prepared) : loaded.model, observed)), { timeLimitMs, callTimeoutMs: callTimeout * 1000 });
  closePools(); // a parallel search stopped from outside leaves its threads
  if ('value' in run) return { report: run.value };
  const counts = progress?.();
  return {
    stopped: async () => ({
      ...stoppedReport(loaded.label, mode?.strategy ?? options.strategy ?? 'bfs', counts, run.stop, run.running, run.stop.reason === 'signal' ? await signalName() : ''),
      ...(!mode && workers > 1 ? { workers } : {}),
    }),
  };
}
type StoppedReport = Report & { running?: string; signal?: string };

/** The verdict line's reason for an incomplete search. */
function limitText(r: StoppedReport, options: ExploreOptions | undefined): string {
  switch (r.limit) {
    case 'memory':
      return `memory limit reached (${options?.maxMemory !== undefined ? `--max-memory ${formatBytes(options.maxMemory)}` : "V8's heap"})`;
    case 'signal':
      return `stopped by ${r.signal ?? 'a signal'}`;
    case 'runs':
      return 'every run done, no violation found';
    default:
      return `${r.limit} limit reached`;
  }
}

/** The JSON object `check --json` prints. */
export function reportJson(loaded: Pick<Loaded, 'label' | 'params' | 'def'> & Partial<Pick<Loaded, 'model' | 'properties' | 'ruledOut'>>, r: StoppedReport, options?: ExploreOptions): Record<string, unknown> {
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
    ...(notChecked(loaded) !== undefined ? { notChecked: notChecked(loaded) } : {}),
    ...(loaded.ruledOut ? { ruledOut: loaded.ruledOut.map(({ name, reason }) => ({ name, reason })) } : {}),
    ...(r.fairness ? { fairness: r.fairness } : {}),
    ...(r.limit ? { limit: r.limit } : {}),
    ...(r.signal ? { signal: r.signal } : {}),
    ...(r.limit === 'memory' ? { maxMemoryBytes: options?.maxMemory ?? null, advice: MEMORY_ADVICE } : {}),
    ...(r.running ? { running: r.running } : {}),
    ...(r.error ? { error: r.error } : {}),
    ...((r.counterexample?.reason ?? r.reason) !== undefined ? { reason: r.counterexample?.reason ?? r.reason } : {}),
    ...(r.counterexample ? { counterexample: r.counterexample } : {}),
    witnesses: r.witnesses,
    peakRssBytes: peakRss(),
    engineBytes: r.engineBytes,
    stats: r.stats,
    ...(r.summary ? { summary: r.summary } : {}),
    reductions: r.reductions,
    ...(r.notApplied ? { notApplied: r.notApplied } : {}),
    workers: r.workers ?? 1,
    ...('simulation' in r ? { simulation: (r as SimulationReport).simulation } : {}),
    ...('swarm' in r ? { swarm: (r as ShardReport).swarm } : {}),
  };
}

function printReport(loaded: Loaded, r: StoppedReport, showWitnesses = false, options?: ExploreOptions): void {
  const out: string[] = [];
  const ps = formatParams(loaded.params);
  out.push(`model ${loaded.label}${ps ? ` (${ps})` : ''}${loaded.def?.network ? `, network ${loaded.def.network}` : ''}`);
  const colour = r.verdict === 'pass' ? '32' : r.verdict === 'incomplete' ? '33' : '31';
  let verdictLine = `verdict: ${paint(colour, r.verdict)} (exit ${r.exitCode})`;
  if (r.limit) verdictLine += `: ${limitText(r, options)}`;
  if (r.error) verdictLine += `: ${r.error}`;
  out.push(verdictLine);
  const count = (k: number, word: string) => `${k.toLocaleString('en-US')} ${word}${k === 1 ? '' : 's'}`;
  out.push(`${count(r.distinctStates, 'distinct state')}, ${count(r.transitions, 'transition')}, max depth ${r.maxDepth}, ${r.seconds.toFixed(2)} s, ${r.statesPerSecond.toLocaleString('en-US')} states/s (${r.strategy}${r.reductions.length ? `, reduced by ${r.reductions.join(' and ')}` : ''}${porFallback(r)}${r.workers ? `, ${r.workers} workers` : ''})${(r.limit && r.limit !== 'runs') || r.running ? ' so far' : ''}`);
  if (r.running && !r.error) out.push(`running: ${r.running}`);
  if (r.limit === 'memory') out.push(MEMORY_ADVICE);
  if (r.properties.length) {
    out.push('properties:');
    const w = Math.max(...r.properties.map((p) => p.name.length));
    const kw = Math.max(9, ...r.properties.map((p) => p.kind.length));
    for (const p of r.properties) out.push(`  ${p.name.padEnd(w)}  ${p.kind.padEnd(kw)}  ${p.status}`);
  }
  const skipped = notChecked(loaded);
  if (skipped?.length) out.push(`not checked (--property): ${skipped.join(', ')}`);
  for (const { name, reason } of loaded.ruledOut ?? []) out.push(`not checked at these parameters: ${name} (${reason})`);
  if (r.fairness) {
    const f = r.fairness;
    out.push(`fairness: ${f.mode === 'declared' ? 'as declared' : `${f.mode} for every forced step (--fairness ${f.mode})`}: ${f.weakGroups} weakly and ${f.strongGroups} strongly fair groups of steps`);
  }
  if (r.summary) out.push(`summary: ${Object.entries(r.summary).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ')}`);
  if ('simulation' in r) out.push(simulationLine(r as SimulationReport));
  if ('swarm' in r) out.push(shardLine(r as ShardReport));
  if (r.counterexample) out.push('', formatTrace(r.counterexample));
  else if (r.verdict === 'violation') {
    const un = r.properties.filter((p) => p.status === 'unwitnessed').map((p) => p.name);
    out.push('', `no reachable state witnesses: ${un.join(', ')}`);
    if (r.reason) out.push(`Why it fails: ${r.reason}`);
  }
  if (showWitnesses) for (const w of Object.values(r.witnesses)) out.push('', formatTrace(w));
  console.log(out.join('\n'));
}

async function cmdList(args: string[]): Promise<number> {
  const { values } = parseOptions({ args, options: { json: { type: 'boolean' } }, allowPositionals: false });
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
  const rows = entries.map((e) => [e.name, e.family, e.network, e.expect.verdict, Object.entries(e.params).map(([k, p]) => `${k}=${p.default}`).join(' '), e.description]);
  const head = ['model', 'family', 'network', 'expect', 'parameters', 'description'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const r of [head, ...rows]) console.log(r.map((c, i) => (i < r.length - 1 ? c.padEnd(w[i]) : c)).join('  ').trimEnd());
  return 0;
}

function expectedCode(m: ModelDefinition): number {
  return { pass: 0, deadlock: 11, violation: 12, liveness: 13, incomplete: 152, error: 75 }[m.expect.verdict];
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

/**
 * The threads of a search: --workers N, by default the number of cores. The parallel search is
 * breadth-first and full: with --strategy dfs, --symmetry or --por an explicit N > 1 is refused,
 * the default falls back to one; a model with liveness properties is searched with one (a note).
 */
function workerCount(raw: string | undefined, options: ExploreOptions, loaded: Loaded): { workers: number; prepared?: Prepared } {
  const given = workersArg(raw);
  let n = given ?? availableParallelism();
  if (n <= 1) return { workers: 1 };
  const other = options.strategy === 'dfs' ? '--strategy dfs' : options.symmetry ? '--symmetry' : options.por ? '--por' : undefined;
  if (other !== undefined) {
    if (given !== undefined) throw new UsageError(`--workers ${given} is a parallel breadth-first search without reductions: it does not combine with ${other} (use --workers 1)`);
    return { workers: 1 };
  }
  // Compiled once, for the search itself (checker/parallel/prepare.ts: a second compile slows it).
  let prepared: Prepared;
  try {
    prepared = compileShared(loaded.model);
  } catch (e) {
    if (e instanceof UsageError) throw e; // --property naming no property of the model
    return { workers: 1 }; // the search in one thread reports the model's error
  }
  const c = prepared.compiled;
  const live = c.properties.filter((p) => isLiveness(p.kind));
  if (live.length > 0 || c.sequentialOnly !== undefined) {
    const why = c.sequentialOnly ?? `it has liveness properties (${live.map((p) => p.name).join(', ')}), which the parallel search does not check`;
    const hint = c.sequentialOnly === undefined ? ' (name the others with --property to search them in parallel)' : '';
    if (given !== undefined) console.error(`interleave: note: ${loaded.label}: ${why}: searching with one worker${hint}`);
    n = 1;
  }
  return { workers: n, prepared };
}

/** The modes of `--symmetry` (checker/reduce/symmetry.ts): alone, `exact`. */
const SYMMETRY_MODES = ['exact', 'sort'] as const;

/**
 * `--symmetry sort` → `--symmetry=sort`, and `--symmetry` alone → `--symmetry=exact` (its value is
 * optional). The word after a bare `--symmetry`, if any, is returned: a second positional that is
 * that word was meant as a mode (`--symmetry bogus`).
 */
function joinSymmetryMode(args: string[]): { args: string[]; after?: string } {
  const out: string[] = [];
  let after: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--') {
      out.push(...args.slice(i));
      break;
    }
    if (args[i] !== '--symmetry') out.push(args[i]);
    else if ((SYMMETRY_MODES as readonly string[]).includes(args[i + 1])) out.push(`--symmetry=${args[++i]}`);
    else {
      out.push('--symmetry=exact');
      if (i + 1 < args.length && !args[i + 1].startsWith('-')) after = args[i + 1];
    }
  }
  return { args: out, after };
}

/** The mode of `--symmetry` (undefined: not given), or a usage error. */
function symmetryMode(raw: string | undefined): SymmetryMode | undefined {
  if (raw === undefined) return undefined;
  if (!(SYMMETRY_MODES as readonly string[]).includes(raw)) throw new UsageError(`--symmetry takes exact (the default: one state per orbit) or sort (sorted by key), got '${raw}'`);
  return raw as SymmetryMode;
}

/** The options of `check`, parsed (exported for the test that runs the deploy/ command lines through it). */
export function parseCheckArgs(args: string[]) {
  const joined = joinSymmetryMode(joinNegativeValues(args));
  const parsed = parseOptions({
    args: joined.args,
    allowPositionals: true,
    options: {
      param: { type: 'string', multiple: true, short: 'p' },
      // TLC's INVARIANT / PROPERTY lists: only these properties are checked (checker/select.ts).
      property: { type: 'string', multiple: true },
      strategy: { type: 'string' },
      'max-states': { type: 'string' },
      'max-depth': { type: 'string' },
      'time-limit': { type: 'string' },
      'call-timeout': { type: 'string' },
      'max-memory': { type: 'string' },
      'no-deadlock': { type: 'boolean' },
      witnesses: { type: 'boolean' },
      // Write the shortest witness of this `sometimes` property (--format/--out) instead of a counterexample.
      witness: { type: 'string' },
      json: { type: 'boolean' },
      minimise: { type: 'boolean' },
      format: { type: 'string' },
      out: { type: 'string' },
      clocks: { type: 'boolean' },
      cut: { type: 'string' },
      // Liveness: the fairness assumed (default: as the model declares it).
      fairness: { type: 'string' },
      // Reductions (checker/reduce/): states stored by orbit, ample sets of steps.
      symmetry: { type: 'string' },
      por: { type: 'boolean' },
      workers: { type: 'string' },
      // Random simulation (--strategy random) and swarm shards (--swarm K): checker/simulate.ts, checker/swarm/.
      depth: { type: 'string' },
      runs: { type: 'string' },
      seed: { type: 'string' },
      swarm: { type: 'string' },
      shard: { type: 'string' },
      'out-dir': { type: 'string' },
      bitstate: { type: 'string' },
    },
  });
  return { ...parsed, symmetryWord: joined.after };
}

/** Random simulation and swarm shards run in one thread: --workers above 1 is refused with them. */
function sampledWorkers(raw: string | undefined): number {
  const given = workersArg(raw);
  if (given !== undefined && given > 1) throw new UsageError(`--workers ${given} is a parallel breadth-first search: it does not combine with --strategy random or --swarm (use --workers 1)`);
  return 1;
}

async function cmdCheck(args: string[]): Promise<number> {
  const { values, positionals, symmetryWord } = parseCheckArgs(args);
  if (positionals.length === 0) throw new UsageError('check needs a model name or a path to a model file');
  if (positionals.length > 1 && symmetryWord !== undefined && positionals.indexOf(symmetryWord) > 0) symmetryMode(symmetryWord);
  if (positionals.length > 1) throw new UsageError(`check takes one model, got ${positionals.length}: ${positionals.join(' ')}`);
  const mode = samplingMode(values, process.env);
  const strategy = mode ? 'dfs' : (values.strategy ?? 'bfs');
  if (strategy !== 'bfs' && strategy !== 'dfs') throw new UsageError(`--strategy must be bfs, dfs or random, got '${strategy}'`);
  const options: ExploreOptions = {
    strategy,
    maxStates: positiveInt('--max-states', values['max-states']),
    maxDepth: positiveInt('--max-depth', values['max-depth'], true),
    timeLimit: positiveNumber('--time-limit', values['time-limit']),
    checkDeadlock: values['no-deadlock'] ? false : undefined,
    maxMemory: parseSize('--max-memory', values['max-memory']) ?? defaultMaxMemory(),
    onProgress: withParent(values.json ? undefined : progressReporter()),
    ...(values.fairness !== undefined ? { fairness: parseFairnessMode(values.fairness) } : {}),
    symmetry: symmetryMode(values.symmetry) ?? false,
    por: values.por ?? false,
  };
  const onTerminal = !values.json && progressReporter() !== undefined;
  const callTimeout = positiveNumber('--call-timeout', values['call-timeout']) ?? DEFAULT_CALL_TIMEOUT;
  const output = outputChoice(values, false);
  if (values.witness !== undefined) {
    if (!output) throw new UsageError(`--witness writes that witness's trace: add --format (or --out FILE)`);
    if (output.format === 'dot') throw new UsageError('--witness writes one run: --format dot draws the whole state graph');
    if (mode?.strategy === 'swarm') throw new UsageError('--witness does not apply to a swarm shard (it writes its result into --out-dir)');
    if (values.minimise) throw new UsageError('--minimise shortens a counterexample; a witness from the breadth-first search is a shortest one already');
  }
  // --workers N > 1 (or the default, the cores): the worker threads start now and load their modules
  // while this thread loads the model (a thread takes about a second to start); unused ones are
  // ended below. Not for a bundled instance pinned below the states at which they would join.
  const asked = mode || strategy !== 'bfs' || options.symmetry || options.por ? undefined : workersArg(values.workers);
  const bundledModel = !(positionals[0].includes('/') || positionals[0].includes('\\') || /\.[cm]?[jt]s$/.test(positionals[0]));
  if (asked !== undefined && asked > 1 && !(bundledModel && pinnedBelowSpawn(positionals[0], values.param ?? []))) prewarm(asked - 1, [import.meta.url, ...(bundledModel ? [REGISTRY.href] : [])], bundledModel ? [] : [resolve(positionals[0])]);
  let loaded: Loaded;
  let workers: number;
  let prepared: Prepared | undefined;
  try {
    loaded = await load(positionals[0], values.param ?? [], { properties: propertyNames(values.property) });
    if (values.witness !== undefined) witnessProblem(loaded, values.witness);
    if (mode) workers = sampledWorkers(values.workers);
    else ({ workers, prepared } = workerCount(values.workers, options, loaded));
  } catch (e) {
    closePools();
    throw e;
  }
  tellParent({ type: 'start', model: loaded.label, params: loaded.params, network: loaded.def?.network, json: values.json ?? false, strategy: mode?.strategy ?? strategy, workers });
  const searched = search(loaded, options, callTimeout, mode, workers, prepared);
  if (onTerminal) process.stderr.write('\r\x1b[K');
  if ('stopped' in searched) {
    let r: StoppedReport = await searched.stopped();
    // A simulation or a shard stopped inside the model's code reports as one stopped between calls:
    // with its figures (the seed to repeat it), a time limit being exit 0 as there. A shard writes
    // its result, unless a signal stopped it: its job did not end, and a scheduler may run it again.
    const figures = mode?.figures?.();
    if (mode !== undefined && figures !== undefined) {
      const exitCode = r.limit === 'time' ? ExitCode.pass : r.exitCode;
      if ('swarm' in figures) {
        if (r.limit !== 'signal') return finishShard(loaded, { ...r, exitCode, swarm: figures.swarm }, mode.dir, values.json ?? false, options);
      } else r = { ...r, exitCode, simulation: figures.simulation } as StoppedReport;
    }
    if (values.json) console.log(JSON.stringify(reportJson(loaded, r, options), null, 2));
    else printReport(loaded, r, false, options);
    return r.exitCode;
  }
  let report = searched.report;
  if (mode?.strategy === 'swarm') return finishShard(loaded, report as ShardReport, mode.dir, values.json ?? false, options);
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
    const trace = values.witness !== undefined ? report.witnesses[values.witness] : report.counterexample;
    if (output.format !== 'dot' && !trace) nothingToWrite = true;
    else {
      const text = render(output.format, { trace, ref, model: () => loaded.model, svg: output.svg });
      written = emit(output.format, output.out, defaultFileName(ref, output.format), text);
    }
  }
  if (values.json) {
    const j = reportJson(loaded, report, options);
    if (minimised) j.minimised = { stepsBefore: minimised.stepsBefore, stepsAfter: minimised.stepsAfter, switchesBefore: minimised.switchesBefore, switchesAfter: minimised.switchesAfter, runs: minimised.runs };
    if (output) j.output = written ?? null;
    console.log(JSON.stringify(j, null, 2));
  } else {
    printReport(loaded, report, values.witnesses ?? false, options);
    if (minimised) console.log(`minimised: ${minimised.stepsBefore} → ${minimised.stepsAfter} steps, ${minimised.switchesBefore} → ${minimised.switchesAfter} switches between processes (${minimised.runs} candidate runs)`);
    if (written) console.log(`wrote ${written}`);
    if (nothingToWrite) console.log(`${values.witness !== undefined ? `no witness for ${values.witness} found` : 'no counterexample'} (verdict ${report.verdict}): no ${output?.format} file written`);
  }
  return report.exitCode;
}

/** Refuses --witness NAME unless NAME is one of the model's `sometimes` properties (they are listed). */
function witnessProblem(loaded: Loaded, name: string): void {
  const witnesses = compile(loaded.model).properties.filter((p) => p.kind === 'sometimes').map((p) => p.name);
  if (witnesses.includes(name)) return;
  const out = loaded.ruledOut?.find((r) => r.name === name);
  if (out) throw new UsageError(`--witness ${name}: ${loaded.label} cannot show it at ${formatParams(loaded.params)} (${out.reason}); check it anyway with --property '${name}'`);
  throw new UsageError(`--witness ${name}: ${loaded.label} has no sometimes property of that name (${witnesses.length ? `its witnesses: ${witnesses.join(', ')}` : 'it has none'})`);
}

/** Loads the model a saved trace names (or `override`), with the trace's parameters, each `--param name=value` in `params` replacing one. */
async function loadForTrace(t: LoadedTrace, override: string | undefined, params: readonly string[] = [], command: 'replay' | 'trace' = 'replay'): Promise<Loaded> {
  const target = override ?? t.source ?? t.model;
  if (target === undefined) throw new UsageError(`${t.path} does not name its model: give one (interleave replay ${t.path} <model>)`);
  if (!override && t.source && !existsSync(t.source)) {
    const hint = command === 'replay' ? `moved or renamed? name it after the trace: interleave replay ${t.path} path/to/model.ts` : `moved or renamed? name it after the trace: interleave trace ${t.path} path/to/model.ts --format dot (the other formats need no model)`;
    throw new LoadError(`the model file of ${t.path} is not found: ${t.source} (${hint})`);
  }
  if (params.length === 0) {
    try {
      return await load(target, t.params, { ignoreParamsOfBare: true, allWitnesses: true });
    } catch (e) {
      // Another model than the trace's, which does not take the trace's parameters.
      if (e instanceof UsageError && override && t.model !== undefined) throw new UsageError(`${e.message}: ${t.path} is a trace of ${t.model} (${formatParams(t.params)})`);
      // The trace's own model and parameters: the file is at fault, not the command line.
      if (e instanceof UsageError && !override) throw new LoadError(`bad trace file ${t.path}: ${e.message}`);
      throw e;
    }
  }
  const given = new Set(params.map((p) => p.slice(0, Math.max(0, p.indexOf('=')))));
  const kept = Object.entries(t.params).filter(([k]) => !given.has(k)).map(([k, v]) => `${k}=${v}`);
  return load(target, [...kept, ...params], { allWitnesses: true });
}

/** `x.trace.json` → `x`. */
function stem(file: string): string {
  const b = basename(file);
  for (const ext of [...Object.values(EXTENSIONS), '.json']) if (b.toLowerCase().endsWith(ext)) return b.slice(0, -ext.length) || b;
  return b;
}

async function cmdTrace(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions({
    args,
    allowPositionals: true,
    options: { format: { type: 'string' }, out: { type: 'string' }, clocks: { type: 'boolean' }, cut: { type: 'string' } },
  });
  if (positionals.length === 0) throw new UsageError('trace needs a trace file (.trace.json or .itf.json)');
  if (positionals.length > 2) throw new UsageError(`trace takes one trace file (and, for --format dot, its model), got ${positionals.length}: ${positionals.join(' ')}`);
  const output = outputChoice(values, true);
  const override = positionals[1];
  if (override !== undefined && output?.format !== 'dot') throw new UsageError(`trace takes a model only with --format dot (the state graph), which no other format needs; got ${override}`);
  const t = readTrace(positionals[0]);
  if (!output) {
    console.log(formatTrace(t.trace));
    return 0;
  }
  const ref: ModelRef = { model: t.data.model, params: t.params, ...(t.source ? { source: relativeTo(output.out ?? stem(positionals[0]) + EXTENSIONS[output.format], t.source) } : {}) };
  const model = output.format === 'dot' ? (await loadForTrace(t, override, [], 'trace')).model : undefined;
  const text = render(output.format, { trace: t.trace, ref, model: model ? () => model : undefined, svg: output.svg });
  const written = emit(output.format, output.out, stem(positionals[0]) + EXTENSIONS[output.format], text);
  if (written !== '-') console.log(`wrote ${written}`);
  return 0;
}

async function cmdReplay(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions({ args: joinNegativeValues(args), allowPositionals: true, options: { json: { type: 'boolean' }, param: { type: 'string', multiple: true, short: 'p' } } });
  if (positionals.length === 0) throw new UsageError('replay needs a trace file (.trace.json or .itf.json)');
  if (positionals.length > 2) throw new UsageError(`replay takes a trace file and at most one model, got ${positionals.length}: ${positionals.join(' ')}`);
  const t = readTrace(positionals[0]);
  const loaded = await loadForTrace(t, positionals[1], values.param ?? []);
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
    ...(r.mislabelled.length ? { mislabelled: r.mislabelled } : {}),
    peakRssBytes: peakRss(),
  };
}

/** Checks every bundled model at its defaults against its expectation; the verdict table, a line per model as it finishes. */
async function cmdCheckAll(args: string[]): Promise<number> {
  const { values } = parseOptions({ args, options: { json: { type: 'boolean' } } });
  const defs = await bundled();
  type Row = { model: string; expected: string; verdict: string; states: number; seconds: number; ok: boolean; why: string; peakRssBytes: number };
  const rows: Row[] = [];
  const expectedOf = (d: ModelDefinition): string => d.expect.verdict + (d.expect.property ? ` (${d.expect.property})` : '');
  // Column widths known before the first model is checked, so that each line prints as it finishes.
  const head = ['model', 'expected', 'verdict', 'states', 'seconds', 'ok'];
  const w = [Math.max(5, ...defs.map((d) => d.name.length)), Math.max(8, ...defs.map((d) => expectedOf(d).length)), 10, 11, 7];
  const line = (cells: string[]): string => cells.map((c, i) => (i >= w.length ? c : i === 3 || i === 4 ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ').trimEnd();
  const terminal = !values.json && Boolean(process.stderr.isTTY);
  if (!values.json) console.log(line(head));
  let interrupted: string | undefined;
  for (const [i, def] of defs.entries()) {
    if (terminal) process.stderr.write(`\r\x1b[Kchecking ${def.name} (${i + 1} of ${defs.length})…`);
    const loaded = await load(def.name, []);
    const run = guarded(() => explore(loaded.model), { callTimeoutMs: DEFAULT_CALL_TIMEOUT * 1000 });
    if (terminal) process.stderr.write('\r\x1b[K');
    if (!('value' in run)) {
      if (run.stop.reason === 'signal') {
        interrupted = await signalName();
        break;
      }
      const r = stoppedReport(def.name, 'bfs', undefined, run.stop, run.running, '');
      rows.push({ model: def.name, expected: expectedOf(def), verdict: r.verdict, states: r.distinctStates, seconds: r.seconds, ok: false, why: r.error ?? r.verdict, peakRssBytes: peakRss() });
    } else {
      const r = run.value;
      const problems = expectationProblems(def, r);
      rows.push({ model: def.name, expected: expectedOf(def), verdict: r.verdict, states: r.distinctStates, seconds: r.seconds, ok: problems.length === 0, why: problems.join('; '), peakRssBytes: peakRss() });
    }
    const r = rows[rows.length - 1];
    if (!values.json) {
      const cells = [r.model, r.expected, r.verdict, r.states.toLocaleString('en-US'), r.seconds.toFixed(2), r.ok ? 'ok' : `MISMATCH: ${r.why}`];
      console.log(r.ok ? line(cells) : paint('31', line(cells)));
    }
  }
  if (values.json) console.log(JSON.stringify(interrupted ? { interrupted, rows } : rows, null, 2));
  else if (interrupted) console.log(`stopped by ${interrupted} after ${rows.length} of ${defs.length} models`);
  else {
    const bad = rows.filter((r) => !r.ok).length;
    console.log(bad ? `${bad} of ${rows.length} models differ from their expectation` : `all ${rows.length} models as expected`);
  }
  if (interrupted) return 128 + (interrupted === 'SIGTERM' ? 15 : interrupted === 'SIGHUP' ? 1 : 2);
  return rows.every((r) => r.ok) ? 0 : 1;
}

// ---- random simulation and swarm verification (checker/simulate.ts, checker/swarm/) ---------------

/** A search other than bfs/dfs that `check` runs: a random simulation or one shard of a swarm. */
interface SamplingMode {
  readonly strategy: 'random' | 'swarm';
  readonly run: (model: Checkable, o: ExploreOptions) => Report;
  /** For a shard: the results directory. */
  readonly dir: string;
  readonly shard: number;
  /** The simulation's or the shard's figures as they stand (once it has started), for a run stopped from outside. */
  readonly figures?: () => { readonly simulation: SimulationFigures } | { readonly swarm: ShardFigures } | undefined;
}

type CheckValues = ReturnType<typeof parseCheckArgs>['values'];

/** `--bitstate 16M`: bytes, 1K … 256M (units are powers of 1024). */
function parseBitstate(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^\s*(\d+)\s*([KMG])(?:i?B)?\s*$/i.exec(raw);
  const bytes = m ? Number(m[1]) * 1024 ** ('KMG'.indexOf(m[2].toUpperCase()) + 1) : NaN;
  if (!(bytes >= 1024 && bytes <= 256 * 1024 ** 2)) throw new UsageError(`--bitstate must be a size from 1K to 256M (16M, 512K), got '${raw}'`);
  return bytes;
}

/** The random or swarm mode `check`'s options ask for (undefined: bfs or dfs), its options checked. */
export function samplingMode(values: CheckValues, env: Readonly<Record<string, string | undefined>>): SamplingMode | undefined {
  const random = values.strategy === 'random';
  const swarm = values.swarm !== undefined;
  const given = (names: (keyof CheckValues)[]): string[] => names.filter((n) => values[n] !== undefined).map((n) => `--${String(n)}`);
  if (!random) {
    const wrong = given(['depth', 'runs']);
    if (wrong.length) throw new UsageError(`${wrong.join(' and ')} apply to --strategy random`);
  }
  if (!swarm) {
    const wrong = given(['shard', 'out-dir', 'bitstate']);
    if (wrong.length) throw new UsageError(`${wrong.join(', ')} apply to --swarm K`);
    if (!random && values.seed !== undefined) throw new UsageError('--seed applies to --strategy random and --swarm K');
  }
  if (!random && !swarm) return undefined;
  const name = random ? '--strategy random' : '--swarm';
  if (swarm && values.strategy !== undefined) throw new UsageError(`--swarm runs a depth-first search of its own: drop --strategy ${values.strategy}`);
  const wrong = given(['symmetry', 'por', 'fairness', 'max-states', ...(random ? (['max-depth'] as const) : []), ...(swarm ? (['out', 'format', 'minimise', 'clocks', 'cut'] as const) : [])]);
  if (wrong.length) throw new UsageError(`${wrong.join(', ')} cannot be used with ${name}${wrong.includes('--max-depth') ? ' (--depth bounds each run)' : swarm && wrong.some((w) => ['--out', '--format', '--minimise'].includes(w)) ? ' (a shard writes its minimised trace into --out-dir)' : ''}`);
  const seed = positiveInt('--seed', values.seed, true);
  if (seed !== undefined && seed > MAX_SEED) throw new UsageError(`--seed must be at most ${MAX_SEED}, got '${values.seed}'`);
  if (random) {
    const depth = positiveInt('--depth', values.depth) ?? SIMULATION_DEFAULTS.depth;
    const runs = positiveInt('--runs', values.runs) ?? SIMULATION_DEFAULTS.runs;
    let figures: (() => SimulationFigures) | undefined;
    return {
      strategy: 'random',
      dir: '',
      shard: 0,
      run: (model, o) => simulate(model, { depth, runs, seed, timeLimit: o.timeLimit, checkDeadlock: o.checkDeadlock, onProgress: o.onProgress, observe: o.observe, observeFigures: (f) => (figures = f) }),
      figures: () => (figures ? { simulation: figures() } : undefined),
    };
  }
  const shards = positiveInt('--swarm', values.swarm) as number;
  if (shards > MAX_SHARDS) throw new UsageError(`--swarm must be at most ${MAX_SHARDS} shards, got '${values.swarm}'`);
  const shard = shardIndex(values.shard, env, shards);
  const dir = values['out-dir'];
  if (dir === undefined || dir.trim() === '') throw new UsageError(`--swarm needs --out-dir DIR, where the shard writes its result`);
  const bitstateBytes = parseBitstate(values.bitstate);
  const maxDepth = positiveInt('--max-depth', values['max-depth']);
  let figures: (() => ShardFigures) | undefined;
  return {
    strategy: 'swarm',
    dir,
    shard,
    run: (model, o) => runShard(model, { shards, shard, seed, bitstateBytes, maxDepth, timeLimit: o.timeLimit, checkDeadlock: o.checkDeadlock, onProgress: o.onProgress, observe: o.observe, observeFigures: (f) => (figures = f) }),
    figures: () => (figures ? { swarm: figures() } : undefined),
  };
}

/** A shard's report: its trace minimised (cheaply) and written, its result written, both into dir; then printed. */
function finishShard(loaded: Loaded, report: ShardReport, dir: string, json: boolean, options: ExploreOptions): number {
  const s = report.swarm;
  let trace = report.counterexample;
  const stepsFound = trace?.steps.length ?? null;
  if (trace) {
    try {
      trace = minimise(loaded.model, trace, { maxRuns: 1_000 }).trace;
    } catch {
      // The trace as found (it replays; minimisation is a nicety).
    }
  }
  const traceName = trace ? traceFileName(s.shard) : null;
  const traceText = trace && traceName ? render('json', { trace, ref: modelRef(loaded, join(dir, traceName)), svg: { clocks: false } }) : undefined;
  const result: ShardResult = {
    format: 'interleave-swarm-shard',
    version: 1,
    model: loaded.label,
    params: loaded.params,
    shards: s.shards,
    shard: s.shard,
    verdict: report.verdict as ShardResult['verdict'],
    exitCode: report.exitCode,
    ...(report.counterexample?.property ? { property: report.counterexample.property.name } : {}),
    ...(report.reason !== undefined ? { reason: report.reason } : {}),
    ...(report.error !== undefined ? { error: report.error } : {}),
    ...(report.limit !== undefined ? { limit: report.limit } : {}),
    distinctStates: report.distinctStates,
    transitions: report.transitions,
    maxDepth: report.maxDepth,
    seconds: Number(report.seconds.toFixed(3)),
    swarm: s,
    trace: traceName,
    traceLength: trace ? trace.steps.length : null,
    stepsFound,
  };
  const written = writeShardResult(dir, result, traceText);
  const shown = trace ? { ...report, counterexample: trace } : report;
  if (json) console.log(JSON.stringify({ ...reportJson(loaded, shown, options), result: written.result, trace: written.trace ?? null, stepsFound }, null, 2));
  else {
    printReport(loaded, shown, false, options);
    if (trace && stepsFound !== trace.steps.length) console.log(`minimised: ${stepsFound} → ${trace.steps.length} steps`);
    console.log(`wrote ${written.result}${written.trace ? ` and ${written.trace}` : ''}`);
  }
  return report.exitCode;
}

/** `interleave swarm --local K MODEL --out DIR`: the K shards as child processes, then the merged report. */
async function cmdSwarm(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions({
    args: joinNegativeValues(args),
    allowPositionals: true,
    options: {
      local: { type: 'string' },
      param: { type: 'string', multiple: true, short: 'p' },
      property: { type: 'string', multiple: true },
      out: { type: 'string' },
      json: { type: 'boolean' },
      seed: { type: 'string' },
      'max-depth': { type: 'string' },
      bitstate: { type: 'string' },
      'time-limit': { type: 'string' },
      'call-timeout': { type: 'string' },
      'no-deadlock': { type: 'boolean' },
    },
  });
  if (values.local === undefined) throw new UsageError('swarm needs --local K (to run K shards on this machine; on a cluster, run check --swarm K as K jobs: see deploy/)');
  const shards = positiveInt('--local', values.local) as number;
  if (shards > 1024) throw new UsageError(`--local must be at most 1024 shards, got '${values.local}'`);
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'swarm needs a model name or a path to a model file' : `swarm takes one model, got ${positionals.length}: ${positionals.join(' ')}`);
  const dir = values.out;
  if (dir === undefined || dir.trim() === '') throw new UsageError('swarm needs --out DIR, where the shards write their results');
  if (resultFilesIn(dir).length) throw new UsageError(`${dir} already holds shard results: give an empty or new directory (or read them with swarm-report ${dir})`);
  // Checked here once, so that a bad option or model is one error, not K.
  parseBitstate(values.bitstate);
  positiveInt('--seed', values.seed, true);
  positiveInt('--max-depth', values['max-depth']);
  positiveNumber('--time-limit', values['time-limit']);
  positiveNumber('--call-timeout', values['call-timeout']);
  const properties = propertyNames(values.property);
  const loaded = await load(positionals[0], values.param ?? [], { properties });
  if (properties) compile(loaded.model); // a --property the model does not have: one error here, not K
  const pass: string[] = [...(values.param ?? []).flatMap((p) => ['--param', p]), ...(properties ?? []).flatMap((p) => ['--property', p])];
  for (const k of ['seed', 'max-depth', 'bitstate', 'time-limit', 'call-timeout'] as const) if (values[k] !== undefined) pass.push(`--${k}`, values[k] as string);
  if (values['no-deadlock']) pass.push('--no-deadlock');
  const failures: string[] = [];
  const launched = await launchLocal({
    shards,
    model: positionals[0],
    args: pass,
    dir,
    onShardDone: (shard, code, message) => {
      if (code === null || ![0, 11, 12, 75].includes(code)) failures.push(`shard ${shard} failed (${code === null ? 'killed' : `exit ${code}`})${message ? `: ${message}` : ''}`);
      if (!values.json) console.error(`shard ${shard} of ${shards} done (exit ${code ?? 'none'})`);
    },
  });
  if (launched.interrupted) console.error(`interleave: swarm stopped by ${launched.interrupted}: ${resultFilesIn(dir).length} of ${shards} shards wrote a result`);
  else for (const f of failures) console.error(`interleave: ${f}`);
  if (resultFilesIn(dir).length === 0) {
    if (launched.interrupted) return launched.interrupted === 'SIGTERM' ? 143 : 130;
    throw new LoadError(`no shard wrote a result into ${dir}${failures.length ? ` (${failures[0]})` : ''}`);
  }
  const code = swarmReport(dir, values.json ?? false);
  if (launched.interrupted) return launched.interrupted === 'SIGTERM' ? 143 : 130;
  return code;
}

/** Prints the merged report of the shard results in dir; gives its exit code. */
function swarmReport(dir: string, json: boolean): number {
  const merged = mergeShards(dir, readShardResults(dir));
  console.log(json ? JSON.stringify(mergedJson(merged), null, 2) : mergedText(merged));
  return merged.exitCode;
}

/** `interleave swarm-report DIR`: merges the shard results in DIR. */
async function cmdSwarmReport(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'swarm-report needs the results directory of a swarm' : `swarm-report takes one directory, got ${positionals.length}: ${positionals.join(' ')}`);
  return swarmReport(positionals[0], values.json ?? false);
}

// ---- explore: the interactive explorer in the browser (checker/interactive/) ----------------------

/** `interleave explore`: serves the explorer until Ctrl-C (SIGINT) or SIGTERM; exit 0 then. */
async function cmdExplore(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions({
    args: joinNegativeValues(args),
    allowPositionals: true,
    options: { param: { type: 'string', multiple: true, short: 'p' }, port: { type: 'string' }, host: { type: 'string' }, open: { type: 'boolean' }, 'call-timeout': { type: 'string' } },
  });
  if (positionals.length === 0) throw new UsageError('explore needs a model name or a path to a model file');
  if (positionals.length > 1) throw new UsageError(`explore takes one model, got ${positionals.length}: ${positionals.join(' ')}`);
  const port = values.port === undefined ? 8421 : (positiveInt('--port', values.port, true) as number);
  if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
  const host = values.host ?? '127.0.0.1';
  if (host.trim() === '' || /[\s/]/.test(host)) throw new UsageError(`--host must be a host name or address, got '${host}'`);
  const callTimeout = positiveNumber('--call-timeout', values['call-timeout']) ?? DEFAULT_CALL_TIMEOUT;
  const loaded = await load(positionals[0], values.param ?? []);
  const { isLoopback, startExplorer } = await import('../interactive/server.ts');
  const source = { target: loaded.file ?? loaded.label, params: loaded.params };
  const explorer = await startExplorer({ model: loaded.model, label: loaded.label, params: loaded.params, source, host, port, callTimeoutMs: callTimeout * 1000, ruledOut: loaded.ruledOut });
  if (!isLoopback(host)) console.error(`interleave: warning: listening on ${host}: anyone who can reach this address can use the explorer and make this machine search (there is no login)`);
  console.log(`interleave explore: ${loaded.label} at ${explorer.url} (Ctrl-C to stop)`);
  for (const { name, reason } of loaded.ruledOut ?? []) console.log(`not checked at these parameters: ${name} (${reason})`);
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
      case 'swarm':
        return await cmdSwarm(rest);
      case 'swarm-report':
        return await cmdSwarmReport(rest);
      case undefined:
        throw new UsageError(`no command given (commands: list, check, check-all, trace, replay, explore, swarm, swarm-report; see 'interleave --help')`);
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return 0;
      case '--version':
      case '-v':
      case 'version': {
        const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
        console.log(`interleave ${pkg.version}`);
        return 0;
      }
      default:
        throw new UsageError(`unknown command '${cmd}' (commands: list, check, check-all, trace, replay, explore, swarm, swarm-report)`);
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

/** Why --por ended in a full search (checker/reduce/por-liveness.ts, por.ts), for the summary line. */
function porFallback(r: Report): string {
  return r.notApplied?.por !== undefined ? `; --por not applied: ${r.notApplied.por}` : '';
}
