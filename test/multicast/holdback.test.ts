import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { deepFreeze } from 'interleave';
import { byId, deliveredFrom, flush, insertHeld, msgId, parseMsgId, receive, type HoldBack, type Ordering } from '../../src/multicast/holdback.ts';

// A FIFO receiver, the notes' "Implementing FIFO ordering", written directly on the mechanism.
type Msg = { readonly id: string; readonly seq: number };
type St = HoldBack<Msg> & { readonly last: readonly number[]; readonly deliveries: number };

const sender = (m: Msg) => parseMsgId(m.id).sender;
const fifo: Ordering<St, Msg> = {
  deliverable: (s, m) => m.seq === s.last[sender(m)] + 1,
  onDeliver: (s, m) => ({ ...s, last: s.last.map((x, j) => (j === sender(m) ? m.seq : x)), deliveries: s.deliveries + 1 }),
};
const m = (p: number, k: number): Msg => ({ id: msgId(p, k), seq: k });
const start = (): St => deepFreeze({ delivered: [], held: [], last: [0, 0], deliveries: 0 });

describe('message identities', () => {
  it('are P<sender>#<number> and parse back', () => {
    expect(msgId(2, 7)).toBe('P2#7');
    expect(parseMsgId('P12#3')).toEqual({ sender: 12, seq: 3 });
  });

  it('a malformed identity is an error that shows it', () => {
    expect(() => parseMsgId('P1-3')).toThrow('"P1-3"');
  });

  it('the canonical order is by sender, then number (numerically, not as text)', () => {
    const ids = ['P1#2', 'P0#10', 'P1#1', 'P0#9'].map((id) => ({ id }));
    expect([...ids].sort(byId).map((x) => x.id)).toEqual(['P0#9', 'P0#10', 'P1#1', 'P1#2']);
  });
});

describe('receive versus deliver', () => {
  it('delivers a message whose condition holds: log entry appended, bookkeeping done', () => {
    const s = receive(start(), m(0, 1), fifo);
    expect(s.delivered).toEqual(['P0#1']);
    expect(s.held).toEqual([]);
    expect(s.last).toEqual([1, 0]);
    expect(s.deliveries).toBe(1);
  });

  it('holds back a message whose condition does not hold, and does nothing else', () => {
    const s = receive(start(), m(0, 2), fifo);
    expect(s.delivered).toEqual([]);
    expect(s.held).toEqual([m(0, 2)]);
    expect(s.last).toEqual([0, 0]);
    expect(s.deliveries).toBe(0);
  });

  it('the missing message delivers itself and then every consecutive held-back one, in order', () => {
    let s = start();
    for (const x of [m(0, 3), m(1, 2), m(0, 2)]) s = receive(s, x, fifo);
    expect(s.held.map((x) => x.id)).toEqual(['P0#2', 'P0#3', 'P1#2']);
    s = receive(s, m(0, 1), fifo);
    expect(s.delivered).toEqual(['P0#1', 'P0#2', 'P0#3']);
    expect(s.held.map((x) => x.id)).toEqual(['P1#2']);
    s = receive(s, m(1, 1), fifo);
    expect(s.delivered).toEqual(['P0#1', 'P0#2', 'P0#3', 'P1#1', 'P1#2']);
    expect(s.held).toEqual([]);
    expect(s.deliveries).toBe(5);
  });

  it('mutates nothing (inputs are deep-frozen)', () => {
    const s0 = receive(receive(start(), m(0, 3), fifo), m(0, 2), fifo);
    deepFreeze(s0);
    const s1 = receive(s0, m(0, 1), fifo);
    expect(s0.held.map((x) => x.id)).toEqual(['P0#2', 'P0#3']);
    expect(s1.delivered).toEqual(['P0#1', 'P0#2', 'P0#3']);
  });

  it('a message whose identity is already held is not held twice', () => {
    const s = receive(receive(start(), m(0, 2), fifo), m(0, 2), fifo);
    expect(s.held).toEqual([m(0, 2)]);
    expect(insertHeld([m(0, 2)], m(0, 2))).toHaveLength(1);
  });

  it('flush delivers what a changed condition now allows (as a FINAL does in the Lamport protocol)', () => {
    type F = { readonly id: string; readonly final: boolean };
    type FS = HoldBack<F>;
    const ord: Ordering<FS, F> = { deliverable: (_s, x) => x.final };
    const s: FS = { delivered: [], held: [{ id: 'P1#1', final: false }, { id: 'P2#1', final: false }] };
    expect(flush(s, ord)).toEqual(s);
    const marked: FS = { ...s, held: s.held.map((x) => (x.id === 'P2#1' ? { ...x, final: true } : x)) };
    expect(flush(marked, ord)).toEqual({ delivered: ['P2#1'], held: [{ id: 'P1#1', final: false }] });
  });

  it('a protocol-given order decides which deliverable message goes first', () => {
    type G = { readonly id: string; readonly gsn: number };
    const ord: Ordering<HoldBack<G>, G> = { deliverable: () => true, compare: (a, b) => b.gsn - a.gsn };
    const held = insertHeld(insertHeld([], { id: 'P0#1', gsn: 1 }, ord.compare), { id: 'P1#1', gsn: 2 }, ord.compare);
    expect(flush({ delivered: [], held }, ord).delivered).toEqual(['P1#1', 'P0#1']);
  });

  it('deliveredFrom counts a sender in a log', () => {
    expect(deliveredFrom(['P0#1', 'P1#1', 'P0#2'], 0)).toBe(2);
    expect(deliveredFrom(['P0#1', 'P1#1', 'P0#2'], 2)).toBe(0);
  });
});

describe('canonical hold-back queues', () => {
  /** Messages 2…k from two senders (message 1 of each never arrives, so all are held back). */
  const late = (k: number) => [0, 1].flatMap((p) => Array.from({ length: k - 1 }, (_, i) => m(p, i + 2)));

  it('the same messages held back in any arrival order give equal data', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 5 }).chain((k) => fc.shuffledSubarray(late(k), { minLength: late(k).length })), (order) => {
        const s = order.reduce((acc, x) => receive(acc, x, fifo), start());
        expect(s.held.map((x) => x.id)).toEqual([...order].sort(byId).map((x) => x.id));
      }),
    );
  });

  it("whatever the arrival order, every sender's messages are delivered 1, 2, 3, … and nothing stays held", () => {
    const all = [0, 1].flatMap((p) => [1, 2, 3, 4].map((k) => m(p, k)));
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: all.length }), (order) => {
        const s = order.reduce((acc, x) => receive(acc, x, fifo), start());
        expect(s.held).toEqual([]);
        for (const p of [0, 1]) expect(s.delivered.filter((id) => parseMsgId(id).sender === p)).toEqual([1, 2, 3, 4].map((k) => msgId(p, k)));
      }),
    );
  });
});
