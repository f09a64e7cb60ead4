/**
 * The notes' other way to FIFO order: "Can also implement FIFO ordering by just using a reliable
 * FIFO transport like TCP/IP". Delivery on receipt (src/multicast/fifo-transport.ts) over reliable
 * FIFO channels: FIFO order holds with no sequence number and no hold-back queue. Its mutant
 * `fifo-multicast-tcp-reordering` runs the same protocol over channels that reorder.
 */
import { fifo, unordered } from 'interleave';
import { fifoByTransport } from '../../src/multicast/fifo-transport.ts';
import { allDelivered, ordersDiffer } from '../../spec/multicast.ts';
import { bundledModel } from '../manifest.ts';
import { FIFO_CLAIMS, firstNeed, multicastSystem, multicastView, orderingParams, twoMulticasts, twoSenders } from './systems.ts';

const build = (network: typeof fifo) => ({ n, multicasts, senders }: Record<string, number>) => {
  const v = multicastView();
  return multicastSystem({ protocol: fifoByTransport({ multicasts, senders }), n, claims: FIFO_CLAIMS, witnesses: [allDelivered(v), ordersDiffer(v)], network });
};

export const fifoMulticastTcp = bundledModel({
  name: 'fifo-multicast-tcp',
  family: 'multicast',
  description: 'FIFO multicast by the transport: delivery on receipt over reliable FIFO channels ("like TCP/IP"), no hold-back queue',
  params: orderingParams(),
  network: 'fifo',
  ruledOut: (p) => ({
    'all delivered': firstNeed(p, twoMulticasts),
    'orders differ': firstNeed(p, twoSenders("FIFO order is the only order of one sender's multicasts")),
  }),
  build: build(fifo),
});

export const fifoMulticastTcpReordering = bundledModel({
  name: 'fifo-multicast-tcp-reordering',
  family: 'multicast',
  description: 'Broken FIFO multicast by the transport: the same delivery on receipt over channels that reorder, not "a reliable FIFO transport"',
  params: orderingParams(),
  network: 'unordered',
  mutantOf: 'fifo-multicast-tcp',
  // Breaks the notes' "using a reliable FIFO transport like TCP/IP": the channels reorder.
  build: build(unordered),
});
