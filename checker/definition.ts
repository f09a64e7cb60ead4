/**
 * A model definition: a named, parameterised, bounded instance with the verdict it is expected
 * to give. The CLI lists and checks definitions; `npm run check` holds every bundled one to its
 * expectation.
 */
import { LoadError, UsageError, describeError } from './errors.ts';
import type { Report, Verdict } from './explore.ts';
import { exitCodeOf } from './explore.ts';
import type { ReductionName } from './reduce/names.ts';
import type { Checkable } from './model.ts';

/** An integer parameter. */
export interface ParamSpec {
  readonly default: number;
  readonly min: number;
  readonly max?: number;
  readonly description: string;
}

/** What checking the model at its default parameters must give. */
export interface Expectation {
  readonly verdict: Verdict;
  /** Pinned number of distinct states (for a complete search, or where a violation stops BFS). */
  readonly distinctStates?: number;
  /** For a violation: the property that fails. */
  readonly property?: string;
  /** For a violation or deadlock: the number of steps of the shortest counterexample. */
  readonly traceLength?: number;
  /** `heavy`: too slow for `npm test`, checked by `npm run test:heavy` (and always by `check-all`). */
  readonly tier?: 'heavy';
}

/** Another pinned instance of the same model. */
export interface Pinned<P> {
  readonly params: Partial<P>;
  readonly verdict: Verdict;
  readonly distinctStates: number;
  /** `heavy`: too slow for `npm test`, checked by `npm run test:heavy`. */
  readonly tier?: 'heavy';
  /** The search runs with these reductions (`--symmetry`, `--symmetry sort`, `--por`): the count is the reduced one. */
  readonly reductions?: readonly ReductionName[];
  /** The search order, where the count depends on it (`--symmetry sort`); default `bfs`. */
  readonly strategy?: 'bfs' | 'dfs';
}

export interface ModelDefinition<P extends Record<string, number> = Record<string, number>> {
  readonly name: string;
  /** e.g. `mutex`, `commit`, `clocks`. */
  readonly family: string;
  readonly description: string;
  readonly params: { readonly [K in keyof P]: ParamSpec };
  /** The network, in words: `fifo`, `unordered`, or `none` for a generic-level spec. */
  readonly network: string;
  readonly expect: Expectation;
  /** For a deliberately broken variant: the name of the correct model. */
  readonly mutantOf?: string;
  /** Further instances whose counts are pinned (checked by the tests and the benchmark). */
  readonly pinned?: readonly Pinned<P>[];
  /**
   * The witnesses (`sometimes` properties) these parameters rule out, each with why, e.g.
   * `{ 'held back': multicasts < 2 ? 'needs multicasts ≥ 2: …' : undefined }`: in so small an
   * instance they cannot occur, so `check` leaves them out (unless `--property` names them) and
   * says so, instead of failing a correct model with exit 12. None at the defaults.
   */
  ruledOut?(params: P): Readonly<Record<string, string | undefined>>;
  build(params: P): Checkable;
}

/** The witnesses a definition rules out at these parameters (see `ruledOut`), in its order. */
export function ruledOutAt<P extends Record<string, number>>(def: ModelDefinition<P>, params: P): { name: string; reason: string }[] {
  let r: unknown;
  try {
    r = def.ruledOut?.(params) ?? {};
  } catch (e) {
    throw new LoadError(`${def.name}.ruledOut(${formatParams(params)}) threw: ${describeError(e)}`);
  }
  if (typeof r !== 'object' || r === null || Array.isArray(r)) throw new LoadError(`${def.name}.ruledOut(${formatParams(params)}) returned ${Array.isArray(r) ? 'an array' : String(r)}, not an object of { witness: reason or undefined }`);
  return Object.entries(r).flatMap(([name, reason]) => {
    if (reason === undefined) return [];
    if (typeof reason !== 'string') throw new LoadError(`${def.name}.ruledOut(${formatParams(params)}) gave '${name}' a ${typeof reason}, not a reason (a string) or undefined`);
    return [{ name, reason }];
  });
}

/** Declares a model definition (an identity function that gives the parameters their types). */
export function defineModel<P extends Record<string, number>>(def: ModelDefinition<P>): ModelDefinition<P> {
  return def;
}

/** True when `x` looks like a model definition (for files loaded by path): it has a `build` function (definitionProblem says what else is wrong). */
export function isDefinition(x: unknown): x is ModelDefinition {
  return typeof x === 'object' && x !== null && typeof (x as ModelDefinition).build === 'function';
}

