/** Models for test/checker/parallel.test.ts that a worker thread loads by module and export. */
import { isMainThread } from 'node:worker_threads';
import { compile } from '../../checker/compile.ts';
import { COMPILE, type Checkable, type Compiled } from '../../checker/model.ts';
import { always, type Model } from '../../index.ts';

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

/** 1,000 initial states (0…999) and 4,000 more, a step of +1,000 each: the first level finds 1,000 states. */
export function wide(): Model<number, number> {
  return {
    name: 'wide',
    init: () => Array.from({ length: 1000 }, (_, i) => i),
    actions: (s) => (s < 4000 ? [1000] : []),
    next: (s, a) => s + a,
    checkDeadlock: false,
  };
}

/**
 * The thrower's states (or wide's), compiled, with an engine-side failure (not the model's: a compiled model is
 * the engine's to the search) in the worker thread only, where `where` says:
 * - 'expand': a refused allocation (`RangeError: Array buffer allocation failed`) on every state it expands, as
 *   when a thread's frontier or columns cannot grow; one thread gives the memory limit for it;
 * - 'adopt': an error while the worker takes the main thread's memo tables (300 ms into its first
 *   level), outside any level's own code.
 */
export function failsInWorker(where: 'expand' | 'adopt', inMain = false, model: 'thrower' | 'wide' = 'thrower'): Checkable {
  const here = (): boolean => inMain || !isMainThread;
  // Compiled when the search compiles it: a worker thread then numbers values with the others.
  return {
    name: model,
    [COMPILE]: (): Compiled => {
      const c = compile(model === 'wide' ? wide() : thrower(false));
      return {
        ...c,
        expand(v, emit) {
          if (where === 'expand' && here()) throw new RangeError('Array buffer allocation failed');
          c.expand(v, emit);
        },
        memoSnapshot: () => ({}),
        adoptMemo: () => {
          if (where === 'adopt' && here()) {
            // Late enough that the main thread is well into the level (wide: its table grows meanwhile).
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
            throw new Error('boom while adopting');
          }
          return 0;
        },
      };
    },
  };
}

/** wide's states; next loops for ever in a worker thread (a model function that never returns). */
export function loopsInWorker(): Model<number, number> {
  return {
    ...wide(),
    name: 'loops-in-worker',
    next: (s, a) => {
      if (!isMainThread) for (;;);
      return s + a;
    },
  };
}

/**
 * 1,000 initial states. In the main thread every step leads back to its state (nothing new); in a
 * worker thread the first call of next sleeps `sleepMs`, and each state has 64 steps to states not
 * seen: a worker that comes back late inserts many states, into a table that may need to grow.
 */
export function lateWorker(sleepMs = 3500): Model<number, number> {
  let slept = false;
  return {
    name: 'late-worker',
    init: () => Array.from({ length: 1000 }, (_, i) => i),
    actions: (s) => (s < 1000 ? Array.from({ length: 64 }, (_, a) => a) : []),
    next: (s, a) => {
      if (isMainThread) return s;
      if (!slept) {
        slept = true;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, sleepMs);
      }
      return 1000 + 64 * s + a;
    },
    checkDeadlock: false,
  };
}

/** From the initial state: d, a deadlock (1 step), and x, whose one step leads to bad, which breaks 'not bad' (2 steps). */
export function deadlockOrDeeperViolation(): Model<string, string> {
  const edges: Record<string, string[]> = { start: ['d', 'x'], d: [], x: ['bad'], bad: [] };
  return {
    name: 'deadlock-or-deeper-violation',
    init: () => ['start'],
    actions: (s) => edges[s],
    next: (_s, to) => to,
    properties: [always('not bad', (s) => s !== 'bad')],
  };
}

/** x counts up for ever; the constraint keeps x ≤ 4: 'x below 5' is broken only by a successor outside it (x = 5, 5 steps). */
export function constrainedCounter(): Model<{ x: number }, string> {
  return {
    name: 'constrained-counter',
    init: () => [{ x: 0 }],
    actions: () => ['inc'],
    next: (s) => ({ x: s.x + 1 }),
    constraint: (s) => s.x <= 4,
    properties: [always('x below 5', (s) => s.x < 5)],
  };
}
