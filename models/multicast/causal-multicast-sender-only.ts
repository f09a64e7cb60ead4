/** Mutant of causal-multicast: the delivery condition checks only the sender's entry of the timestamp (so it is FIFO, not causal). */
import { defineModel } from 'interleave';
import correct from './causal-multicast.ts';
import { causalSystem } from './systems.ts';

export default defineModel({
  name: 'causal-multicast-sender-only',
  family: 'multicast',
  description: "Broken causal multicast: checks only the sender's entry of the vector timestamp",
  params: correct.params,
  network: correct.network,
  mutantOf: 'causal-multicast',
  expect: { verdict: 'violation', property: 'causal order', traceLength: 4 },
  build: ({ n, multicasts, senders }) => causalSystem(n, { multicasts, senders, checkAllEntries: false }),
});
