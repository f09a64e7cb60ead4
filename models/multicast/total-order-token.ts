/** Total order with a circulating token that grants the right to send and carries the next sequence number. */
import { defineModel } from 'interleave';
import { orderingParams, tokenSystem } from './systems.ts';

export default defineModel({
  name: 'total-order-token',
  family: 'multicast',
  description: 'Total order with a token: only the holder sends, numbering with the sequence number the token carries',
  params: orderingParams(),
  network: 'unordered',
  expect: { verdict: 'pass', distinctStates: 3_661 },
  pinned: [{ params: { multicasts: 1, senders: 3 }, verdict: 'pass', distinctStates: 189 }],
  build: ({ n, multicasts, senders }) => tokenSystem(n, { multicasts, senders }),
});
