/**
 * Running a search so that it can be stopped inside the model's own code: a handler, action,
 * property or `next` that loops forever still ends at the time limit, at Ctrl-C, or when one call
 * runs longer than the per-call budget. The search runs in `vm` with `breakOnSigint` and a timeout
 * (V8 ends the running code wherever it is, from another thread); a watchdog thread sends the
 * SIGINT for a call that has run too long, reading the call counters of checker/running.ts from
 * shared memory, so the search itself pays nothing for it beyond counting calls.
 */
import { readlinkSync } from 'node:fs';
import vm from 'node:vm';
import { Worker } from 'node:worker_threads';
import { STOP_REASON, current, resetCalls, shared } from '../running.ts';

/** Why a guarded run was stopped from outside. */
export type Stop =
  | { readonly reason: 'time' }
  | { readonly reason: 'signal'; readonly signal: string }
  | { readonly reason: 'call-timeout'; readonly seconds: number };

/** The call that was running when a run was stopped: the model function and its input. */
export interface RunningCall {
  readonly where: string;
  readonly input: unknown;
  readonly arg: unknown;
}

const KEY = Symbol.for('interleave.guarded');
const script = new vm.Script('globalThis[Symbol.for("interleave.guarded")]()', { filename: 'interleave' });

/** True in the child that bin.mjs started and looks after (it talks to its parent over IPC). */
export const supervised = (): boolean => Boolean(process.send) && process.env.INTERLEAVE_PARENT === String(process.ppid);

/** A signal that arrived while no guarded run was going (it stops the next one at once). */
let pendingSignal: string | undefined;
/** One listener however many guarded runs overlap its 500 ms grace (runs in a row in one process, as in the tests). */
const absorb = (): void => {};
let absorbing = 0;

/** A signal the parent process (bin.mjs) says it received, forwarded to us as SIGINT. */
let forwardedSignal: string | undefined;

/**
 * In the CLI's process: a SIGINT outside a guarded run is remembered (the next run stops at once
 * and reports it); the parent's message naming the signal it received is remembered too.
 */
export function installSignalHandlers(): void {
  process.on('SIGINT', () => {
    pendingSignal ??= 'SIGINT';
    tellParent({ type: 'interrupted' });
  });
  if (supervised()) {
    process.on('message', (m: unknown) => {
      const signal = (m as { signal?: unknown } | null)?.signal;
      if (typeof signal === 'string') forwardedSignal = signal;
    });
    process.channel?.unref();
  }
}

/** Tells the parent process (bin.mjs) something, if there is one: progress for its report of a search that dies. */
export function tellParent(message: Record<string, unknown>): void {
  if (!supervised() || !process.connected) return;
  try {
    process.send?.(message);
  } catch {
    // The parent is gone: the watchdog ends this process.
  }
}

/** The signal a stopped run is reported under: the one the parent forwarded, else SIGINT. Waits briefly for the parent's word. */
export async function signalName(): Promise<string> {
  if (supervised() && forwardedSignal === undefined) await new Promise((r) => setTimeout(r, 50));
  return forwardedSignal ?? 'SIGINT';
}

/**
 * The watchdog thread: stops the search (SIGINT) when its heartbeat has not moved for the budget
 * (one model call, or one state's worth of them, has run that long); ends us if our parent dies.
 *
 * The budget is counted in CPU time of the thread that runs the search, read from Linux's
 * /proc/<pid>/task/<tid>/stat (utime + stime, in clock ticks of 10 ms), where it can be read, and
 * in wall time elsewhere. A search paused from outside (SIGSTOP, a suspended terminal job, a
 * virtual machine that is not scheduled) or starved of CPU by other processes does not spend its
 * budget while it waits: with wall time, a call of 1.2 s of CPU stopped for 3 s in the middle was
 * reported as looping past a 2-s budget (test/cli/battery.test.ts). A model function that loops
 * spends CPU time as it spends wall time; one that blocks (a synchronous wait, a child process)
 * spends none, and is stopped when it has run ten times the budget by the wall clock (100 s with
 * the default budget). A read of the CPU time that fails turns the clock to wall time for the
 * rest of the run.
 */
