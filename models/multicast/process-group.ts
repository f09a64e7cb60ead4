/** A process group: a coordinator orders joins, leaves and multicasts; closed or open, fixed or dynamic. */
import type { Protocol } from 'interleave';
import { processGroup, type GroupMessage, type GroupState } from '../../src/multicast/group.ts';
import { bundledModel } from '../manifest.ts';
import { groupSystem } from './systems.ts';

type Group = Protocol<GroupState, GroupMessage>;

export const groupParams = {
  n: { default: 3, min: 2, max: 4, description: 'number of processes (P0 coordinates)' },
  multicasts: { default: 1, min: 1, max: 2, description: 'multicasts each process makes (2 is a search of many minutes)' },
  dynamic: { default: 1, min: 0, max: 1, description: '1: dynamic membership (P0, P1 start in; others may join; members may leave); 0: fixed' },
  closed: { default: 1, min: 0, max: 1, description: "1: closed group (only members' multicasts are accepted); 0: open" },
};

/** The group system for these parameters (`variant` of the reference protocol, for the mutants). */
export function buildGroup(p: { n: number; multicasts: number; dynamic: number; closed: number }, variant: (g: Group) => Group = (g) => g, crashes = 0) {
  const o = { multicasts: p.multicasts, dynamic: p.dynamic === 1, closed: p.closed === 1 };
  return groupSystem(p.n, o, variant(processGroup(o)), crashes);
}

/**
 * The group with one crash-stop allowed: fixed membership only (every process a member), since a
 * joiner whose JOIN went to a crashed coordinator would wait for ever (a deadlock); and n ≥ 3. A
 * crash is a step while none has happened, so a run ends only after one: with n=2, either the
 * coordinator crashed (nothing is checked) or P1 did (only P0 is), and P1's deliveries would
 * never be checked. From n=3 every member is checked in the runs where another one crashes (the
 * runs with no crash are the plain process-group's).
 */
export const crashParams = {
  ...groupParams,
  n: { ...groupParams.n, min: 3 },
  dynamic: { default: 0, min: 0, max: 0, description: '0: fixed membership (every process a member; with a crash, a joiner could wait for ever)' },
};

export default bundledModel({
  name: 'process-group',
  family: 'multicast',
  description: 'Process group: a coordinator orders joins, leaves and multicasts; a closed group refuses non-members',
  params: groupParams,
  network: 'unordered',
  ruledOut: ({ n, dynamic }) => ({ 'joiner delivers': dynamic === 1 && n < 3 ? 'needs n ≥ 3: P0 and P1 start in the group, so no process is left to join' : undefined }),
  build: ({ n, multicasts, dynamic, closed }) => buildGroup({ n, multicasts, dynamic, closed }),
});

/**
 * The notes' "Allows fault-tolerant systems even if some processes fail": any one process may
 * crash-stop. While the coordinator is up the live members go on (`live members deliver`, with the
 * witness `a member crashed, the others deliver`); a crashed coordinator stalls the group (the
 * witness `a crashed coordinator stalls the group`: the notes' "… but may require extra work to
 * elect coordinator").
 */
export const processGroupCrash = bundledModel({
  name: 'process-group-crash',
  family: 'multicast',
  description: 'Process group when one process may crash: the live members go on while the coordinator is up; a crashed coordinator stalls the group',
  params: crashParams,
  network: 'unordered',
  build: ({ n, multicasts, dynamic, closed }) => buildGroup({ n, multicasts, dynamic, closed }, (g) => g, 1),
});
