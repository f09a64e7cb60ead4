/** Total order with a sequencer (P0): ask for a GSN, send with it, deliver in GSN order. */
import { defineModel } from 'interleave';
import { orderingParams, sequencerSystem } from './systems.ts';

export default defineModel({
  name: 'total-order-sequencer',
  family: 'multicast',
  description: 'Total order with a sequencer: members ask P0 for a global sequence number, then send; delivery in GSN order',
  params: orderingParams(),
  network: 'unordered',
  expect: { verdict: 'pass', distinctStates: 2_735 },
  pinned: [{ params: { multicasts: 1, senders: 3 }, verdict: 'pass', distinctStates: 850 }],
  build: ({ n, multicasts, senders }) => sequencerSystem(n, { multicasts, senders }),
});
