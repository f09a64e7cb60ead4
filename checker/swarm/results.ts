/**
 * What swarm shards leave in their results directory, and the merge of it (`interleave
 * swarm-report DIR`): each shard writes `shard-<i>.json` (its report) and, when it found a
 * counterexample, `shard-<i>.trace.json` (a trace file that `interleave replay` replays), the
 * trace first, each written atomically, so a result never names a trace not yet there.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ExitCode, LoadError, UsageError, describeError } from '../errors.ts';
import { writeAtomically } from '../format/index.ts';
import { readTrace } from '../format/read.ts';
import type { ShardFigures } from './shard.ts';

export const SHARD_FORMAT = 'interleave-swarm-shard';
export const SHARD_VERSION = 1;
/** The most shards a swarm may have (--swarm K). */
export const MAX_SHARDS = 100_000;

const pad = (i: number): string => String(i).padStart(4, '0');
export const resultFileName = (shard: number): string => `shard-${pad(shard)}.json`;
export const traceFileName = (shard: number): string => `shard-${pad(shard)}.trace.json`;
const RESULT = /^shard-(\d+)\.json$/;

/** A shard's result file. */
export interface ShardResult {
  readonly format: typeof SHARD_FORMAT;
  readonly version: typeof SHARD_VERSION;
  readonly model: string;
  readonly params: Readonly<Record<string, number>>;
  readonly shards: number;
  readonly shard: number;
  readonly verdict: 'violation' | 'deadlock' | 'incomplete' | 'error';
  readonly exitCode: number;
  /** The property violated, for a violation. */
  readonly property?: string;
  readonly reason?: string;
  readonly error?: string;
  readonly limit?: string;
  readonly distinctStates: number;
  readonly transitions: number;
  readonly maxDepth: number;
  readonly seconds: number;
  readonly swarm: ShardFigures;
  /** The counterexample's trace file, relative to the results directory (null: none). */
  readonly trace: string | null;
  /** Its steps (after minimisation), and the steps of the run the search found. */
  readonly traceLength: number | null;
  readonly stepsFound: number | null;
}

/** Writes a shard's trace (if any) then its result into dir (made if missing); gives the paths written. */
export function writeShardResult(dir: string, result: ShardResult, traceText: string | undefined): { result: string; trace?: string } {
  try {
    makeDirectory(dir);
    let trace: string | undefined;
    if (traceText !== undefined && result.trace !== null) {
      trace = join(dir, result.trace);
      writeAtomically(trace, traceText);
    }
    const file = join(dir, resultFileName(result.shard));
    writeAtomically(file, `${JSON.stringify(result, null, 2)}\n`);
    return { result: file, ...(trace ? { trace } : {}) };
  } catch (e) {
    throw new UsageError(`cannot write the shard's results into ${dir}: ${describeError(e)}`);
  }
}

/**
 * Makes dir and the directories above it that are missing, one by one. (Node 20's `mkdirSync(dir,
 * { recursive: true })` never returns for a path under /proc.)
 */
export function makeDirectory(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.push(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing.reverse()) mkdirSync(d);
}

/** The result files already in dir (to refuse mixing two swarms in one directory); a UsageError if dir is there but not a directory. */
export function resultFilesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  if (!statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a directory: give a new or empty directory for the shards' results`);
  return readdirSync(dir).filter((f) => RESULT.test(f));
}

const isInt = (x: unknown, min = 0): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= min;
const VERDICTS = ['violation', 'deadlock', 'incomplete', 'error'];

