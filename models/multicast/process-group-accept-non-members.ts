/** Mutant of process-group: the coordinator of a closed group accepts a non-member's multicast. */
import { defineModel } from 'interleave';
import correct, { buildGroup } from './process-group.ts';

export default defineModel({
  name: 'process-group-accept-non-members',
  family: 'multicast',
  description: "Broken closed group: the coordinator orders a non-member's multicast",
  params: correct.params,
  network: correct.network,
  mutantOf: 'process-group',
  expect: { verdict: 'violation', property: 'closed group', traceLength: 2 },
  build: ({ n, multicasts, dynamic, closed }) => buildGroup({ n, multicasts, dynamic, closed }, 'accept-non-members'),
});
