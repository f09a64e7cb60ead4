/** A process group: a coordinator orders joins, leaves and multicasts; closed or open, fixed or dynamic. */
import { defineModel } from 'interleave';
import type { GroupBug } from '../../src/multicast/group.ts';
import { groupSystem } from './systems.ts';

export const groupParams = {
  n: { default: 3, min: 2, max: 4, description: 'number of processes (P0 coordinates)' },
  multicasts: { default: 1, min: 1, max: 2, description: 'multicasts each process makes (2 is a search of many minutes)' },
  dynamic: { default: 1, min: 0, max: 1, description: '1: dynamic membership (P0, P1 start in; others may join; members may leave); 0: fixed' },
  closed: { default: 1, min: 0, max: 1, description: "1: closed group (only members' multicasts are accepted); 0: open" },
};

/** The group system for these parameters (with a bug, for the mutants). */
export function buildGroup(p: { n: number; multicasts: number; dynamic: number; closed: number }, bug?: GroupBug) {
  return groupSystem(p.n, { multicasts: p.multicasts, dynamic: p.dynamic === 1, closed: p.closed === 1, bug });
}

export default defineModel({
  name: 'process-group',
  family: 'multicast',
  description: 'Process group: a coordinator orders joins, leaves and multicasts; a closed group refuses non-members',
  params: groupParams,
  network: 'unordered',
  expect: { verdict: 'pass', distinctStates: 18_580 },
  pinned: [
    { params: { closed: 0 }, verdict: 'pass', distinctStates: 22_482 },
    { params: { dynamic: 0 }, verdict: 'pass', distinctStates: 580 },
  ],
  build: ({ n, multicasts, dynamic, closed }) => buildGroup({ n, multicasts, dynamic, closed }),
});
