/** Mutant of total-order-sequencer: a message is delivered even when an earlier GSN is missing (no hold-back on gaps). */
import { defineModel } from 'interleave';
import correct from './total-order-sequencer.ts';
import { sequencerSystem } from './systems.ts';

export default defineModel({
  name: 'total-order-sequencer-no-gap-holdback',
  family: 'multicast',
  description: 'Broken sequencer: delivers a message whose GSN is above the last delivered, without waiting for the gap to fill',
  params: correct.params,
  network: correct.network,
  mutantOf: 'total-order-sequencer',
  expect: { verdict: 'violation', property: 'FIFO-total order', traceLength: 3 },
  build: ({ n, multicasts, senders }) => sequencerSystem(n, { multicasts, senders, holdBackGaps: false }),
});
