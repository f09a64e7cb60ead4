/**
 * Chang–Roberts on a ring of n: the scheme every ring model is built from. `arrangement` picks the
 * ids around the ring: the permutations of n…1 in lexicographic order, so 0 is n, n−1, …, 1
 * (decreasing along the ring: the worst case, n(n+1)/2 election messages) and n!−1 is 1, 2, …, n
 * (the best case, 2n−1).
 */
import { UsageError, system, unordered, type Protocol, type System } from 'interleave';
import { changRoberts, type RingMsg, type RingState } from '../../src/election/chang-roberts.ts';
import { everyoneKnowsTheLeader, leaderKnown, messagesOfType, oneLeader, ringMessageCount, type ElectionView } from '../../spec/election.ts';

export type RingParams = Record<string, number> & { readonly n: number; readonly arrangement: number };

export const ringParams = {
  n: { default: 4, min: 2, max: 6, description: 'processes on the ring' },
  arrangement: { default: 0, min: 0, max: 719, description: 'which arrangement of ids: 0 = decreasing along the ring (worst), n!−1 = increasing (best)' },
};

/** The k-th permutation of n, n−1, …, 1 in lexicographic order of that list. */
export function arrangementOf(n: number, k: number): number[] {
  let f = 1;
  for (let i = 2; i <= n; i++) f *= i;
  if (k >= f) throw new UsageError(`parameter arrangement must be below n! = ${f} for n=${n}, got ${k}`);
  const pool = Array.from({ length: n }, (_, i) => n - i);
  const out: number[] = [];
  let rest = k;
  for (let m = n; m >= 1; m--) {
    f /= m;
    out.push(pool.splice(Math.floor(rest / f), 1)[0]);
    rest %= f;
  }
  return out;
}

export const ringView: ElectionView<RingState> = { id: (s) => s.id, leader: (s) => s.leader };
export const electionCounter = messagesOfType('ELECTION');

export function ringSystem({ n, arrangement }: RingParams, alter: (p: Protocol<RingState, RingMsg>) => Protocol<RingState, RingMsg> = (p) => p): System<RingState, RingMsg> {
  const ids = arrangementOf(n, arrangement);
  return system<RingState, RingMsg>({
    protocol: alter(changRoberts(ids)),
    n,
    network: unordered,
    observers: [electionCounter],
    properties: [oneLeader(ringView), everyoneKnowsTheLeader(ringView), ringMessageCount(ids, electionCounter), leaderKnown(ringView)],
  });
}
