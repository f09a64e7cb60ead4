/**
 * Ricart–Agrawala, with happens-before between requests tracked: not FIFO-fair. The shortest
 * counterexample to `FIFO fairness` is the witness: P1's request happened before P0's second one
 * (through P2's OK, which carries no timestamp, so P0's clock never learns of it), yet P0, with the
 * smaller Lamport time, enters while P1 waits. Needs two entries: with one, every causal chain
 * between requests passes through a request message, which does advance the clock.
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
