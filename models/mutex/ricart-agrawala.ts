/**
 * Ricart–Agrawala over FIFO channels per ordered pair; each process enters the critical section
 * `entries` times. Counts agree with SPIN on shared/bench/ricart_agrawala_pml.py.
 */
import { defineModel } from 'interleave';
import { ricartAgrawala } from './algorithms.ts';
import { basic, mutexParams, type MutexParams } from './family.ts';

/** The system: `n` processes running Ricart–Agrawala, each requesting the critical section `entries` times. */
export function raSystem(n: number, entries: number, tieBreak = true, crashes = 0) {
  // Declared symmetric (every process runs the same code), which `--symmetry` refutes: ties
  // between equal timestamps are broken by process id, and the deferred queue holds ids.
  return basic(ricartAgrawala({ tieBreak }), { n, entries, crashes }, { symmetric: true });
}

export default defineModel<MutexParams>({
  name: 'ricart-agrawala',
  family: 'mutex',
  description: 'Ricart–Agrawala mutual exclusion: multicast a (Lamport time, id) request, enter with N-1 OKs',
  params: mutexParams({ n: 3, entries: 2 }),
  network: 'fifo',
  expect: { verdict: 'pass', distinctStates: 334_489 },
  pinned: [
    { params: { n: 3, entries: 1 }, verdict: 'pass', distinctStates: 4_893 },
    { params: { n: 4, entries: 1 }, verdict: 'pass', distinctStates: 10_690_481 },
  ],
  build: ({ n, entries, crashes }) => raSystem(n, entries, true, crashes ?? 0),
});
