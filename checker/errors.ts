/**
 * Errors the engine raises on purpose. Each carries the exit code the CLI maps it to
 * (TLC's conventions) and the values involved, so a one-line message can name the problem.
 */

import { describeValue } from './describe.ts';
import { IN_CALL, Lazy, current, shared } from './running.ts';

/** Exit codes of `interleave`, following TLC where TLC has one. */
export const ExitCode = {
  pass: 0,
  deadlock: 11,
  violation: 12,
  liveness: 13,
  modelError: 75,
  loadError: 150,
  badArguments: 151,
  incomplete: 152,
  internal: 255,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Base class: an error whose message is one line meant for the user. */
export class InterleaveError extends Error {
  readonly exitCode: ExitCodeValue;
  constructor(message: string, exitCode: ExitCodeValue, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** The model misbehaved: a handler threw, mutated its input, or is not deterministic. Exit 75. */
export class ModelError extends InterleaveError {
  /** Name of the handler, action or function at fault, when known. */
  readonly where: string | undefined;
  constructor(message: string, where?: string, options?: { cause?: unknown }) {
    super(message, ExitCode.modelError, options);
    this.where = where;
  }
}

/**
 * A value that a state cannot hold (a function, a symbol, NaN, a BigInt, a cycle), found while
 * storing it; `problem` says what and where (`a function at value.f`). `blame` names the model
 * function that returned it.
 */
export class NotPlainDataError extends ModelError {
  readonly problem: string;
  constructor(problem: string, where?: string) {
    super(`${where ? `${where} returned` : 'the model gave'} a value that is not plain data: ${problem}`, where);
    this.problem = problem;
  }
}

/** A model could not be loaded: unknown name, missing file, no default export. Exit 150. */
export class LoadError extends InterleaveError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.loadError, options);
  }
}

/** Bad command-line arguments or model parameters. Exit 151. */
export class UsageError extends InterleaveError {
  constructor(message: string) {
    super(message, ExitCode.badArguments);
  }
}

/** One line from anything thrown: the message, without a stack. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return (e.message || e.name).split('\n')[0];
  return String(e).split('\n')[0];
}

/**
 * An allocation the machine refused (a table, column or frontier that could not grow, in the
 * engine's own code): the search's memory limit, reached early, not an error.
 */
export function allocationRefused(e: unknown): boolean {
  return e instanceof RangeError && /allocation failed|Invalid typed array length|Array buffer/i.test(e.message);
}

/**
 * The ModelError for an exception thrown by the model's own function `where` (a handler, `next`, a
 * property…): a write to frozen input is reported as a mutation, anything else as a throw.
 */
/**
 * What a property's predicate returned, refused if undefined: a missing `return` (`(s) => { s.x < 5; }`)
 * would otherwise read as false, and the property be reported violated.
 */
export function truthOf<R>(where: string, r: R): R {
  if (r === undefined) throw new ModelError(`${where} returned undefined, not true or false (a missing return?)`, where);
  return r;
}

export function blame(where: string, e: unknown): ModelError {
  if (e instanceof NotPlainDataError && e.where === undefined) return new NotPlainDataError(e.problem, where);
  if (e instanceof ModelError) return e;
  // What the function was called on, while the call that set it is still running (call, enter).
  const on = current.where === where ? describeInput(current.input, current.arg) : '';
  const at = on === '' ? '' : ` (${on.slice(1)})`;
  if (e instanceof RangeError && /call stack/i.test(e.message)) return new ModelError(`${where} recursed too deeply (or was given a cyclic value): ${describeError(e)}${at}`, where, { cause: e });
  if (e instanceof TypeError && /read[- ]only|frozen|not extensible|Cannot (assign|add|delete|define|set|clear)/i.test(e.message)) {
    return new ModelError(`${where} mutated its input: ${describeError(e)}${at}`, where, { cause: e });
  }
  return new ModelError(`${where} threw: ${describeError(e)}${at}`, where, { cause: e });
}

/** ` on {…} with REQUEST(ts=1)`: what a model function was called on (its input, and an action or message), each cut short; '' if nothing. */
export function describeInput(input: unknown, arg: unknown): string {
  const shown = (x: unknown): string => {
    try {
      return describeValue(x instanceof Lazy ? x.get() : x, 200);
    } catch {
      return '(cannot be shown)';
    }
  };
  return `${input !== undefined ? ` on ${shown(input)}` : ''}${arg !== undefined ? ` with ${shown(arg)}` : ''}`;
}

/**
 * Calls the model's function f, turning what it throws into a ModelError naming `where`; while f
 * runs, `current` says so (with `input`, what it was called on), for a search stopped from outside.
 */
export function call<T>(where: string, f: () => T, input?: unknown, arg?: unknown): T {
  const w = current.where;
  const i = current.input;
  const a = current.arg;
  const inCall = shared[IN_CALL];
  current.where = where;
  current.input = input;
  current.arg = arg;
  shared[IN_CALL] = 1;
  try {
    return f();
  } catch (e) {
    throw blame(where, e);
  } finally {
    current.where = w;
    current.input = i;
    current.arg = a;
    shared[IN_CALL] = inCall;
  }
}
