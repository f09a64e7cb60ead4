/** FIFO multicast over a lossy network, with acknowledgements and retransmission: every multicast is eventually delivered. */
import { bundledModel } from '../manifest.ts';
import { reliableFifoMulticast } from '../../src/multicast/reliable-fifo.ts';
import { firstNeed, lossyFifoSystem, orderingParams, twoFromOneSender, twoMulticasts } from './systems.ts';

export default bundledModel({
  name: 'fifo-multicast-lossy',
  family: 'multicast',
  description: 'FIFO multicast over a lossy network: cumulative acks, retransmission of the first unacknowledged message; delivered under strong delivery fairness',
  params: orderingParams({ n: 3, multicasts: 2, senders: 1 }),
  network: 'unordered, lossy',
  ruledOut: (p) => ({
    'held back': firstNeed(p, twoFromOneSender("a sender's one multicast is never out of order")),
    'all delivered': firstNeed(p, twoMulticasts),
  }),
  build: ({ n, multicasts, senders }) => lossyFifoSystem(n, reliableFifoMulticast({ multicasts, senders }), multicasts),
});
