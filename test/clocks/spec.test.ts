import { describe, expect, it } from 'vitest';
import type { Event, GlobalState } from 'interleave';
import {
  clockCondition,
  lamportClockProperties,
  lamportConcurrencyWarning,
  lamportTotalOrder,
  transitiveCausality,
  vectorClockProperties,
  vectorConcurrencyDetected,
  vectorsCharacteriseCausality,
} from '../../spec/clocks.ts';

// Hand-built states: only `events` matters to these properties. The local state after each event
// is { c } (a scalar clock) and { v } (a vector clock), chosen per test, right or wrong.
type L = { readonly c: number; readonly v: readonly number[] };
type M = { readonly type: 'MSG' };
type G = GlobalState<L, M>;

const scalar = { clockOf: (s: L) => s.c };
const vector = { vectorOf: (s: L) => s.v };

/** An event of process p with true timestamp vt; `from`: the sender of a receive (its sentAt is not used here). */
function ev(p: number, index: number, vt: number[], c: number, v: number[] = vt, from?: number): Event<L, M> {
  return {
    p,
    index,
    kind: from === undefined ? 'local' : 'receive',
    action: from === undefined ? 'internal' : 'MSG',
    vt,
    state: { c, v },
    ...(from === undefined ? {} : { received: { from, msg: { type: 'MSG' as const }, sentAt: [] } }),
    sent: [],
  };
}

function state(...perProcess: Event<L, M>[][]): G {
  const n = perProcess.length;
  return {
    n,
    procs: [],
    roles: [],
    peers: {},
    ghost: {},
    channels: [],
    used: [],
    crashed: [],
    sent: [],
    events: perProcess,
    channelTimes: [],
  };
}

// P0 sends to P1 (its first event), P1 receives: send -> receive.
const sendRecv = (cSend: number, cRecv: number): G => state([ev(0, 0, [1, 0], cSend)], [ev(1, 0, [1, 1], cRecv, [1, 1], 0)]);

describe('clock condition', () => {
  const p = clockCondition<L, M>(scalar);

  it('holds when a receive gets a larger clock than its send, fails when equal or smaller', () => {
    expect(p.kind).toBe('always');
    expect(p.holds(sendRecv(1, 2))).toBe(true);
    expect(p.holds(sendRecv(1, 1))).toBe(false);
    expect(p.holds(sendRecv(3, 1))).toBe(false);
  });

  it('applies to program order too, and says nothing about concurrent events', () => {
    expect(p.holds(state([ev(0, 0, [1, 0], 2), ev(0, 1, [2, 0], 2)], []))).toBe(false);
    expect(p.holds(state([ev(0, 0, [1, 0], 5)], [ev(1, 0, [0, 1], 1)]))).toBe(true);
  });

  it('judges only pairs with a latest event: an older bad pair was judged in the state where it arose', () => {
    // The send (clock 1) and its receive (clock 1) are wrong, but each process has moved on.
    const later = state([ev(0, 0, [1, 0], 1), ev(0, 1, [2, 0], 2)], [ev(1, 0, [1, 1], 1, [1, 1], 0), ev(1, 1, [1, 2], 2)]);
    expect(p.holds(later)).toBe(true);
    expect(p.holds(sendRecv(1, 1))).toBe(false); // its ancestor, where the receive was the latest event
  });
});

describe('(L, id) total order', () => {
  const p = lamportTotalOrder<L, M>(scalar);

  it('breaks ties between concurrent events by process id', () => {
    expect(p.holds(state([ev(0, 0, [1, 0], 1)], [ev(1, 0, [0, 1], 1)]))).toBe(true);
  });

  it('fails when a -> b but (L, id) puts b first, or when two events of one process tie', () => {
    // P1 sends at L=1, P0 receives at L=1: equal times, and id 1 > 0 puts the receive first.
    expect(p.holds(state([ev(0, 0, [1, 1], 1, [1, 1], 1)], [ev(1, 0, [0, 1], 1)]))).toBe(false);
    expect(p.holds(state([ev(0, 0, [1, 0], 1), ev(0, 1, [2, 0], 1)], []))).toBe(false);
  });

  it('holds for P0 -> P1 with equal times (id 0 < 1 orders them): weaker than the clock condition', () => {
    expect(p.holds(sendRecv(1, 1))).toBe(true);
    expect(clockCondition<L, M>(scalar).holds(sendRecv(1, 1))).toBe(false);
  });
});

