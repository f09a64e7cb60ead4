/**
 * Lamport clocks over unordered channels: `n` processes, each performing `events` internal events
 * or sends to any other process, and receiving whatever is sent to it. The engine tracks the true
 * happens-before relation, against which the clock condition and the (L, id) total order are checked.
 */
import { defineModel, system, unordered } from 'interleave';
import { clockModel } from './shared.ts';
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
  ...clockModel,
  build: ({ n, events }) => lamportSystem(n, events),
});
