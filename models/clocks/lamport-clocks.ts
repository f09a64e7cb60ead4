/**
 * Lamport clocks over unordered channels: `n` processes, each performing `events` internal events
 * or sends to any other process, and receiving whatever is sent to it. The engine tracks the true
 * happens-before relation, against which the clock condition and the (L, id) total order are checked.
 */
import { defineModel, system, unordered } from 'interleave';
import { lamportClockOf, lamportProcess, type LamportReceiveRule } from '../../src/clocks/lamport-process.ts';
import { lamportClockProperties } from '../../spec/clocks.ts';

/** The system: `n` processes keeping Lamport clocks with the given receive rule, with ground-truth causality. */
export function lamportSystem(n: number, events: number, receive: LamportReceiveRule = 'max+1') {
  return system({
    protocol: lamportProcess(n, { events, receive }),
    n,
    network: unordered,
    causality: true,
    properties: lamportClockProperties({ clockOf: lamportClockOf }, n),
  });
}

export default defineModel({
  name: 'lamport-clocks',
  family: 'clocks',
  description: 'Lamport clocks: tick on internal events and sends, max(own, message) + 1 on receipt',
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
  ],
  build: ({ n, events }) => lamportSystem(n, events),
});
