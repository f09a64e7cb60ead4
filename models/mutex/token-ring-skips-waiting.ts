/**
 * Mutant of token-ring: a waiting holder may pass the token on instead of entering (SPIN's
 * `token_ring_pml.py N skip`). Mutual exclusion still holds; a waiting process can starve. Under
 * weak fairness `enter` is enabled only while the token is here, so a run in which the token keeps
 * going round is fair and the request is never granted (a lasso, exit 13); under strong fairness
 * (`--fairness strong`) `enter`, enabled again and again, must be taken, and the property holds.
 */
import { defineModel } from 'interleave';
import { tokenRing } from './algorithms.ts';
import { basic, mutexParams, type MutexParams } from './family.ts';

const ring = tokenRing();
const proto = ring.protocol;
/** Breaks "a process passes the token on only when it does not need the critical section": WANT may pass too. */
const skipsWaiting = { ...proto, name: 'token-ring-skips-waiting', actions: { ...proto.actions, pass: { ...proto.actions.pass, guard: (s: { mode: string; token: boolean }) => (s.mode === 'FREE' || s.mode === 'WANT') && s.token } } };

export default defineModel<MutexParams>({
  name: 'token-ring-skips-waiting',
  family: 'mutex',
  description: 'Broken token ring: a waiting holder may pass the token on, so a waiting process can starve (liveness)',
  params: mutexParams({ n: 3, entries: 0 }, 16, true),
  network: 'fifo',
  mutantOf: 'token-ring',
  expect: { verdict: 'liveness', property: 'every request is eventually granted', traceLength: 7 },
  pinned: [{ params: { n: 14, entries: 0 }, verdict: 'liveness', distinctStates: 573_440 }],
  build: (p) => basic({ ...ring, protocol: skipsWaiting }, p),
});