/** Checks one parsed result file; the problem in a few words, or undefined. */
function problemOf(x: unknown, name: string): string | undefined {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) return 'not a JSON object';
  const r = x as Record<string, unknown>;
  if (r.format !== SHARD_FORMAT) return `its format is ${JSON.stringify(r.format)}, not "${SHARD_FORMAT}"`;
  if (r.version !== SHARD_VERSION) return `version ${JSON.stringify(r.version)} is not ${SHARD_VERSION}`;
  if (typeof r.model !== 'string') return 'no model name';
  if (typeof r.params !== 'object' || r.params === null || Object.values(r.params).some((v) => typeof v !== 'number')) return 'params is not an object of numbers';
  if (!isInt(r.shards, 1) || r.shards > MAX_SHARDS) return `shards is not an integer 1…${MAX_SHARDS}`;
  if (!isInt(r.shard) || r.shard >= r.shards) return `shard ${JSON.stringify(r.shard)} is not in 0…${r.shards - 1}`;
  if (`shard-${pad(r.shard)}.json` !== name) return `it says shard ${r.shard}, its name another`;
  if (typeof r.verdict !== 'string' || !VERDICTS.includes(r.verdict)) return `verdict ${JSON.stringify(r.verdict)} is not one of ${VERDICTS.join(', ')}`;
  if (!isInt(r.exitCode)) return 'exitCode is not an integer';
  for (const k of ['distinctStates', 'transitions', 'maxDepth']) if (!isInt(r[k])) return `${k} is not a non-negative integer`;
  if (typeof r.seconds !== 'number') return 'seconds is not a number';
  if (typeof r.swarm !== 'object' || r.swarm === null) return 'no swarm figures';
  const figures = r.swarm as Record<string, unknown>;
  if (!isInt(figures.depthBound)) return 'swarm.depthBound is not a non-negative integer';
  if (typeof figures.expectedOmitted !== 'number' || !(figures.expectedOmitted >= 0)) return 'swarm.expectedOmitted is not a non-negative number';
  if (!(r.trace === null || (typeof r.trace === 'string' && /^shard-\d+\.trace\.json$/.test(r.trace)))) return 'trace is neither null nor a trace file name of the directory';
  if (!(r.traceLength === null || isInt(r.traceLength))) return 'traceLength is not an integer or null';
  if ((r.verdict === 'violation' || r.verdict === 'deadlock') && (r.trace === null || r.traceLength === null)) return `a ${r.verdict} with no trace`;
  return undefined;
}

/** Reads every shard result in dir; a one-line LoadError (exit 150) for a missing directory, none there, or a bad file. */
export function readShardResults(dir: string): ShardResult[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new LoadError(`swarm results directory not found: ${dir}`);
  const names = resultFilesIn(dir).sort();
  if (names.length === 0) throw new LoadError(`${dir} holds no shard results (shard-NNNN.json): run the shards with check --swarm K --out-dir ${dir} first`);
  const out: ShardResult[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new LoadError(`${file} is not a shard result: ${describeError(e).split('\n')[0]}`);
    }
    const problem = problemOf(parsed, name);
    if (problem) throw new LoadError(`${file} is not a shard result: ${problem}`);
    out.push(parsed as ShardResult);
  }
  const first = out[0];
  // (The flags every shard of one swarm shares: --seed, --bitstate and its hashes, --max-depth.
  // A result written before the swarm's depth bound was recorded has none: "D=?".)
  const key = (r: ShardResult): string =>
    `${r.model} ${JSON.stringify(r.params)} K=${r.shards} seed=${r.swarm.seed} bitstate=${r.swarm.bitstateBytes}B k=${r.swarm.hashes} D=${r.swarm.swarmDepthBound ?? '?'}`;
  const other = out.find((r) => key(r) !== key(first));
  if (other) throw new LoadError(`${dir} mixes two swarms: shard ${first.shard} is of ${key(first)}, shard ${other.shard} of ${key(other)}`);
  return out;
}

