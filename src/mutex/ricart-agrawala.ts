/**
 * Ricart–Agrawala mutual exclusion.
 * G. Ricart and A. K. Agrawala, "An optimal algorithm for mutual exclusion in computer networks",
 * CACM 24(1), 1981. Lecture notes: "Solution #3: totally ordered multicast".
 *
 * To obtain the lock a process sets state := WANT and multicasts a request stamped with its
 * Lamport time. A process that receives a request replies OK at once unless it is HELD, or WANT
 * with an earlier (time, id); then it queues the request and replies when it leaves. A requester
 * enters (HELD) once it has N-1 OKs.
 *
 * State for state, this is the model of `shared/bench/ricart_agrawala_pml.py` (SPIN), so the
 * distinct-state counts agree: 4,893 for N=3 with one entry each, 334,489 with two.
 */
import { multicast, send, step, type Protocol } from '../protocol.ts';

export type Mode = 'FREE' | 'WANT' | 'HELD';

export interface RAState {
  /** FREE, WANT (requested, waiting for OKs) or HELD (in the critical section). */
  readonly mode: Mode;
  /** Lamport clock. */
  readonly clock: number;
  /** Timestamp of this process's latest request (kept after it leaves, as in the SPIN model). */
  readonly requestedAt: number;
  /** OKs received for the latest request. */
  readonly oks: number;
  /** Processes whose requests were queued, to be answered on exit (ascending ids). */
  readonly deferred: readonly number[];
}

export type RAMessage = { readonly type: 'REQUEST'; readonly ts: number } | { readonly type: 'OK' };

export interface RAOptions {
  /** Break ties on equal timestamps by process id (the notes: "insufficient on its own"). Default true. */
  readonly tieBreak?: boolean;
}

/** (t1, i) < (t2, j): earlier timestamp, ties broken by id. */
function earlier(t1: number, i: number, t2: number, j: number, tieBreak: boolean): boolean {
  return t1 < t2 || (tieBreak && t1 === t2 && i < j);
}

/** Ricart–Agrawala, optionally without the process-id tie-break (a broken variant). */
export function ricartAgrawala(options: RAOptions = {}): Protocol<RAState, RAMessage> {
  const tieBreak = options.tieBreak ?? true;
  return {
    name: tieBreak ? 'ricart-agrawala' : 'ricart-agrawala-no-tiebreak',
    init: () => ({ mode: 'FREE', clock: 0, requestedAt: 0, oks: 0, deferred: [] }),
    actions: {
      /** Set WANT and multicast a request stamped with the Lamport time. */
      request: {
        guard: (s) => s.mode === 'FREE',
        run: (s, ctx) => {
          const clock = s.clock + 1;
          return step({ ...s, mode: 'WANT', clock, requestedAt: clock, oks: 0 }, multicast(ctx, { type: 'REQUEST', ts: clock }));
        },
      },
      /** With OK from all N-1 others, set HELD and enter the critical section. */
      enter: {
        guard: (s, ctx) => s.mode === 'WANT' && s.oks === ctx.n - 1,
        run: (s) => step({ ...s, mode: 'HELD' }),
      },
      /** Leave: set FREE and reply to every queued request. */
      exit: {
        guard: (s) => s.mode === 'HELD',
        run: (s) => step({ ...s, mode: 'FREE', deferred: [] }, s.deferred.map((j) => send(j, { type: 'OK' }))),
      },
    },
    handlers: {
      /** Reply OK at once, unless HELD or WANT with an earlier (time, id): then queue the request. */
      REQUEST: (s, msg, from, ctx) => {
        const clock = Math.max(s.clock, msg.ts) + 1;
        const defer = s.mode === 'HELD' || (s.mode === 'WANT' && earlier(s.requestedAt, ctx.self, msg.ts, from, tieBreak));
        if (defer) return step({ ...s, clock, deferred: [...s.deferred, from].sort((a, b) => a - b) });
        return step({ ...s, clock }, send(from, { type: 'OK' }));
      },
      /** Count an OK. */
      OK: (s) => step({ ...s, oks: s.oks + 1 }),
    },
    isDone: (s) => s.mode === 'FREE',
  };
}

/** The view the mutual-exclusion properties use. */
export const inCriticalSection = (s: RAState): boolean => s.mode === 'HELD';

/** The process has requested and waits for OKs. */
export const waiting = (s: RAState): boolean => s.mode === 'WANT';
