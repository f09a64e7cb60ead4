/**
 * Vector clocks over unordered channels: `n` processes, each performing `events` internal events
 * or sends to any other process, and receiving whatever is sent to it. The engine tracks the true
 * happens-before relation, which the vector clocks must characterise exactly.
 */
import { defineModel, system, unordered } from 'interleave';
import { vectorClockOf, vectorProcess, type VectorProcessOptions } from '../../src/clocks/vector-process.ts';
import { vectorClockProperties } from '../../spec/clocks.ts';

/** The system: `n` processes keeping vector clocks (optionally broken), with ground-truth causality. */
export function vectorSystem(n: number, events: number, variant: Omit<VectorProcessOptions, 'events'> = {}) {
  return system({
    protocol: vectorProcess(n, { events, ...variant }),
    n,
    network: unordered,
    causality: true,
    properties: vectorClockProperties({ vectorOf: vectorClockOf }, n),
  });
}

export default defineModel({
  name: 'vector-clocks',
  family: 'clocks',
  description: 'Vector clocks: increment the own entry on every event, merge (element-wise max) on receipt',
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
  build: ({ n, events }) => vectorSystem(n, events),
});
