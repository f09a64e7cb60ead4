/**
 * Ricart–Agrawala over FIFO channels per ordered pair; each process enters the critical section
 * `entries` times. Counts agree with SPIN on shared/bench/ricart_agrawala_pml.py.
 */
import { defineModel, fifo, system } from 'interleave';
import { inCriticalSection, ricartAgrawala, waiting } from '../../src/mutex/ricart-agrawala.ts';
import { mutexProperties } from '../../spec/mutex.ts';

/** The system: `n` processes running `protocol`, each requesting the critical section `entries` times. */
export function raSystem(n: number, entries: number, tieBreak = true) {
  return system({
    protocol: ricartAgrawala({ tieBreak }),
    n,
    network: fifo,
    workload: { request: entries },
    properties: mutexProperties({ inCriticalSection, waiting }),
  });
}

export default defineModel({
  name: 'ricart-agrawala',
  family: 'mutex',
  description: 'Ricart–Agrawala mutual exclusion: multicast a (Lamport time, id) request, enter with N-1 OKs',
  params: {
    n: { default: 3, min: 2, max: 8, description: 'number of processes' },
    entries: { default: 2, min: 1, max: 10, description: 'critical-section entries per process' },
  },
  network: 'fifo',
  expect: { verdict: 'pass', distinctStates: 334_489 },
  pinned: [
    { params: { n: 3, entries: 1 }, verdict: 'pass', distinctStates: 4_893 },
    { params: { n: 4, entries: 1 }, verdict: 'pass', distinctStates: 10_690_481 },
  ],
  build: ({ n, entries }) => raSystem(n, entries),
});
