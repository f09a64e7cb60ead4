/** Mutant of process-group: a joiner discards a multicast that arrives before its WELCOME instead of holding it back. */
import { defineModel } from 'interleave';
import correct, { buildGroup } from './process-group.ts';

export default defineModel({
  name: 'process-group-discard-early',
  family: 'multicast',
  description: 'Broken group: a joiner drops multicasts that overtake its WELCOME instead of holding them back',
  params: correct.params,
  network: correct.network,
  mutantOf: 'process-group',
  expect: { verdict: 'violation', property: 'joined member delivers later multicasts', traceLength: 13 },
  build: ({ n, multicasts, dynamic, closed }) => buildGroup({ n, multicasts, dynamic, closed }, 'discard-early'),
});
