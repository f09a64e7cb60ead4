/** FIFO-total order without a sequencer: Lamport timestamps with process-id tie-break, agreed by proposals (ISIS-style). */
import { bundledModel } from '../manifest.ts';
import { firstNeed, lamportSystem, orderingParams, twoMulticasts, twoSendersBesidesTheLast } from './systems.ts';

export default bundledModel({
  name: 'total-order-lamport',
  family: 'multicast',
  description: 'FIFO-total order, ISIS-style: receivers propose Lamport timestamps, the sender agrees the largest (time, id)',
  params: orderingParams(),
  network: 'unordered',
  ruledOut: (p) => ({
    'all delivered': firstNeed(p, twoMulticasts),
    'one slow process holds up every delivery': firstNeed(p, twoSendersBesidesTheLast("a sender's next multicast waits until it has delivered its last")),
  }),
  build: ({ n, multicasts, senders }) => lamportSystem(n, { multicasts, senders }),
});