/** What is wrong with a definition loaded from a file, in a few words; undefined when nothing is. */
export function definitionProblem(d: ModelDefinition): string | undefined {
  if (typeof d.name !== 'string' || d.name === '') return 'its name is not a non-empty string';
  const params: unknown = d.params;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return 'its params is not an object of { default, min, max?, description }';
  if (d.ruledOut !== undefined && typeof d.ruledOut !== 'function') return 'its ruledOut is not a function of the parameters';
  for (const [k, spec] of Object.entries(params as Record<string, unknown>)) {
    const p = spec as Partial<ParamSpec> | null;
    if (typeof p !== 'object' || p === null) return `params.${k} is not { default, min, max?, description }`;
    if (!Number.isSafeInteger(p.default) || !Number.isSafeInteger(p.min) || (p.max !== undefined && !Number.isSafeInteger(p.max))) return `params.${k} needs an integer default and min (and max, if given)`;
  }
  return undefined;
}

/** The expected exit code of a definition at its defaults. */
export function expectedExitCode(def: ModelDefinition): number {
  return exitCodeOf(def.expect.verdict);
}

/**
 * How a report of the model at its defaults differs from its manifest entry's `expect` (empty when
 * it agrees): the verdict and exit code, the distinct states, the property broken (or the witness
 * not found) and the counterexample's length where pinned, and for a model that passes, every
 * invariant holding and every witness found (none vacuous). `npm run check` (check-all) holds every
 * bundled model to it.
 */
export function expectationProblems(def: ModelDefinition, r: Report): string[] {
  const problems: string[] = [];
  const e = def.expect;
  if (r.verdict !== e.verdict) problems.push(`verdict ${r.verdict}, expected ${e.verdict}${r.error ? ` (${r.error})` : ''}`);
  else if (r.exitCode !== expectedExitCode(def)) problems.push(`exit ${r.exitCode}, expected ${expectedExitCode(def)}`);
  if (e.distinctStates !== undefined && r.distinctStates !== e.distinctStates) problems.push(`${r.distinctStates} states, expected ${e.distinctStates}`);
  if (e.property !== undefined && r.counterexample?.property?.name !== e.property && !r.properties.some((p) => p.name === e.property && p.status === 'unwitnessed')) {
    problems.push(`fails ${r.counterexample?.property?.name ?? 'no property'}, expected ${e.property}`);
  }
  if (e.traceLength !== undefined && r.counterexample?.steps.length !== e.traceLength) problems.push(`counterexample of ${r.counterexample?.steps.length ?? 0} steps, expected ${e.traceLength}`);
  if (e.verdict === 'pass' && r.verdict === 'pass') for (const p of r.properties) if (p.status !== (p.kind === 'sometimes' ? 'witnessed' : 'holds')) problems.push(`${p.name} ${p.status}`);
  return problems;
}

/** Parses `name=value` overrides against the definition's parameters; one-line errors on bad input. */
export function resolveParams<P extends Record<string, number>>(def: ModelDefinition<P>, overrides: readonly string[] | Readonly<Record<string, string | number>>): P {
  const params: Record<string, number> = {};
  for (const [k, spec] of Object.entries(def.params) as [string, ParamSpec][]) params[k] = spec.default;
  const pairs: [string, string][] = Array.isArray(overrides)
    ? (overrides as readonly string[]).map((o) => {
        const eq = o.indexOf('=');
        if (eq <= 0) throw new UsageError(`--param expects name=value, got '${o}'`);
        return [o.slice(0, eq), o.slice(eq + 1)];
      })
    : Object.entries(overrides).map(([k, v]) => [k, String(v)]);
  const given = new Set<string>();
  for (const [k, raw] of pairs) {
    if (given.has(k)) throw new UsageError(`parameter ${k} given twice (--param ${k}=…)`);
    given.add(k);
    const spec = (def.params as Record<string, ParamSpec>)[k];
    if (!spec) {
      const known = Object.keys(def.params);
      throw new UsageError(`model ${def.name} has no parameter '${k}' (parameters: ${known.length ? known.join(', ') : 'none'})`);
    }
    if (!/^-?\d+$/.test(raw.trim())) throw new UsageError(`parameter ${k} must be an integer, got '${raw}'`);
    const v = Number(raw);
    if (!Number.isSafeInteger(v)) throw new UsageError(`parameter ${k} must be an integer, got '${raw}'`);
    if (v < spec.min) throw new UsageError(`parameter ${k} must be at least ${spec.min}, got ${v}`);
    if (spec.max !== undefined && v > spec.max) throw new UsageError(`parameter ${k} must be at most ${spec.max}, got ${v}`);
    params[k] = v;
  }
  return params as P;
}

/** `n=3, entries=2`. */
export function formatParams(params: Readonly<Record<string, number>>): string {
  return Object.entries(params).map(([k, v]) => `${k}=${v}`).join(', ');
}
