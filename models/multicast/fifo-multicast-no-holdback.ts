/** Mutant of fifo-multicast: a message is delivered on receipt (no hold-back), so a sender's second multicast can overtake its first. */
import { defineModel } from 'interleave';
import correct from './fifo-multicast.ts';
import { fifoSystem } from './systems.ts';

export default defineModel({
  name: 'fifo-multicast-no-holdback',
  family: 'multicast',
  description: 'Broken FIFO multicast: delivers every message on receipt, with no hold-back queue',
  params: correct.params,
  network: correct.network,
  mutantOf: 'fifo-multicast',
  expect: { verdict: 'violation', property: 'FIFO order', traceLength: 3 },
  build: ({ n, multicasts, senders }) => fifoSystem(n, { multicasts, senders, holdBack: false }),
});
