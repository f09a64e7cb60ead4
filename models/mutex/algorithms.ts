/**
 * The four algorithms of the family (and their variants) as the models see them: a protocol, the
 * view the properties read it through, its network and its message cost per entry.
 */
import { fifo, unordered } from 'interleave';
import * as cs from '../../src/mutex/central-server.ts';
import * as lm from '../../src/mutex/lamport-mutex.ts';
import * as ra from '../../src/mutex/ricart-agrawala.ts';
import * as tr from '../../src/mutex/token-ring.ts';
import type { Algorithm } from './family.ts';

/**
 * Central server: processes 1 … n compete, process 0 is the coordinator. Every message counts,
 * the coordinator's grants included: lock + grant + unlock = 3 per entry.
 */
export function centralServer(options: cs.CSOptions = {}): Algorithm<cs.CSState, cs.CSMessage> {
  return {
    protocol: cs.centralServer(options),
    view: { inCriticalSection: cs.inCriticalSection, waiting: cs.waiting, competes: cs.competes, request: 'lock' },
    network: fifo,
    processes: (n) => n + 1,
    cost: () => ({ perEntry: 3, formula: '3' }),
  };
}

/** Token ring: no fixed cost per entry (the token circulates even when nobody wants it). */
export function tokenRing(options: tr.TROptions = {}): Algorithm<tr.TRState, tr.TRMessage> {
  return {
    protocol: tr.tokenRing(options),
    view: { inCriticalSection: tr.inCriticalSection, waiting: tr.waiting },
    network: fifo,
    // Each process may time out once in the regenerating variant (bounds the tokens it creates).
    ...(options.regenerateOnTimeout ? { workload: { timeout: 1 } } : {}),
  };
}

/** Ricart–Agrawala: a multicast of N-1 requests and N-1 OKs = 2(N-1) per entry. */
export function ricartAgrawala(options: ra.RAOptions = {}): Algorithm<ra.RAState, ra.RAMessage> {
  return {
    protocol: ra.ricartAgrawala(options),
    view: { inCriticalSection: ra.inCriticalSection, waiting: ra.waiting },
    network: fifo,
    cost: (n) => ({ perEntry: 2 * (n - 1), formula: '2(N-1)' }),
  };
}

/** Lamport's mutex: N-1 requests, N-1 acks, N-1 releases = 3(N-1) per entry; FIFO channels unless `unorderedChannels`. */
export function lamportMutex(options: { unorderedChannels?: boolean } = {}): Algorithm<lm.LMState, lm.LMMessage> {
  return {
    protocol: lm.lamportMutex(),
    view: { inCriticalSection: lm.inCriticalSection, waiting: lm.waiting },
    network: options.unorderedChannels ? unordered : fifo,
    cost: (n) => ({ perEntry: 3 * (n - 1), formula: '3(N-1)' }),
  };
}
