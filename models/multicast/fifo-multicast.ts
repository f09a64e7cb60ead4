/** FIFO multicast over reliable unordered channels: per-sender sequence numbers, hold back until the next expected. */
import { bundledModel } from '../manifest.ts';
import { fifoSystem, orderingParams } from './systems.ts';

export default bundledModel({
  name: 'fifo-multicast',
  family: 'multicast',
  description: 'FIFO multicast: per-sender sequence numbers; a message is held back until it is the next expected from its sender',
  params: orderingParams(),
  network: 'unordered',
  build: ({ n, multicasts, senders }) => fifoSystem(n, { multicasts, senders }),
});
