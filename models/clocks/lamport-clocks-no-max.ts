/** Mutant of lamport-clocks: a receive ignores the message's timestamp (own + 1, no max), so a receive can get a smaller clock than its send. */
import { defineModel } from 'interleave';
import correct, { lamportSystem } from './lamport-clocks.ts';

export default defineModel({
  name: 'lamport-clocks-no-max',
  family: 'clocks',
  description: 'Broken Lamport clocks: on receipt, own + 1 instead of max(own, message) + 1',
  params: correct.params,
  network: correct.network,
  mutantOf: 'lamport-clocks',
  expect: { verdict: 'violation', property: 'clock condition', traceLength: 2, distinctStates: 23 },
  build: ({ n, events }) => lamportSystem(n, events, 'own+1'),
});
