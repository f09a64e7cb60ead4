/**
 * Vector clocks over unordered channels: `n` processes, each performing `events` internal events
 * or sends to any other process, and receiving whatever is sent to it. The engine tracks the true
 * happens-before relation, which the vector clocks must characterise exactly.
 */
import { system, unordered, type Protocol } from 'interleave';
import { clockModel } from './shared.ts';
import { vectorClockOf, vectorProcess, type VectorMessage, type VectorProcessState } from '../../src/clocks/vector-process.ts';
import { vectorClockProperties } from '../../spec/clocks.ts';
import { bundledModel } from '../manifest.ts';

type Vector = Protocol<VectorProcessState, VectorMessage>;

/** The system: `n` processes keeping vector clocks (`variant` of the reference, for the mutants), with ground-truth causality. */
export function vectorSystem(n: number, events: number, variant: (p: Vector) => Vector = (p) => p) {
  return system({
    protocol: variant(vectorProcess(n, { events })),
    n,
    network: unordered,
    causality: true,
    properties: vectorClockProperties({ vectorOf: vectorClockOf }, n),
  });
}

export default bundledModel({
  name: 'vector-clocks',
  family: 'clocks',
  description: 'Vector clocks: increment the own entry on every event, merge (element-wise max) on receipt',
  ...clockModel,
  build: ({ n, events }) => vectorSystem(n, events),
});
