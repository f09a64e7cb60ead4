/**
 * Which of the model's functions is running now, for a search stopped from outside while it runs
 * (a time limit, Ctrl-C, a call that runs too long), and a heartbeat that a watchdog thread reads
 * from shared memory: the explorer beats it every few states, so a heartbeat that stops while a
 * model function runs means that function has run for that long. Recording a call costs a few
 * stores (`enter`, `leave`); shared-memory counters per call cost ~20 ns each and showed in
 * `npm run bench`, so the heartbeat is per 64 expansions instead.
 */
export let shared: Int32Array<SharedArrayBuffer> = new Int32Array(new SharedArrayBuffer(12));

/**
 * A worker thread of the parallel search keeps its counters in the search's memory (`region`, three
 * ints), where the main thread watches them for --call-timeout (checker/parallel/search.ts).
 */
export function shareCalls(region: Int32Array<SharedArrayBuffer>): void {
  shared = region;
}
/** shared[HEARTBEAT]: bumped as the search makes progress. */
export const HEARTBEAT = 0;
/** shared[STOP_REASON]: 1 when the watchdog stopped the search because the heartbeat stopped. */
export const STOP_REASON = 1;
/**
 * shared[IN_CALL]: 1 while a model function runs (a plain store, not an atomic: the watchdog only
 * needs to see it eventually). A heartbeat that stops while the engine itself works (a collection
 * of a large heap, a table that doubles) is not a model function running too long.
 */
export const IN_CALL = 2;

/** Bumps the heartbeat: the search is making progress. */
export function beat(): void {
  shared[HEARTBEAT]++;
}

/** The model function running now (the innermost), what it was called on, and its other argument (an action, a message). */
export const current: { where: string | undefined; input: unknown; arg: unknown } = { where: undefined, input: undefined, arg: undefined };

/** Marks the start of a call of the model's function `where` on `input` (and `arg`); `leave` ends it. */
export function enter(where: string, input: unknown, arg?: unknown): void {
  current.where = where;
  current.input = input;
  current.arg = arg;
  shared[IN_CALL] = 1;
}
export function leave(): void {
  current.where = undefined;
  shared[IN_CALL] = 0;
}

/** Forgets any call a stopped search left open. */
export function resetCalls(): void {
  shared[STOP_REASON] = 0;
  shared[IN_CALL] = 0;
  current.where = undefined;
  current.input = undefined;
  current.arg = undefined;
}

/** An input computed only when a report shows it (decoding a state costs more than the call's bookkeeping). */
export class Lazy {
  constructor(readonly get: () => unknown) {}
}