const WATCHDOG = `
const { readFileSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
const shared = new Int32Array(workerData.shared);
const { budgetMs, parent, stat } = workerData;
/** CPU milliseconds of the searching thread, or undefined if they cannot be read. */
const cpuMs = () => {
  try {
    const s = readFileSync(stat, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    const ms = (Number(f[11]) + Number(f[12])) * 10;
    return Number.isFinite(ms) ? ms : undefined;
  } catch {
    return undefined;
  }
};
let cpu = stat !== undefined && cpuMs() !== undefined;
let since = 0;
/** The budget's clock: CPU time while it can be read, else (for the rest of the run) wall time. */
const now = () => {
  const ms = cpu ? cpuMs() : undefined;
  if (ms !== undefined) return ms;
  if (cpu) {
    cpu = false;
    since = Date.now();
  }
  return Date.now();
};
// A call that blocks spends no CPU: it is stopped when it has made no progress for this long by the wall clock.
const wallBudgetMs = 10 * budgetMs;
let seen = -1, sinceWall = Date.now(), fired = false;
since = now();
setInterval(() => {
  if (parent && process.ppid !== parent) process.kill(process.pid, 'SIGKILL');
  if (fired || !(budgetMs > 0)) return;
  const beat = Atomics.load(shared, 0);
  // Only a model function that runs too long is stopped; the engine's own pauses (a collection of a
  // large heap, a table that doubles) restart the clock.
  if (beat !== seen || Atomics.load(shared, 2) === 0) {
    seen = beat;
    since = now();
    sinceWall = Date.now();
  } else if (now() - since >= budgetMs || Date.now() - sinceWall >= wallBudgetMs) {
    fired = true;
    Atomics.store(shared, 1, 1);
    process.kill(process.pid, 'SIGINT');
  }
}, 50);
`;

/** The stat file of the calling thread (Linux: /proc/thread-self names it), for the watchdog's CPU clock. */
function threadStat(): string | undefined {
  try {
    return `/proc/${readlinkSync('/proc/thread-self')}/stat`;
  } catch {
    return undefined;
  }
}

export interface GuardOptions {
  /** Stop after this many milliseconds (the search's own limit should stop it first). */
  readonly timeLimitMs?: number;
  /** Stop when one model call runs this long (0: no budget). */
  readonly callTimeoutMs: number;
}

/**
 * Runs f (synchronous) so that a time limit, a SIGINT or a model call past its budget ends it
 * wherever it is; gives f's value, or why it was stopped and the model call that was running.
 */
export function guarded<T>(f: () => T, o: GuardOptions): { readonly value: T } | { readonly stop: Stop; readonly running?: RunningCall } {
  resetCalls();
  if (pendingSignal !== undefined) return { stop: { reason: 'signal', signal: pendingSignal } };
  const parent = process.env.INTERLEAVE_PARENT === String(process.ppid) ? process.ppid : 0;
  let dog: Worker | undefined;
  if (o.callTimeoutMs > 0 || parent) {
    dog = new Worker(WATCHDOG, { eval: true, workerData: { shared: shared.buffer, budgetMs: o.callTimeoutMs, parent, stat: threadStat() } });
    dog.unref();
  }
  // A SIGINT the watchdog sends just as the run ends must not end the process.
  if (absorbing++ === 0) process.on('SIGINT', absorb);
  (globalThis as Record<symbol, unknown>)[KEY] = f;
  try {
    const timeout = o.timeLimitMs !== undefined ? Math.max(1, Math.ceil(o.timeLimitMs)) : undefined;
    return { value: script.runInThisContext({ breakOnSigint: true, ...(timeout !== undefined ? { timeout } : {}) }) as T };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT' && code !== 'ERR_SCRIPT_EXECUTION_INTERRUPTED') throw e;
    const running = current.where !== undefined ? { where: current.where, input: current.input, arg: current.arg } : undefined;
    // The heartbeat stopped with no model function running: the engine itself was slow (a stop
    // from outside all the same; reported as the time it took, not as the model's fault).
    const stuck = shared[STOP_REASON] === 1;
    const stop: Stop =
      code === 'ERR_SCRIPT_EXECUTION_TIMEOUT' || (stuck && running === undefined) ? { reason: 'time' } : stuck ? { reason: 'call-timeout', seconds: o.callTimeoutMs / 1000 } : { reason: 'signal', signal: 'SIGINT' };
    // The parent need not pass on a SIGINT that reached us too (bin.mjs).
    if (stop.reason === 'signal') tellParent({ type: 'interrupted' });
    return { stop, running };
  } finally {
    delete (globalThis as Record<symbol, unknown>)[KEY];
    void dog?.terminate();
    resetCalls();
    setTimeout(() => {
      if (--absorbing === 0) process.off('SIGINT', absorb);
    }, 500).unref();
  }
}