describe('the slide\'s warning (witness)', () => {
  const p = lamportConcurrencyWarning<L, M>(scalar);

  it('is two concurrent events with L(a) < L(b); not related events, not equal clocks', () => {
    expect(p.kind).toBe('sometimes');
    expect(p.holds(state([ev(0, 0, [1, 0], 1)], [ev(1, 0, [0, 1], 2)]))).toBe(true);
    expect(p.holds(state([ev(0, 0, [1, 0], 1)], [ev(1, 0, [0, 1], 1)]))).toBe(false);
    expect(p.holds(sendRecv(1, 2))).toBe(false);
  });
});

describe('vector clocks characterise causality', () => {
  const p = vectorsCharacteriseCausality<L, M>(vector);
  const detected = vectorConcurrencyDetected<L, M>(vector);

  it('holds when the protocol\'s vectors are the true ones', () => {
    expect(p.holds(sendRecv(0, 0))).toBe(true);
    expect(p.holds(state([ev(0, 0, [1, 0], 0)], [ev(1, 0, [0, 1], 0)]))).toBe(true);
  });

  it('fails when related events look concurrent (a receive that did not merge)', () => {
    expect(p.holds(state([ev(0, 0, [1, 0], 0)], [ev(1, 0, [1, 1], 0, [0, 1], 0)]))).toBe(false);
  });

  it('fails when concurrent events look related (a send that did not tick)', () => {
    expect(p.holds(state([ev(0, 0, [1, 0], 0, [0, 0])], [ev(1, 0, [0, 1], 0)]))).toBe(false);
  });

  it('fails when two related events get equal vectors', () => {
    expect(p.holds(state([ev(0, 0, [1, 0], 0), ev(0, 1, [2, 0], 0, [1, 0])], []))).toBe(false);
  });

  it('concurrency detected: incomparable vectors for concurrent events of two processes', () => {
    expect(detected.holds(state([ev(0, 0, [1, 0], 0)], [ev(1, 0, [0, 1], 0)]))).toBe(true);
    expect(detected.holds(sendRecv(0, 0))).toBe(false);
    expect(detected.holds(state([ev(0, 0, [1, 0], 0, [0, 0])], [ev(1, 0, [0, 1], 0)]))).toBe(false);
  });
});

describe('transitive causality (witness)', () => {
  const p = transitiveCausality<L, M>();

  it('is a -> b through a third process, with nothing received directly', () => {
    // P0 sends to P1, P1 receives and sends to P2, P2 receives: P0's send -> P2's receive.
    const chain = state(
      [ev(0, 0, [1, 0, 0], 0)],
      [ev(1, 0, [1, 1, 0], 0, [1, 1, 0], 0), ev(1, 1, [1, 2, 0], 0)],
      [ev(2, 0, [1, 2, 1], 0, [1, 2, 1], 1)],
    );
    expect(p.holds(chain)).toBe(true);
  });

  it('is not a direct message, nor a chain where the end also heard from the start directly', () => {
    const direct = state([ev(0, 0, [1, 0, 0], 0)], [], [ev(2, 0, [1, 0, 1], 0, [1, 0, 1], 0)]);
    expect(p.holds(direct)).toBe(false);
    // P2 received from P0 first, then from P1 (which had heard from P0): P0 -> P2 is not only transitive.
    const both = state(
      [ev(0, 0, [1, 0, 0], 0), ev(0, 1, [2, 0, 0], 0)],
      [ev(1, 0, [2, 1, 0], 0, [2, 1, 0], 0), ev(1, 1, [2, 2, 0], 0)],
      [ev(2, 0, [1, 0, 1], 0, [1, 0, 1], 0), ev(2, 1, [2, 2, 2], 0, [2, 2, 2], 1)],
    );
    expect(p.holds(both)).toBe(false);
  });
});

describe('property lists', () => {
  it('have the transitive witness only with three processes or more', () => {
    expect(lamportClockProperties<L, M>(scalar, 2).map((p) => p.name)).toEqual(['clock condition', 'total order', 'concurrent events with ordered clocks', 'identical timestamps']);
    expect(lamportClockProperties<L, M>(scalar, 3).map((p) => p.name)).toEqual(['clock condition', 'total order', 'concurrent events with ordered clocks', 'identical timestamps', 'transitive causality']);
    expect(vectorClockProperties<L, M>(vector, 2).map((p) => p.name)).toEqual(['vector clocks characterise causality', 'Vi[j] counts the events of Pj observed by Pi', 'concurrency detected']);
    expect(vectorClockProperties<L, M>(vector, 4).map((p) => [p.name, p.kind])).toEqual([
      ['vector clocks characterise causality', 'always'],
      ['Vi[j] counts the events of Pj observed by Pi', 'always'],
      ['concurrency detected', 'sometimes'],
      ['transitive causality', 'sometimes'],
    ]);
  });
});
