/**
 * Vector clocks over unordered channels: `n` processes, each performing `events` internal events
 * or sends to any other process, and receiving whatever is sent to it. The engine tracks the true
 * happens-before relation, which the vector clocks must characterise exactly.
 */
import { defineModel, system, unordered } from 'interleave';
import { clockModel } from './shared.ts';
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
  ...clockModel,
  build: ({ n, events }) => vectorSystem(n, events),
});
