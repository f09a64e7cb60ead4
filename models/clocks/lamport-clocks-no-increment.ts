/** Mutant of lamport-clocks: a receive takes max(own, message) without the + 1, so it can tie with its send. */
import { defineModel } from 'interleave';
import correct, { lamportSystem } from './lamport-clocks.ts';

export default defineModel({
  name: 'lamport-clocks-no-increment',
  family: 'clocks',
  description: 'Broken Lamport clocks: on receipt, max(own, message) instead of max(own, message) + 1',
  params: correct.params,
  network: correct.network,
  mutantOf: 'lamport-clocks',
  expect: { verdict: 'violation', property: 'clock condition', traceLength: 2, distinctStates: 23 },
  build: ({ n, events }) => lamportSystem(n, events, 'max'),
});
