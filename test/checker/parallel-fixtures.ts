/** Models for test/checker/parallel.test.ts that a worker thread loads by module and export. */
import { isMainThread } from 'node:worker_threads';
import { compile } from '../../checker/compile.ts';
import { COMPILE, type Checkable, type Compiled } from '../../checker/model.ts';
import type { Model } from '../../index.ts';

/** States 0…2,000 (two steps each, +1 and +2); next throws on state 1,500 (unless `throws` is false), found in a level both threads expand. */
export function thrower(throws = true): Model<number, number> {
  return {
    name: 'thrower',
    init: () => [0],
    actions: (s) => (s < 2000 ? [1, 2] : []),
    next: (s, a) => {
      if (s === 1500 && throws) throw new Error('boom at 1500');
      return s + a;
    },
    checkDeadlock: false,
  };
}

/**
 * The thrower's states, compiled, with an engine-side failure (not the model's: a compiled model is
 * the engine's to the search) in the worker thread only, where `where` says:
 * - 'expand': a refused allocation (`RangeError: Array buffer allocation failed`) on the states from 1,500 on, as
 *   when a thread's frontier or columns cannot grow; one thread gives the memory limit for it;
 * - 'adopt': an error while the worker takes the main thread's memo tables, outside any level.
 */
export function failsInWorker(where: 'expand' | 'adopt', inMain = false): Checkable {
  const here = (): boolean => inMain || !isMainThread;
  // Compiled when the search compiles it: a worker thread then numbers values with the others.
  return {
    name: 'thrower',
    [COMPILE]: (): Compiled => {
      const c = compile(thrower(false));
      return {
        ...c,
        expand(v, emit) {
          if (where === 'expand' && here() && (c.decode(v) as number) >= 1500) throw new RangeError('Array buffer allocation failed');
          c.expand(v, emit);
        },
        memoSnapshot: () => ({}),
        adoptMemo: () => {
          if (where === 'adopt' && here()) throw new Error('boom while adopting');
          return 0;
        },
      };
    },
  };
}
