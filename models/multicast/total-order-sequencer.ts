/** Total order with a sequencer (P0): ask for a GSN, send with it, deliver in GSN order. */
import { bundledModel } from '../manifest.ts';
import { firstNeed, orderingParams, sequencerSystem, twoMulticasts, twoToHoldBack } from './systems.ts';

export default bundledModel({
  name: 'total-order-sequencer',
  family: 'multicast',
  description: 'Total order with a sequencer: members ask P0 for a global sequence number, then send; delivery in GSN order',
  params: orderingParams(),
  network: 'unordered',
  ruledOut: (p) => ({
    'held back': firstNeed(p, twoToHoldBack),
    'all delivered': firstNeed(p, twoMulticasts),
  }),
  build: ({ n, multicasts, senders }) => sequencerSystem(n, { multicasts, senders }),
});