/** The merged report of a swarm. */
export interface Merged {
  readonly model: string;
  readonly params: Readonly<Record<string, number>>;
  readonly verdict: 'violation' | 'deadlock' | 'error' | 'incomplete';
  readonly exitCode: number;
  readonly shards: number;
  readonly shardsReported: number;
  /** Shards with no result file (not run yet, running, or failed). */
  readonly missing: readonly number[];
  /** The shortest counterexample of the verdict's kind; its file relative to the current directory. */
  readonly counterexample?: { readonly trace: string; readonly steps: number; readonly shard: number; readonly property?: string; readonly reason?: string };
  /** The shards that found a counterexample of that kind. */
  readonly foundBy: readonly number[];
  readonly coverage: {
    readonly statesPerShard: readonly number[];
    readonly sum: number;
    readonly max: number;
    /** Distinct states over all shards: not known (bitstates are not kept, and each hashes differently); between max and sum. */
    readonly union: 'unknown';
    readonly expectedOmitted: number;
  };
  readonly seconds: number;
  readonly perShard: readonly ShardResult[];
}

export function mergeShards(dir: string, results: readonly ShardResult[]): Merged {
  const sorted = [...results].sort((a, b) => a.shard - b.shard);
  const k = sorted[0].shards;
  const have = new Set(sorted.map((r) => r.shard));
  const missing = Array.from({ length: k }, (_, i) => i).filter((i) => !have.has(i));
  const any = (v: string): boolean => sorted.some((r) => r.verdict === v);
  const verdict: Merged['verdict'] = any('violation') ? 'violation' : any('deadlock') ? 'deadlock' : any('error') ? 'error' : 'incomplete';
  // Nothing found is exit 0 only when every shard reported; with shards missing it is 152 (incomplete).
  const exitCode = verdict === 'violation' ? ExitCode.violation : verdict === 'deadlock' ? ExitCode.deadlock : verdict === 'error' ? ExitCode.modelError : missing.length ? ExitCode.incomplete : ExitCode.pass;
  const finders = sorted.filter((r) => r.verdict === verdict && r.trace !== null);
  let counterexample: Merged['counterexample'];
  if (finders.length) {
    const best = finders.reduce((a, b) => ((b.traceLength as number) < (a.traceLength as number) ? b : a));
    const trace = join(dir, best.trace as string);
    if (!existsSync(trace)) throw new LoadError(`${join(dir, resultFileName(best.shard))} names the trace ${best.trace}, which is not in ${dir}`);
    // The trace named is read as replay reads it: a broken file is said here, not left to replay.
    const t = readTrace(trace);
    if (t.trace.steps.length !== best.traceLength || (t.model !== undefined && t.model !== best.model)) {
      throw new LoadError(`${trace} is not the trace ${join(dir, resultFileName(best.shard))} describes: ${t.trace.steps.length} steps of ${t.model ?? 'a model it does not name'}, not ${best.traceLength} of ${best.model}`);
    }
    counterexample = { trace, steps: best.traceLength as number, shard: best.shard, ...(best.property ? { property: best.property } : {}), ...(best.reason ? { reason: best.reason } : {}) };
  }
  const states = sorted.map((r) => r.distinctStates);
  return {
    model: sorted[0].model,
    params: sorted[0].params,
    verdict,
    exitCode,
    shards: k,
    shardsReported: sorted.length,
    missing,
    ...(counterexample ? { counterexample } : {}),
    foundBy: finders.map((r) => r.shard),
    coverage: {
      statesPerShard: states,
      sum: states.reduce((a, b) => a + b, 0),
      max: Math.max(...states),
      union: 'unknown',
      expectedOmitted: sorted.reduce((a, r) => a + (Number(r.swarm.expectedOmitted) || 0), 0),
    },
    seconds: Math.max(...sorted.map((r) => r.seconds)),
    perShard: sorted,
  };
}

