/**
 * Lamport clocks over unordered channels: `n` processes, each performing `events` internal events
 * or sends to any other process, and receiving whatever is sent to it. The engine tracks the true
 * happens-before relation, against which the clock condition and the (L, id) total order are checked.
 */
import { system, unordered, type Protocol } from 'interleave';
import { clockModel } from './shared.ts';
import { lamportClockOf, lamportProcess, type LamportMessage, type LamportProcessState } from '../../src/clocks/lamport-process.ts';
import { lamportClockProperties } from '../../spec/clocks.ts';
import { bundledModel } from '../manifest.ts';

type Lamport = Protocol<LamportProcessState, LamportMessage>;

/** The system: `n` processes keeping Lamport clocks (`variant` of the reference, for the mutants), with ground-truth causality. */
export function lamportSystem(n: number, events: number, variant: (p: Lamport) => Lamport = (p) => p) {
  return system({
    protocol: variant(lamportProcess(n, { events })),
    n,
    network: unordered,
    causality: true,
    properties: lamportClockProperties({ clockOf: lamportClockOf }, n),
  });
}

export default bundledModel({
  name: 'lamport-clocks',
  family: 'clocks',
  description: 'Lamport clocks: tick on internal events and sends, max(own, message) + 1 on receipt',
  ...clockModel,
  ruledOut: ({ n, events }) => ({
    'concurrent events with ordered clocks': n < 3 && events < 2 ? 'needs n ≥ 3 or events ≥ 2: with two processes of one event each, events with different clocks are causally ordered' : undefined,
  }),
  build: ({ n, events }) => lamportSystem(n, events),
});
