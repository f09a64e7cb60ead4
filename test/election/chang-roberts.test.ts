/** Chang–Roberts over every arrangement of ids for n ≤ 5: one leader, everyone learns it, exact message counts. */
import { describe, expect, it } from 'vitest';
import { atQuiescence, explore, ghostOf, system } from 'interleave';
import { arrangementOf, electionCounter, ringSystem } from '../../models/election/ring.ts';
import { ringElectionMessages } from '../../spec/election.ts';

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));

describe('Chang–Roberts', () => {
  it('arrangements: 0 decreases along the ring, n!−1 increases, and all n! are distinct permutations', () => {
    expect(arrangementOf(4, 0)).toEqual([4, 3, 2, 1]);
    expect(arrangementOf(4, 23)).toEqual([1, 2, 3, 4]);
    const all = Array.from({ length: 120 }, (_, k) => arrangementOf(5, k).join(','));
    expect(new Set(all).size).toBe(120);
    expect(() => arrangementOf(4, 24)).toThrow(/below n! = 24/);
  });

  // n=5 (120 arrangements, ~17 s on this machine) runs with INTERLEAVE_HEAVY=1.
  const sizes = process.env.INTERLEAVE_HEAVY ? [2, 3, 4, 5] : [2, 3, 4];
  it.each(sizes)('n=%i: every arrangement passes, and the observed election messages range over 2n−1 … n(n+1)/2', (n) => {
    const observed: number[] = [];
    for (let arrangement = 0; arrangement < factorial(n); arrangement++) {
      const sys = ringSystem({ n, arrangement });
      // What the observer counted in every quiescent state, beside the model's own properties.
      const counts = new Set<number>();
      const probe = atQuiescence<Parameters<NonNullable<typeof sys.spec.isEnd>>[0]>('probe', (g) => (counts.add(ghostOf(g, electionCounter)), true));
      const r = explore(system({ ...sys.spec, properties: [...(sys.spec.properties ?? []), probe] }));
      expect(r.verdict, `arrangement ${arrangement}`).toBe('pass');
      expect(counts.size, `one count per arrangement (${arrangement})`).toBe(1);
      const [k] = counts;
      expect(k).toBe(ringElectionMessages(arrangementOf(n, arrangement)));
      observed.push(k);
    }
    expect(Math.max(...observed)).toBe((n * (n + 1)) / 2);
    expect(Math.min(...observed)).toBe(2 * n - 1);
    expect(observed[0]).toBe((n * (n + 1)) / 2); // decreasing ids: the worst case
    expect(observed[observed.length - 1]).toBe(2 * n - 1); // increasing ids: the best case
  });
});
