/** Mutant of total-order-lamport: timestamps are compared by time only, with no process-id tie-break. */
import { defineModel } from 'interleave';
import correct from './total-order-lamport.ts';
import { lamportSystem } from './systems.ts';

export default defineModel({
  name: 'total-order-lamport-no-tiebreak',
  family: 'multicast',
  description: 'Broken Lamport total order: equal agreed times are not ordered by process id',
  params: correct.params,
  network: correct.network,
  mutantOf: 'total-order-lamport',
  expect: { verdict: 'violation', property: 'total order', traceLength: 18 },
  build: ({ n, multicasts, senders }) => lamportSystem(n, { multicasts, senders, tieBreak: false }),
});
