/** FIFO multicast over reliable unordered channels: per-sender sequence numbers, hold back until the next expected. */
import { defineModel } from 'interleave';
import { fifoSystem, orderingParams } from './systems.ts';

export default defineModel({
  name: 'fifo-multicast',
  family: 'multicast',
  description: 'FIFO multicast: per-sender sequence numbers; a message is held back until it is the next expected from its sender',
  params: orderingParams(),
  network: 'unordered',
  expect: { verdict: 'pass', distinctStates: 3_105 },
  build: ({ n, multicasts, senders }) => fifoSystem(n, { multicasts, senders }),
});
