/** Total order with a circulating token that grants the right to send and carries the next sequence number. */
import { bundledModel } from '../manifest.ts';
import { firstNeed, orderingParams, tokenSystem, twoMulticasts, twoToHoldBack } from './systems.ts';

export default bundledModel({
  name: 'total-order-token',
  family: 'multicast',
  description: 'Total order with a token: only the holder sends, numbering with the sequence number the token carries',
  params: orderingParams(),
  network: 'unordered',
  ruledOut: (p) => ({
    'held back': firstNeed(p, twoToHoldBack),
    'all delivered': firstNeed(p, twoMulticasts),
  }),
  build: ({ n, multicasts, senders }) => tokenSystem(n, { multicasts, senders }),
});
