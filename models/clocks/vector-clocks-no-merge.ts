/** Mutant of vector-clocks: a receive keeps the receiver's own entries (no element-wise max), so a send and its receive look concurrent. */
import { defineModel } from 'interleave';
import correct, { vectorSystem } from './vector-clocks.ts';

export default defineModel({
  name: 'vector-clocks-no-merge',
  family: 'clocks',
  description: "Broken vector clocks: on receipt, only the own entry is incremented; the message's clock is not merged",
  params: correct.params,
  network: correct.network,
  mutantOf: 'vector-clocks',
  expect: { verdict: 'violation', property: 'vector clocks characterise causality', traceLength: 2, distinctStates: 23 },
  build: ({ n, events }) => vectorSystem(n, events, { merge: false }),
});
