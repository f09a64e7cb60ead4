/**
 * Chang–Roberts ring election (E. Chang and R. Roberts, CACM 22(5), 1979): n processes with unique
 * ids on a unidirectional ring (process p sends to p+1 mod n). Every process starts an election by
 * sending its own id; an id travels on while it is larger than the ids it meets and is swallowed
 * by the first larger one; the owner of the largest id gets its own id back, is the leader, and
 * sends ELECTED around the ring so everyone learns it.
 *
 * A process that receives a smaller id before it has started starts there and then (its own id
 * replaces the smaller one), so every process sends its own id exactly once, and the number of
 * election messages depends on the arrangement of ids only: n(n+1)/2 when the ids decrease along
 * the ring, 2n−1 when they increase.
 */
import { send, step, type Context, type Protocol } from '../protocol.ts';

export interface RingState {
  /** This process's id (unique; the largest wins). */
  readonly id: number;
  /** It has sent its own id. */
  readonly started: boolean;
  /** The leader's id as this process knows it, or null. */
  readonly leader: number | null;
}

export type RingMsg = { readonly type: 'ELECTION'; readonly id: number } | { readonly type: 'ELECTED'; readonly id: number };

/** The next process on the ring. */
export const next = (ctx: Context): number => (ctx.self + 1) % ctx.n;

/** Chang–Roberts where process p has id ids[p]. */
export function changRoberts(ids: readonly number[]): Protocol<RingState, RingMsg> {
  const startFrom = (s: RingState, ctx: Context) => step<RingState, RingMsg>({ ...s, started: true }, send(next(ctx), { type: 'ELECTION', id: s.id }));
  return {
    name: 'chang-roberts',
    init: (ctx) => ({ id: ids[ctx.self], started: false, leader: null }),
    actions: {
      start: { guard: (s) => !s.started, run: startFrom },
    },
    handlers: {
      ELECTION: (s, msg, _from, ctx) => {
        if (msg.id > s.id) return step(s, send(next(ctx), msg)); // a larger id travels on
        if (msg.id === s.id) return step({ ...s, leader: s.id }, send(next(ctx), { type: 'ELECTED', id: s.id })); // my id came round: I lead
        return s.started ? step(s) : startFrom(s, ctx); // a smaller id is swallowed (replaced by mine if I had not started)
      },
      ELECTED: (s, msg, _from, ctx) => (msg.id === s.id ? step(s) : step({ ...s, leader: msg.id }, send(next(ctx), msg))),
    },
    isDone: (s) => s.started && s.leader !== null,
  };
}
