/**
 * Which of the model's functions is running now, for a search stopped from outside while it runs
 * (a time limit, Ctrl-C, a call that runs too long). `calls` lives in shared memory so that a
 * watchdog thread can see, without stopping the search, whether a model function has been running
 * for long: [0] calls started, [1] calls in progress, [2] why the watchdog stopped the search.
 */
export const calls = new Int32Array(new SharedArrayBuffer(16));
export const CALLS_STARTED = 0;
export const CALLS_RUNNING = 1;
export const STOP_REASON = 2;

/** The model function running now (the innermost), what it was called on, and its other argument (an action, a message). */
export const current: { where: string | undefined; input: unknown; arg: unknown } = { where: undefined, input: undefined, arg: undefined };

/** Marks the start of a call of the model's function `where` on `input` (and `arg`); `leave` ends it. */
export function enter(where: string, input: unknown, arg?: unknown): void {
  calls[CALLS_STARTED]++;
  calls[CALLS_RUNNING]++;
  current.where = where;
  current.input = input;
  current.arg = arg;
}
export function leave(): void {
  calls[CALLS_RUNNING]--;
  current.where = undefined;
}

/** Forgets any call a stopped search left open. */
export function resetCalls(): void {
  calls[CALLS_RUNNING] = 0;
  calls[STOP_REASON] = 0;
  current.where = undefined;
  current.input = undefined;
  current.arg = undefined;
}

/** An input computed only when a report shows it (decoding a state costs more than the call's bookkeeping). */
export class Lazy {
  constructor(readonly get: () => unknown) {}
}
