/**
 * Ricart–Agrawala with vector clocks on every message: the notes' question, "Note that using the
 * total order ensures correctness, but not fairness (i.e. no FIFO ordering) – Q: can we fix this
 * by using vector clocks?"
 *
 * Why the original is not FIFO-fair (models/mutex/algorithms.ts): an OK carries no time, so a
 * request can happen before another (through an OK) and still carry the larger Lamport time. Here
 * every message, OK included, carries the sender's vector clock, and every receipt merges it
 * (element-wise max) and ticks the own entry; every action ticks it too. A request is stamped with
 * its vector V, and requests are ordered by (ΣV, id). The sum of a vector timestamp is itself a
 * Lamport clock (a → b gives V(a) < V(b), so ΣV(a) < ΣV(b)), and (ΣV, id) is a total order, which
 * the algorithm needs for mutual exclusion (comparing vectors alone leaves concurrent requests
 * unordered). So the answer the checker gives (models `ricart-agrawala-vector`, `-fifo`): yes, for
 * fairness by happens-before, because the clock now travels on every message; a Lamport time on
 * every OK would do as much. In real time no clock can: requests that are not causally related may
 * be served in either order.
 *
 * The rest is Ricart–Agrawala (src/mutex/ricart-agrawala.ts): WANT and multicast a request; reply
 * OK unless HELD, or WANT with an earlier (ΣV, id); queue the request and reply on exit; enter
 * with N-1 OKs.
 */
import { vreceive, vtick, vzero, type VectorClock } from '../clocks/vector.ts';
import { multicast, send, step, type Protocol } from '../protocol.ts';
import { earlier, type Mode } from './ricart-agrawala.ts';

export interface RAVectorState {
  readonly mode: Mode;
  /** Vector clock: ticked on every action and receipt, merged with every message's. */
  readonly clock: VectorClock;
  /** ΣV of this process's latest request (kept after it leaves). */
  readonly requestedAt: number;
  /** OKs received for the latest request. */
  readonly oks: number;
  /** Processes whose requests were queued, to be answered on exit (ascending ids). */
  readonly deferred: readonly number[];
}

export type RAVectorMessage = { readonly type: 'REQUEST'; readonly vt: VectorClock } | { readonly type: 'OK'; readonly vt: VectorClock };

const sum = (v: VectorClock): number => v.reduce((a, b) => a + b, 0);

export function ricartAgrawalaVector(): Protocol<RAVectorState, RAVectorMessage> {
  return {
    name: 'ricart-agrawala-vector',
    init: (ctx) => ({ mode: 'FREE', clock: vzero(ctx.n), requestedAt: 0, oks: 0, deferred: [] }),
    actions: {
      /** Set WANT and multicast a request stamped with the vector time. */
      request: {
        guard: (s) => s.mode === 'FREE',
        run: (s, ctx) => {
          const clock = vtick(s.clock, ctx.self);
          return step({ ...s, mode: 'WANT', clock, requestedAt: sum(clock), oks: 0 }, multicast(ctx, { type: 'REQUEST', vt: clock }));
        },
      },
      /** With OK from all N-1 others, set HELD and enter the critical section. */
      enter: {
        guard: (s, ctx) => s.mode === 'WANT' && s.oks === ctx.n - 1,
        run: (s, ctx) => step({ ...s, mode: 'HELD', clock: vtick(s.clock, ctx.self) }),
      },
      /** Leave: set FREE and reply to every queued request, each OK stamped with the vector time. */
      exit: {
        guard: (s) => s.mode === 'HELD',
        run: (s, ctx) => {
          const clock = vtick(s.clock, ctx.self);
          return step({ ...s, mode: 'FREE', clock, deferred: [] }, s.deferred.map((j) => send(j, { type: 'OK', vt: clock })));
        },
      },
    },
    handlers: {
      /** Merge; reply OK at once, unless HELD or WANT with an earlier (ΣV, id): then queue the request. */
      REQUEST: (s, msg, from, ctx) => {
        const clock = vreceive(s.clock, msg.vt, ctx.self);
        const defer = s.mode === 'HELD' || (s.mode === 'WANT' && earlier(s.requestedAt, ctx.self, sum(msg.vt), from));
        if (defer) return step({ ...s, clock, deferred: [...s.deferred, from].sort((a, b) => a - b) });
        return step({ ...s, clock }, send(from, { type: 'OK', vt: clock }));
      },
      /** Merge, and count the OK. */
      OK: (s, msg, _from, ctx) => step({ ...s, clock: vreceive(s.clock, msg.vt, ctx.self), oks: s.oks + 1 }),
    },
    isDone: (s) => s.mode === 'FREE',
  };
}

/** The view the mutual-exclusion properties use. */
export const inCriticalSection = (s: RAVectorState): boolean => s.mode === 'HELD';

/** The process has requested and waits for OKs. */
export const waiting = (s: RAVectorState): boolean => s.mode === 'WANT';
