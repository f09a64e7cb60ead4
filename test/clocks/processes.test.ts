import { describe, expect, it } from 'vitest';
import { contextOf, deepFreeze } from 'interleave';
import { lamportProcess, sendAction, type LamportMessage, type LamportProcessState } from '../../src/clocks/lamport-process.ts';
import { vectorProcess, type VectorMessage, type VectorProcessState } from '../../src/clocks/vector-process.ts';
import { noIncrement, noMax, noMerge, noSendTick } from '../../models/clocks/mutants.ts';

const ctx1 = contextOf(1, 3);

describe('lamportProcess', () => {
  const p = lamportProcess(3, { events: 2 });
  const s0 = deepFreeze(p.init(ctx1)) as LamportProcessState;

  it('starts at clock 0 with its events to do, and has internal plus one send per process, tried in that order', () => {
    expect(s0).toEqual({ clock: 0, left: 2 });
    expect(Object.keys(p.actions)).toEqual(['internal', 'send to P0', 'send to P1', 'send to P2']);
    expect(sendAction(2)).toBe('send to P2');
    expect(p.name).toBe('lamport-clocks');
  });

  it('a process sends only to the others, and only while it has events left', () => {
    expect(['internal', 'send to P0', 'send to P1', 'send to P2'].map((a) => p.actions[a].guard(s0, ctx1))).toEqual([true, true, false, true]);
    const spent = { clock: 4, left: 0 };
    expect(Object.values(p.actions).map((a) => a.guard(spent, ctx1))).toEqual([false, false, false, false]);
    expect([p.isDone?.(s0, ctx1), p.isDone?.(spent, ctx1)]).toEqual([false, true]);
  });

  it('ticks on an internal event and on a send, and stamps the message with the send\'s timestamp', () => {
    expect(p.actions.internal.run({ clock: 3, left: 2 }, ctx1)).toEqual({ state: { clock: 4, left: 1 } });
    expect(p.actions['send to P2'].run({ clock: 3, left: 1 }, ctx1)).toEqual({
      state: { clock: 4, left: 0 },
      send: [{ to: 2, msg: { type: 'MSG', ts: 4 } }],
    });
  });

  it('receives with max(own, message) + 1, without spending an event; the broken rules drop the max or the + 1', () => {
    const ahead: LamportMessage = { type: 'MSG', ts: 5 };
    const behind: LamportMessage = { type: 'MSG', ts: 1 };
    const at2 = deepFreeze({ clock: 2, left: 1 });
    const ref = lamportProcess(3, { events: 1 });
    const rules = { 'max+1': [ref, 6, 3], 'own+1 (models/clocks mutant)': [noMax(ref), 3, 3], 'max (models/clocks mutant)': [noIncrement(ref), 5, 2] } as const;
    for (const [rule, [q, fromAhead, fromBehind]] of Object.entries(rules)) {
      expect([rule, q.handlers.MSG(at2, ahead, 0, ctx1).state]).toEqual([rule, { clock: fromAhead, left: 1 }]);
      expect([rule, q.handlers.MSG(at2, behind, 0, ctx1).state]).toEqual([rule, { clock: fromBehind, left: 1 }]);
      expect(q.handlers.MSG(at2, ahead, 0, ctx1).send).toBeUndefined();
    }
    expect(noMax(ref).name).toBe('lamport-clocks-no-max');
    expect(noIncrement(ref).name).toBe('lamport-clocks-no-increment');
  });

  it('rejects bad options, naming the value', () => {
    expect(() => lamportProcess(0, { events: 1 })).toThrow(/n must be a positive integer, got 0/);
    expect(() => lamportProcess(3, { events: -1 })).toThrow(/events must be a non-negative integer, got -1/);
    expect(() => lamportProcess(3, { events: 1.5 })).toThrow(RangeError);
  });
});

describe('vectorProcess', () => {
  const p = vectorProcess(3, { events: 2 });
  const s0 = deepFreeze(p.init(ctx1)) as VectorProcessState;

  it('starts at the zero vector with its events to do', () => {
    expect(s0).toEqual({ clock: [0, 0, 0], left: 2 });
    expect(Object.keys(p.actions)).toEqual(['internal', 'send to P0', 'send to P1', 'send to P2']);
    expect(['internal', 'send to P0', 'send to P1', 'send to P2'].map((a) => p.actions[a].guard(s0, ctx1))).toEqual([true, true, false, true]);
    expect(p.name).toBe('vector-clocks');
  });

  it('increments its own entry on an internal event and on a send, and stamps the message with the new clock', () => {
    const s = deepFreeze({ clock: [2, 1, 0], left: 2 });
    expect(p.actions.internal.run(s, ctx1)).toEqual({ state: { clock: [2, 2, 0], left: 1 } });
    expect(p.actions['send to P0'].run(s, ctx1)).toEqual({ state: { clock: [2, 2, 0], left: 1 }, send: [{ to: 0, msg: { type: 'MSG', vt: [2, 2, 0] } }] });
  });

  it('on receipt merges element-wise and then ticks its own entry', () => {
    const s = deepFreeze({ clock: [2, 1, 0], left: 0 });
    const m: VectorMessage = deepFreeze({ type: 'MSG', vt: [1, 0, 3] });
    expect(p.handlers.MSG(s, m, 2, ctx1)).toEqual({ state: { clock: [2, 2, 3], left: 0 } });
  });

  it('the broken variants: no merge keeps the own entries; no send tick sends the previous clock', () => {
    const s = deepFreeze({ clock: [2, 1, 0], left: 1 });
    const m: VectorMessage = deepFreeze({ type: 'MSG', vt: [1, 0, 3] });
    const noMerging = noMerge(vectorProcess(3, { events: 1 }));
    expect(noMerging.name).toBe('vector-clocks-no-merge');
    expect(noMerging.handlers.MSG(s, m, 2, ctx1).state).toEqual({ clock: [2, 2, 0], left: 1 });
    const noTick = noSendTick(vectorProcess(3, { events: 1 }));
    expect(noTick.name).toBe('vector-clocks-no-send-tick');
    expect(noTick.actions['send to P2'].run(s, ctx1)).toEqual({ state: { clock: [2, 1, 0], left: 0 }, send: [{ to: 2, msg: { type: 'MSG', vt: [2, 1, 0] } }] });
    // Internal events and receives still tick.
    expect(noTick.actions.internal.run(s, ctx1).state).toEqual({ clock: [2, 2, 0], left: 0 });
    expect(noTick.handlers.MSG(s, m, 2, ctx1).state).toEqual({ clock: [2, 2, 3], left: 1 });
  });

  it('rejects bad options, naming the value', () => {
    expect(() => vectorProcess(-2, { events: 1 })).toThrow(/n must be a positive integer, got -2/);
    expect(() => vectorProcess(3, { events: Number.NaN })).toThrow(/events must be a non-negative integer, got NaN/);
  });
});
