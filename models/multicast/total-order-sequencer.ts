/** Total order with a sequencer (P0): ask for a GSN, send with it, deliver in GSN order. */
import { bundledModel } from '../manifest.ts';
import { orderingParams, sequencerSystem } from './systems.ts';

export default bundledModel({
  name: 'total-order-sequencer',
  family: 'multicast',
  description: 'Total order with a sequencer: members ask P0 for a global sequence number, then send; delivery in GSN order',
  params: orderingParams(),
  network: 'unordered',
  build: ({ n, multicasts, senders }) => sequencerSystem(n, { multicasts, senders }),
});
