/** What the two clock models share: parameters, network and pinned counts. */
import type { Pinned } from 'interleave';

type ClockParams = { n: number; events: number };

export const clockModel = {
  params: {
    n: { default: 3, min: 2, max: 4, description: 'number of processes' },
    events: { default: 1, min: 1, max: 4, description: 'internal events and sends per process (receives come on top)' },
  },
  network: 'unordered',
  // Measured once and pinned. Both clock models have the same counts: a process's clock is a
  // function of its causal history, which the engine already keeps in the state.
  expect: { verdict: 'pass', distinctStates: 480 },
  pinned: [
    { params: { n: 2, events: 2 }, verdict: 'pass', distinctStates: 749 },
    { params: { n: 4, events: 1 }, verdict: 'pass', distinctStates: 15_128 },
    { params: { n: 3, events: 2 }, verdict: 'pass', distinctStates: 802_806 },
  ] as Pinned<ClockParams>[],
} as const;
