/**
 * Partial-order reduction's open members (checker/reduce/por.ts, C1): a process in the ample set
 * whose receipts commute with whatever may still arrive for it may let messages arrive, and take
 * the local actions they enable, only when each of those actions commutes with its receipts in the
 * ample set. Here one does not: P0 holds m0 (in flight from P1); if P2's m1s arrive first, P0
 * climbs to the state where its local action `a` is enabled; if m0 is received first, P0 jumps
 * past it and never takes `a`. An ample set of P0's receipt of m0 alone would lose the run that
 * takes `a`, and with it the violation. With two m1s, the reduction must also count how many may
 * still arrive (two: P2 has sent none along the path) to see that state.
 *
 * One receipt alone as the ample set (SINGLE RECEIPTS in por.ts) must commute with the receipts of
 * what is already in flight on the process's other channels, not only with what may still be sent:
 * below, once P1 and P2 have sent their one message each (nothing more may be sent), P0 holds m0
 * and m1, whose receipts do not commute (the first one received decides P0's state).
 */
import { describe, expect, it } from 'vitest';
import { always, explore, fifo, replay, system, unordered, type GlobalState, type Protocol } from 'interleave';

type L = { readonly s: number; readonly sent: number; readonly did: boolean };
type M = { readonly type: 'm0' | 'm1' };
/** P1 sends m0 to P0 once; P2 sends m1 to P0 `times` times; P0's action `a` is enabled in state `times` only. */
const lateAction = (times: number) => {
  const protocol: Protocol<L, M> = {
    name: 'late-action',
    init: () => ({ s: 0, sent: 0, did: false }),
    actions: {
      send: { guard: (l, ctx) => (ctx.self === 1 ? l.sent < 1 : ctx.self === 2 && l.sent < times), run: (l, ctx) => ({ state: { ...l, sent: l.sent + 1 }, send: [{ to: 0, msg: { type: ctx.self === 1 ? 'm0' : 'm1' } }] }) },
      a: { guard: (l, ctx) => ctx.self === 0 && l.s === times && !l.did, run: (l) => ({ state: { ...l, s: 9, did: true } }) },
    },
    handlers: {
      // Both receipts add to s (capped past `times`): they commute with each other.
      m0: (l) => ({ state: { ...l, s: Math.min(l.s + times + 1, times + 1) } }),
      m1: (l) => ({ state: { ...l, s: Math.min(l.s + 1, times + 1) } }),
    },
  };
  // The property reads `did` only: receipts (which change s) are invisible to it, `a` is visible.
  return system<L, M>({ protocol, n: 3, network: fifo, checkDeadlock: false, properties: [always<GlobalState<L, M>>('P0 never did a', (g) => !g.procs[0].did)] });
};

describe('--por: local actions enabled by arrivals', () => {
  for (const times of [1, 2]) {
    it(`${times} m1: an action that does not commute with the ample receipt keeps its process frozen; the violation is found, and replays without --por`, () => {
      const model = lateAction(times);
      const full = explore(model);
      const por = explore(model, { por: true });
      expect(full.verdict).toBe('violation');
      expect(por.verdict).toBe('violation');
      expect(por.reductions).toEqual(['por']);
      expect(replay(model, por.counterexample!).exitCode).toBe(12);
    });
  }
});

/** P1 sends m0 once, P2 sends m1 once; P0's state is set by the first it receives; `a` is enabled in state 2 only. */
const firstWins: Protocol<L, M> = {
  name: 'first-wins',
  init: () => ({ s: 0, sent: 0, did: false }),
  actions: {
    send: { guard: (l, ctx) => ctx.self > 0 && l.sent < 1, run: (l, ctx) => ({ state: { ...l, sent: 1 }, send: [{ to: 0, msg: { type: ctx.self === 1 ? 'm0' : 'm1' } }] }) },
    a: { guard: (l, ctx) => ctx.self === 0 && l.s === 2 && !l.did, run: (l) => ({ state: { ...l, did: true } }) },
  },
  handlers: {
    m0: (l) => ({ state: { ...l, s: l.s === 0 ? 1 : l.s } }),
    m1: (l) => ({ state: { ...l, s: l.s === 0 ? 2 : l.s } }),
  },
};

describe('--por: one receipt alone', () => {
  for (const network of ['fifo', 'unordered'] as const) {
    it(`${network}: a receipt that does not commute with another already in flight is not taken alone; the violation is found`, () => {
      const model = system<L, M>({ protocol: firstWins, n: 3, network: network === 'fifo' ? fifo : unordered, checkDeadlock: false, properties: [always<GlobalState<L, M>>('P0 never did a', (g) => !g.procs[0].did)] });
      const full = explore(model);
      const por = explore(model, { por: true });
      expect(full.verdict).toBe('violation');
      expect(por.verdict).toBe('violation');
      expect(por.reductions).toEqual(['por']);
      expect(replay(model, por.counterexample!).exitCode).toBe(12);
    });
  }
});
