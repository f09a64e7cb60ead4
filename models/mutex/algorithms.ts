/**
 * The algorithms of the family, each registered once: its protocol, the view the properties read
 * it through, its network, its message cost per entry, and what each generated instance shows
 * (family.ts `instancesOf`). Their pinned facts are in models/manifest.json.
 *
 * Adding an algorithm: write `src/mutex/<name>.ts`, describe it here, add it to `ALGORITHMS` in
 * index.ts, and give each generated instance its facts in models/manifest.json.
 */
import { fifo } from 'interleave';
import * as cs from '../../src/mutex/central-server.ts';
import * as lm from '../../src/mutex/lamport-mutex.ts';
import * as ra from '../../src/mutex/ricart-agrawala.ts';
import * as rav from '../../src/mutex/ricart-agrawala-vector.ts';
import * as tr from '../../src/mutex/token-ring.ts';
import type { Algorithm } from './family.ts';

/**
 * Central server over FIFO channels: n competing processes (P1 … Pn) and the coordinator P0. Every
 * message counts, the coordinator's grants included: lock + grant + unlock = 3 per entry. The
 * coordinator grants in request order, so a request that happened before another is served
 * first; a crashed coordinator blocks everyone (it "can’t distinguish crash of C from long wait").
 */
export const centralServer = {
  name: 'central-server',
  roles: (n) => cs.centralServer(n),
  forever: { maxN: 8 },
  view: { inCriticalSection: cs.inCriticalSection, waiting: cs.waiting, competes: cs.competes, request: 'lock' },
  network: fifo,
  cost: () => ({ perEntry: 3, formula: '3' }),
  entries: 2,
  fairness: 'happens-before',
  // A process learns of another's request only from a grant the coordinator sends after
  // receiving it: it must have queued behind a third process, and then request again.
  fifoRuledOut: ({ n, entries }) => ({
    'ordered contention': n < 3 || entries < 2 ? 'needs n ≥ 3 and entries ≥ 2: a request follows another only through a later grant' : undefined,
  }),
  describe: {
    plain: 'Central lock server: lock, grant (or queue at the coordinator), unlock',
    cost: 'Central server, counting messages: exactly 3 per entry',
    fifo: 'Central server is FIFO-fair: no request is served before one that happened before it',
    crash: 'Central server when one process may crash: with the coordinator gone, every lock waits forever',
    crashIdle: 'Central server when one process (victim) may crash while idle: only the coordinator (victim=0) is a point of failure',
  },
} satisfies Algorithm<cs.CSState, cs.CSMessage>;

/**
 * Token ring over FIFO channels: P0 starts with the token, which passes P0 → P1 → … → P0 forever,
 * so there is no fixed cost per entry. Its -fifo instance is in real time: a waiting process sends
 * nothing until it has entered, so two contending requests are never causally ordered and FIFO
 * fairness by happens-before holds only vacuously (table.ts shows it); a ghost observer of the
 * interleaving order gives the notes' sense of "FIFO order", and its witness is a process that
 * asked first and still waits. With one crash the token dies with its holder (or in the channel to
 * a crashed process).
 */
export const tokenRing = {
  name: 'token-ring',
  protocol: tr.tokenRing(),
  view: { inCriticalSection: tr.inCriticalSection, waiting: tr.waiting },
  network: fifo,
  forever: { maxN: 16 },
  entries: 2,
  fairness: 'real time',
  describe: {
    plain: 'Token ring: enter only while holding the token; pass it on when done or not needed',
    fifo: 'Token ring is not FIFO-fair: witness of a process that asked first and enters second (real time)',
    crash: 'Token ring when one process may crash: the token is lost and the waiting processes block',
    crashIdle: 'Token ring when one process (victim) may crash while idle: any one is a point of failure (the token, which must pass it, dies with it)',
  },
} satisfies Algorithm<tr.TRState, tr.TRMessage>;

/**
 * Ricart–Agrawala over FIFO channels per ordered pair (counts agree with SPIN on
 * shared/bench/ricart_agrawala_pml.py): a multicast of N-1 requests and N-1 OKs = 2(N-1) per entry.
 * Not FIFO-fair: the shortest counterexample to `FIFO fairness` has P1's request happen before
 * P0's second one (through P2's OK, which carries no timestamp, so P0's clock never learns of it),
 * yet P0, with the smaller Lamport time, enters while P1 waits; it needs two entries (with one,
 * every causal chain between requests passes through a request, which advances the clock). With
 * one crash, a process waiting for the crashed one's OK is blocked for ever ("N points of failure").
 */
