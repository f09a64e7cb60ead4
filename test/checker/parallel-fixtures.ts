/** Models for test/checker/parallel.test.ts that a worker thread loads by module and export. */
import type { Model } from '../../index.ts';

/** States 0…2,000 (two steps each, +1 and +2); next throws on state 1,500, found in a level both threads expand. */
export function thrower(): Model<number, number> {
  return {
    name: 'thrower',
    init: () => [0],
    actions: (s) => (s < 2000 ? [1, 2] : []),
    next: (s, a) => {
      if (s === 1500) throw new Error('boom at 1500');
      return s + a;
    },
    checkDeadlock: false,
  };
}
