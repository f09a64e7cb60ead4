/** FIFO multicast over reliable unordered channels: per-sender sequence numbers, hold back until the next expected. */
import { bundledModel } from '../manifest.ts';
import { fifoSystem, firstNeed, orderingParams, twoFromOneSender, twoFromTheOthers, twoMulticasts, twoSenders } from './systems.ts';

export default bundledModel({
  name: 'fifo-multicast',
  family: 'multicast',
  description: 'FIFO multicast: per-sender sequence numbers; a message is held back until it is the next expected from its sender',
  params: orderingParams(),
  network: 'unordered',
  ruledOut: (p) => ({
    'held back': firstNeed(p, twoFromOneSender("a sender's one multicast is never out of order")),
    'all delivered': firstNeed(p, twoMulticasts),
    'others deliver while one is slow': firstNeed(p, twoFromTheOthers),
    'orders differ': firstNeed(p, twoSenders("FIFO order is the only order of one sender's multicasts")),
  }),
  build: ({ n, multicasts, senders }) => fifoSystem(n, { multicasts, senders }),
});
