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
 * distinct-state counts agree (pinned in models/manifest.json).
 *
 * The notes' variant (slide "Additional details": "Ok for most recent holder to re-enter CS without
 * any messages"), option `reenter`: a process that has sent no OK since it last entered still has the
 * permission of every other process (no one else can have collected its OK), so it may enter again
 * at once, with no request and no replies. In this variant `oks` counts the permissions held: it
 * drops to 0 when the process, FREE, gives an OK away (replying, or answering its queue on exit).
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
  /** OKs received for the latest request (with `reenter`: still held; 0 once an OK was given away while FREE). */
  readonly oks: number;
  /** Processes whose requests were queued, to be answered on exit (ascending ids). */
  readonly deferred: readonly number[];
}

export type RAMessage = { readonly type: 'REQUEST'; readonly ts: number } | { readonly type: 'OK' };

export interface RAOptions {
  /** The most recent holder re-enters without messages while it has given no OK away (the notes' variant). Default false. */
  readonly reenter?: boolean;
}

/** (t1, i) < (t2, j): earlier Lamport time, ties broken by process id (the notes: time alone is "Insufficient on its own"). */
export function earlier(t1: number, i: number, t2: number, j: number): boolean {
  return t1 < t2 || (t1 === t2 && i < j);
}

/** The clock after receiving a request stamped `ts`: max(own, ts) + 1. */
export const clockOnRequest = (s: RAState, ts: number): number => Math.max(s.clock, ts) + 1;

/** Ricart–Agrawala; `reenter` gives the notes' re-entry variant. */
export function ricartAgrawala(options: RAOptions = {}): Protocol<RAState, RAMessage> {
  const reenter = options.reenter ?? false;
  const name = 'ricart-agrawala';
  /** With `reenter`, giving an OK away while FREE gives up the permissions held. */
  const givenAway = (s: RAState): Partial<RAState> => (reenter && s.mode === 'FREE' ? { oks: 0 } : {});
  return {
    name: reenter ? `${name}-reenter` : name,
    init: () => ({ mode: 'FREE', clock: 0, requestedAt: 0, oks: 0, deferred: [] }),
    actions: {
      /** Set WANT and multicast a request stamped with the Lamport time (re-entry variant: still holding every OK, set HELD at once). */
      request: {
        guard: (s) => s.mode === 'FREE',
        run: (s, ctx) => {
          if (reenter && s.oks === ctx.n - 1) return step({ ...s, mode: 'HELD' });
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
        run: (s) =>
          step({ ...s, mode: 'FREE', deferred: [], ...(reenter && s.deferred.length ? { oks: 0 } : {}) }, s.deferred.map((j) => send(j, { type: 'OK' }))),
      },
    },
    handlers: {
      /** Reply OK at once, unless HELD or WANT with an earlier (time, id): then queue the request. */
      REQUEST: (s, msg, from, ctx) => {
        const clock = clockOnRequest(s, msg.ts);
        const defer = s.mode === 'HELD' || (s.mode === 'WANT' && earlier(s.requestedAt, ctx.self, msg.ts, from));
        if (defer) return step({ ...s, clock, deferred: [...s.deferred, from].sort((a, b) => a - b) });
        return step({ ...s, clock, ...givenAway(s) }, send(from, { type: 'OK' }));
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
