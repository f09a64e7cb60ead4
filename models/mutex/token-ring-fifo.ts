/**
 * Token ring observed in real time: not FIFO-fair. The token serves the ring in ring order, not in
 * the order the processes asked; the witness is a process that asked first and still waits.
 *
 * Real time, not happens-before: a waiting process sends nothing until it has entered, so two
 * contending requests are never causally ordered and FIFO fairness by happens-before holds only
 * vacuously (the checker shows it: with `fairness` from family.ts, `FIFO fairness` holds and
 * `ordered contention` is never witnessed; see table.ts). A ghost observer of the interleaving
 * order gives the notes' sense of "FIFO order".
 */
import { defineModel } from 'interleave';
import { tokenRing } from './algorithms.ts';
import { mutexParams, realTimeFairness, type MutexParams } from './family.ts';

export default defineModel<MutexParams>({
  name: 'token-ring-fifo',
  family: 'mutex',
  description: 'Token ring is not FIFO-fair: witness of a process that asked first and enters second (real time)',
  params: mutexParams({ n: 3, entries: 2 }),
  network: 'fifo',
  expect: { verdict: 'pass', distinctStates: 1_548 },
  build: (p) => realTimeFairness(tokenRing(), p, false),
});
