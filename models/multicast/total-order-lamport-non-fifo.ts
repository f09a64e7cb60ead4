/**
 * The notes' claim that total order does not imply FIFO, as a witness: the Lamport protocol
 * without the wait for agreement between one's own multicasts keeps total order, yet some process
 * delivers a sender's second multicast before its first.
 */
import { bundledModel } from '../manifest.ts';
import { firstNeed, lamportSystem, orderingParams, twoFromOneSender, twoFromTheOthers, twoMulticasts } from './systems.ts';

export default bundledModel({
  name: 'total-order-lamport-non-fifo',
  family: 'multicast',
  description: "Claim check: total order without FIFO (Lamport/ISIS with no wait between one's own multicasts); witness 'FIFO broken'",
  params: orderingParams({ senders: 1 }),
  network: 'unordered',
  ruledOut: (p) => ({
    'all delivered': firstNeed(p, twoMulticasts),
    'FIFO broken': firstNeed(p, twoFromOneSender('two multicasts of one sender, delivered in the other order')),
    'one slow process holds up every delivery': firstNeed(p, twoFromTheOthers),
  }),
  build: ({ n, multicasts, senders }) => lamportSystem(n, { multicasts, senders, fifo: false }),
});
