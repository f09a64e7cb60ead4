/**
 * Observers: pure folds of each step into ghost state (see `Observer`). Each observer's ghost is
 * interned to a number and kept in one slot of the state vector; `observe` is memoised on (ghost,
 * step), so a ghost costs a look-up per step once its values are known.
 *
 * `messageCounter` is the engine's own observer behind `countMessages`: how many messages each
 * process has sent.
 */
import { ModelError, call } from '../errors.ts';
import { Interner, equalData } from '../values.ts';
import { describeDifference } from '../describe.ts';
import { DETERMINISM_CHECKS } from '../model.ts';
import type { Observed, Observer } from './types.ts';

/** How many messages each process has sent (`GlobalState.sent`). */
export function messageCounter(n: number): Observer<readonly number[]> {
  return {
    name: 'sent',
    init: () => Array.from({ length: n }, () => 0),
    observe: (sent, step) => (step.sent.length === 0 ? sent : sent.map((k, p) => (p === step.p ? k + step.sent.length : k))),
    show: (sent) => ({ perProcess: sent.map((k) => ({ sent: k })) }),
  };
}

export interface Observers<L, M> {
  readonly count: number;
  /** Initial ghosts (one number per observer) into v at `at`. */
  init(procs: readonly L[], v: Int32Array, at: number): void;
  /** The ghosts after step `s`: reads v[at…], writes out[at…]. */
  step(v: Int32Array, out: Int32Array, at: number, key: number, observed: () => Observed<L, M>): void;
  /** The ghost of observer i, numbered g. */
  value(i: number, g: number): unknown;
  readonly names: readonly string[];
  show(i: number, g: number, n: number): { readonly perProcess?: readonly Readonly<Record<string, unknown>>[]; readonly global?: Readonly<Record<string, unknown>> };
  stats(): Record<string, number>;
}

export function observers<L, M>(list: readonly Observer<any, L, M>[]): Observers<L, M> {
  const k = list.length;
  const ghosts = list.map((o) => new Interner<unknown>(`${o.name} ghosts`));
  /**
   * memo[i]: observer i's next ghost after step `key` from ghost g, under key * 2^21 + g (ghosts are
   * numbered below 2^21 here; keys of environment steps are negative).
   */
  const memo: Map<number, number>[] = list.map(() => new Map());
  const where = list.map((o) => `observer ${o.name}`);
  const checked = list.map(() => 0);
  const next = (i: number, key: number, g: number, step: () => Observed<L, M>): number => {
    const mk = key * 2_097_152 + g;
    let r = memo[i].get(mk);
    if (r === undefined) r = nextMiss(i, mk, g, step);
    return r;
  };
  let observed: Observed<L, M> | undefined;
  const nextMiss = (i: number, mk: number, g: number, step: () => Observed<L, M>): number => {
    const s = (observed ??= step());
    const o = list[i];
    const ghost = ghosts[i].values[g];
    const a = call(where[i], () => o.observe(ghost, s));
    if (checked[i] < DETERMINISM_CHECKS) {
      checked[i]++;
      const b = call(where[i], () => o.observe(ghost, s));
      if (!equalData(a, b)) throw new ModelError(`${where[i]} is not deterministic: the same step gave ${describeDifference(a, b)}`, where[i]);
    }
    const r = ghosts[i].intern(a);
    if (r >= 2_097_152) throw new ModelError(`${where[i]} made more than 2,097,152 distinct ghosts`, where[i]);
    memo[i].set(mk, r);
    return r;
  };
  return {
    count: k,
    names: list.map((o) => o.name),
    init(procs, v, at) {
      for (let i = 0; i < k; i++) v[at + i] = ghosts[i].intern(call(where[i], () => list[i].init(procs)));
    },
    step(v, out, at, key, step) {
      observed = undefined;
      for (let i = 0; i < k; i++) out[at + i] = next(i, key, v[at + i], step);
    },
    value: (i, g) => ghosts[i].values[g],
    show(i, g, n) {
      const o = list[i];
      const ghost = ghosts[i].values[g];
      return o.show ? o.show(ghost, n) : { global: { [o.name]: ghost } };
    },
    stats: () => Object.fromEntries(list.map((o, i) => [`${o.name} ghosts`, ghosts[i].size])),
  };
}
