/**
 * Mutant of fifo-multicast: delivery on receipt over a network that may deliver a message twice
 * (a retransmission): with no sequence-number check a receiver delivers the copy too. The correct
 * protocol over the same network keeps integrity (test/multicast checks it).
 */
import { defineModel } from 'interleave';
import correct from './fifo-multicast.ts';
import { fifoSystem } from './systems.ts';

export default defineModel({
  name: 'fifo-multicast-no-holdback-duplicating',
  family: 'multicast',
  description: 'Broken FIFO multicast over a duplicating network: delivers on receipt, so a retransmitted copy is delivered again',
  params: { ...correct.params, multicasts: { ...correct.params.multicasts, default: 1 }, senders: { ...correct.params.senders, default: 1 } },
  network: 'unordered, duplicating',
  mutantOf: 'fifo-multicast',
  expect: { verdict: 'violation', property: 'integrity', traceLength: 3 },
  build: ({ n, multicasts, senders }) => fifoSystem(n, { multicasts, senders, holdBack: false }, { order: 'unordered', duplicating: true }),
});
