/** The bully algorithm's models: n processes, the top `crashes` of which may crash. */
import { system, unordered, type Protocol, type System } from 'interleave';
import { bully, higherAlive, type BullyMsg, type BullyState } from '../../src/election/bully.ts';
import { contextOf } from 'interleave';
import { highestLiveEventuallyLeads, highestLiveWhenSettled, leaderKnown, oneLeader, reElected, type SettlingView } from '../../spec/election.ts';

export type BullyParams = Record<string, number> & { readonly n: number; readonly crashes: number };

export const bullyParams = {
  n: { default: 3, min: 2, max: 6, description: 'processes; the id is the priority' },
  crashes: { default: 1, min: 0, max: 5, description: 'how many of the highest processes may crash' },
};

export function bullyView(n: number): SettlingView<BullyState> {
  return {
    id: (_s, p) => p,
    leader: (s) => s.leader,
    live: (s) => s.up,
    started: (s) => s.started,
    couldDeclare: (s, p) => s.up && s.started && s.leader !== p && higherAlive(s, contextOf(p, n)).length === 0,
  };
}

export function bullySystem({ n, crashes }: BullyParams, alter: (p: Protocol<BullyState, BullyMsg>) => Protocol<BullyState, BullyMsg> = (p) => p): System<BullyState, BullyMsg> {
  const view = bullyView(n);
  return system<BullyState, BullyMsg>({
    protocol: alter(bully((p) => p >= n - crashes)),
    n,
    network: unordered,
    properties: [oneLeader(view), highestLiveWhenSettled(view), highestLiveEventuallyLeads(view), leaderKnown(view), ...(crashes > 0 ? [reElected(view)] : [])],
    // A run that stops short of a leader is a stuck path, a counterexample to the liveness
    // property (exit 13), rather than a deadlock: every stuck state without a leader fails it, and
    // every stuck state with one is a proper end.
    checkDeadlock: false,
  });
}