export const ricartAgrawala = {
  name: 'ricart-agrawala',
  protocol: ra.ricartAgrawala(),
  view: { inCriticalSection: ra.inCriticalSection, waiting: ra.waiting },
  network: fifo,
  cost: (n) => ({ perEntry: 2 * (n - 1), formula: '2(N-1)' }),
  // Declared symmetric (every process runs the same code), which `--symmetry` refutes: ties
  // between equal timestamps are broken by process id, and the deferred queue holds ids.
  symmetric: true,
  entries: 2,
  fairness: 'happens-before',
  describe: {
    plain: 'Ricart–Agrawala mutual exclusion: multicast a (Lamport time, id) request, enter with N-1 OKs',
    cost: 'Ricart–Agrawala, counting messages: exactly 2(N-1) per entry',
    fifo: 'Ricart–Agrawala is not FIFO-fair: a request that happened before another can be served second',
    crash: 'Ricart–Agrawala when one process may crash: a waiting process never gets the crashed one’s OK',
    crashIdle: 'Ricart–Agrawala when one process (victim) may crash while idle: any one is a point of failure (its OK never comes)',
  },
} satisfies Algorithm<ra.RAState, ra.RAMessage>;

/** The notes' variant of Ricart–Agrawala: the most recent holder re-enters without any messages while it has given no OK away. */
export const ricartAgrawalaReenter = {
  ...ricartAgrawala,
  name: 'ricart-agrawala-reenter',
  protocol: ra.ricartAgrawala({ reenter: true }),
  describe: { plain: 'Ricart–Agrawala where the most recent holder may re-enter without messages' },
} satisfies Algorithm<ra.RAState, ra.RAMessage>;

/**
 * The notes' question about Ricart–Agrawala, "Q: can we fix this by using vector clocks?": every
 * message carries the sender's vector clock, requests are ordered by (ΣV, id) (src/mutex/
 * ricart-agrawala-vector.ts). Its -fifo instance checks FIFO fairness by happens-before at two
 * entries each, where Ricart–Agrawala's fails.
 */
export const ricartAgrawalaVector = {
  name: 'ricart-agrawala-vector',
  protocol: rav.ricartAgrawalaVector(),
  view: { inCriticalSection: rav.inCriticalSection, waiting: rav.waiting },
  network: fifo,
  entries: 2,
  fairness: 'happens-before',
  describe: {
    plain: 'Ricart–Agrawala with vector clocks on every message, requests ordered by (ΣV, id): the notes’ question',
    fifo: 'Ricart–Agrawala with vector clocks on every message is FIFO-fair by happens-before: the notes’ question answered',
  },
} satisfies Algorithm<rav.RAVectorState, rav.RAVectorMessage>;

/**
 * Lamport's mutual exclusion over FIFO channels: request, ack, release, a queue ordered by (time,
 * id); N-1 requests, N-1 acks, N-1 releases = 3(N-1) per entry. FIFO-fair, since every message
 * carries the sender's clock and the receiver catches up, so a request that happened before
 * another has the smaller (time, id). Its defaults (one entry each) are a quick check; the pinned
 * n=3 with two entries is the one that would catch an unfairness like Ricart–Agrawala's.
 */
export const lamportMutex = {
  name: 'lamport-mutex',
  protocol: lm.lamportMutex(),
  view: { inCriticalSection: lm.inCriticalSection, waiting: lm.waiting },
  network: fifo,
  cost: (n) => ({ perEntry: 3 * (n - 1), formula: '3(N-1)' }),
  entries: 1,
  fairness: 'happens-before',
  describe: {
    plain: 'Lamport’s mutex: enter when the own request is first and a later message came from everyone',
    cost: 'Lamport’s mutex, counting messages: exactly 3(N-1) per entry',
    fifo: 'Lamport’s mutex is FIFO-fair: no request is served before one that happened before it',
    crash: 'Lamport’s mutex when one process may crash: a waiting process blocks forever',
    crashIdle: 'Lamport’s mutex when one process (victim) may crash while idle: any one is a point of failure (its ack never comes)',
  },
} satisfies Algorithm<lm.LMState, lm.LMMessage>;
