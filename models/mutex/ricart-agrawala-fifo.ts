/**
 * Ricart–Agrawala with ground-truth causality: not FIFO-fair. The shortest counterexample to
 * `FIFO fairness` is the witness: a process whose request happened before another's (through an
 * OK, which carries no timestamp) still waits while the other, with the smaller Lamport time, enters.
 */
import { defineModel } from 'interleave';
import { ricartAgrawala } from './algorithms.ts';
import { fairness, mutexParams, type MutexParams } from './family.ts';

export default defineModel<MutexParams>({
  name: 'ricart-agrawala-fifo',
  family: 'mutex',
  description: 'Ricart–Agrawala is not FIFO-fair: a request that happened before another can be served second',
  params: mutexParams({ n: 3, entries: 2 }),
  network: 'fifo',
  expect: { verdict: 'violation', property: 'FIFO fairness', traceLength: 16 },
  build: (p) => fairness(ricartAgrawala(), p),
});
