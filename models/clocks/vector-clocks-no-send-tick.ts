/** Mutant of vector-clocks: a send does not increment the own entry, so the send carries the previous timestamp and looks earlier than events concurrent with it. */
import { defineModel } from 'interleave';
import correct, { vectorSystem } from './vector-clocks.ts';

export default defineModel({
  name: 'vector-clocks-no-send-tick',
  family: 'clocks',
  description: 'Broken vector clocks: a send does not increment the own entry',
  params: correct.params,
  network: correct.network,
  mutantOf: 'vector-clocks',
  expect: { verdict: 'violation', property: 'vector clocks characterise causality', traceLength: 2, distinctStates: 12 },
  build: ({ n, events }) => vectorSystem(n, events, { tickOnSend: false }),
});