/** The merged report as text. */
export function mergedText(m: Merged): string {
  const n = (x: number): string => x.toLocaleString('en-US');
  const ps = Object.entries(m.params).map(([k, v]) => `${k}=${v}`).join(', ');
  const out = [`swarm of ${m.shards} shards over ${m.model}${ps ? ` (${ps})` : ''}: ${m.shardsReported} reported${m.missing.length ? `, missing ${m.missing.join(', ')}` : ''}`];
  const what = m.verdict === 'incomplete' ? 'no violation found (a partial search: invariants unknown, liveness not checked)' : m.verdict;
  out.push(`verdict: ${what} (exit ${m.exitCode})`);
  if (m.counterexample) {
    const c = m.counterexample;
    out.push(`shortest counterexample: ${n(c.steps)} steps${c.property ? ` (${c.property})` : ''}, from shard ${c.shard}: ${c.trace}`);
    out.push(`found by shards ${m.foundBy.join(', ')}; replay it with: interleave replay ${c.trace}`);
  }
  out.push(`coverage: ${n(m.coverage.sum)} states stored over all shards, at most ${n(m.coverage.max)} by one; distinct states over the swarm unknown (between the two); expected omitted by hash collisions ${m.coverage.expectedOmitted.toPrecision(2)}`);
  out.push('shards:');
  for (const r of m.perShard) {
    const found = r.traceLength !== null ? ` in ${n(r.traceLength)} steps${r.stepsFound !== null && r.stepsFound !== r.traceLength ? ` (found in ${n(r.stepsFound)})` : ''}` : '';
    out.push(`  ${String(r.shard).padStart(String(m.shards - 1).length)}  ${r.verdict}${r.property ? ` (${r.property})` : ''}${r.limit ? ` (${r.limit} limit reached)` : ''}${found}${r.error ? `: ${r.error}` : ''}, ${n(r.distinctStates)} states, depth bound ${n(r.swarm.depthBound)}, ${r.seconds.toFixed(2)} s`);
  }
  return out.join('\n');
}

/** The merged report as JSON. */
export function mergedJson(m: Merged): Record<string, unknown> {
  return {
    model: m.model,
    params: m.params,
    verdict: m.verdict,
    exitCode: m.exitCode,
    shards: m.shards,
    shardsReported: m.shardsReported,
    missing: m.missing,
    ...(m.counterexample ? { counterexample: m.counterexample } : {}),
    foundBy: m.foundBy,
    coverage: m.coverage,
    seconds: m.seconds,
    perShard: m.perShard.map((r) => ({ shard: r.shard, verdict: r.verdict, exitCode: r.exitCode, ...(r.property ? { property: r.property } : {}), traceLength: r.traceLength, stepsFound: r.stepsFound, trace: r.trace, distinctStates: r.distinctStates, transitions: r.transitions, maxDepth: r.maxDepth, seconds: r.seconds, depthBound: r.swarm.depthBound, expectedOmitted: r.swarm.expectedOmitted, ...(r.error ? { error: r.error } : {}) })),
  };
}

/**
 * The shard index: `--shard`, else `JOB_COMPLETION_INDEX` (Kubernetes Indexed Jobs), else
 * `SLURM_ARRAY_TASK_ID` (Slurm job arrays). A missing or bad index is a usage error (exit 151).
 */
export function shardIndex(flag: string | undefined, env: Readonly<Record<string, string | undefined>>, shards: number): number {
  const [raw, from] =
    // (An empty variable counts as unset: a job template may set one to nothing.)
    flag !== undefined ? [flag, '--shard'] : env.JOB_COMPLETION_INDEX ? [env.JOB_COMPLETION_INDEX, 'JOB_COMPLETION_INDEX'] : env.SLURM_ARRAY_TASK_ID ? [env.SLURM_ARRAY_TASK_ID, 'SLURM_ARRAY_TASK_ID'] : [undefined, ''];
  if (raw === undefined) throw new UsageError(`--swarm ${shards} needs this shard's index: --shard i, or JOB_COMPLETION_INDEX (Kubernetes) or SLURM_ARRAY_TASK_ID (Slurm) set`);
  if (!/^\d+$/.test(raw.trim()) || Number(raw) >= shards) throw new UsageError(`the shard index from ${from} must be an integer 0…${shards - 1} (--swarm ${shards}), got '${raw}'`);
  return Number(raw);
}
