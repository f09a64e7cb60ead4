/** FIFO-total order without a sequencer: Lamport timestamps with process-id tie-break, agreed by proposals (ISIS-style). */
import { defineModel } from 'interleave';
import { lamportSystem, orderingParams } from './systems.ts';

export default defineModel({
  name: 'total-order-lamport',
  family: 'multicast',
  description: 'FIFO-total order, ISIS-style: receivers propose Lamport timestamps, the sender agrees the largest (time, id)',
  params: orderingParams(),
  network: 'unordered',
  expect: { verdict: 'pass', distinctStates: 338_042 },
  build: ({ n, multicasts, senders }) => lamportSystem(n, { multicasts, senders }),
});
