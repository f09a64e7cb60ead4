/**
 * The CLI's limits on a search beyond counts: the per-call budget, memory, and the partial report
 * of a search stopped from outside (a time limit or a signal that ended it inside model code).
 */
import { constants, totalmem } from 'node:os';
import { ExitCode, UsageError, describeInput } from '../errors.ts';
import type { Progress, Report } from '../explore.ts';
import type { RunningCall, Stop } from './guard.ts';

/** Seconds one call of a model function may run before it is reported as a model error. */
export const DEFAULT_CALL_TIMEOUT = 10;

/** `512M`, `1G`, `1.5GiB`, `2048K` → bytes (units are powers of 1024). */
export function parseSize(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT])(?:i?B)?\s*$/i.exec(raw);
  if (!m) throw new UsageError(`${name} must be a size with a unit (512M, 2G, 1.5G), got '${raw}'`);
  const bytes = Number(m[1]) * 1024 ** ('KMGT'.indexOf(m[2].toUpperCase()) + 1);
  if (!(bytes >= 64 * 1024 * 1024)) throw new UsageError(`${name} must be at least 64M, got '${raw}'`);
  return Math.floor(bytes);
}

/** The machine's memory, or the container's limit where one is set (and smaller). */
function availableMemory(): number {
  const total = totalmem();
  const constrained = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.();
  return constrained !== undefined && constrained > 0 && constrained < total ? constrained : total;
}

/** The default of --max-memory: 80% of the machine's (or container's) memory. */
export function defaultMaxMemory(): number {
  return Math.floor(0.8 * availableMemory());
}

/** `1.0 GiB`. */
export function formatBytes(b: number): string {
  if (b >= 1024 ** 3) return `${(b / 1024 ** 3).toFixed(1)} GiB`;
  return `${Math.round(b / 1024 ** 2)} MiB`;
}

/** What to try when memory ran out. */
export const MEMORY_ADVICE =
  'to go further: a smaller instance (--param), a bound (--max-depth), a reduction or more workers where the CLI offers them (see --help), a swarm of bounded runs with --strategy dfs, or a larger --max-memory';

/** `handlers.REQUEST on {…} with REQUEST(ts=1)`: the model call that was running, its input shown short. */
export function describeCall(r: RunningCall): string {
  return `${r.where}${describeInput(r.input, r.arg)}`;
}

/** The exit code of a search stopped from outside. */
export function exitCodeOfStop(stop: Stop, signal: string): number {
  if (stop.reason === 'time') return ExitCode.incomplete;
  if (stop.reason === 'call-timeout') return ExitCode.modelError;
  return 128 + (constants.signals[signal as keyof typeof constants.signals] ?? 2);
}

/**
 * The partial report of a search stopped from outside: the counts so far, and for a call past its
 * budget the model error naming the function and its input.
 */
export function stoppedReport(model: string, strategy: Report['strategy'], progress: Progress | undefined, stop: Stop, running: RunningCall | undefined, signal: string): Report & { running?: string; signal?: string } {
  const p = progress ?? { distinctStates: 0, transitions: 0, maxDepth: 0, queued: 0, seconds: 0 };
  const call = running ? describeCall(running) : undefined;
  const exitCode = exitCodeOfStop(stop, signal);
  const base = {
    model,
    strategy,
    distinctStates: p.distinctStates,
    transitions: p.transitions,
    maxDepth: p.maxDepth,
    seconds: p.seconds,
    statesPerSecond: p.seconds > 0 ? Math.round(p.distinctStates / p.seconds) : 0,
    properties: [],
    witnesses: {},
    engineBytes: 0,
    stats: {},
    reductions: [],
    exitCode,
    ...(call ? { running: call } : {}),
  };
  if (stop.reason === 'call-timeout') {
    const what = running ? describeCall(running) : 'a model function';
    return { ...base, verdict: 'error', error: `${what} ran for more than ${stop.seconds} s (--call-timeout): does it loop forever?` };
  }
  if (stop.reason === 'time') return { ...base, verdict: 'incomplete', limit: 'time' };
  return { ...base, verdict: 'incomplete', limit: 'signal', signal };
}
