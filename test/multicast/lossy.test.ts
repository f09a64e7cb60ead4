/** FIFO multicast over a lossy network: delivery is a liveness property, under strong delivery fairness. */
import { describe, expect, it } from 'vitest';
import { explore, resolveParams, type ModelDefinition } from 'interleave';
import { multicastModels } from '../../models/multicast/index.ts';

const model = (name: string): ModelDefinition => {
  const d = multicastModels.find((m) => m.name === name);
  if (!d) throw new Error(name);
  return d;
};
const check = (name: string, params: Record<string, number> = {}, fairness?: 'none' | 'weak' | 'strong') => explore(model(name).build(resolveParams(model(name), params)), fairness ? { fairness } : {});

describe('fifo-multicast-lossy', () => {
  it('every multicast is eventually delivered under strong delivery fairness (3,682 states), and the witnesses show hold-back and delivery', () => {
    const r = check('fifo-multicast-lossy');
    expect(r.verdict).toBe('pass');
    expect(r.distinctStates).toBe(3_682);
    expect(Object.fromEntries(r.properties.map((p) => [p.name, p.status]))).toEqual({
      integrity: 'holds',
      'FIFO order': 'holds',
      'every multicast is eventually delivered': 'holds',
      'held back': 'witnessed',
      'all delivered': 'witnessed',
    });
    expect(r.fairness).toMatchObject({ mode: 'declared' });
    expect(r.fairness?.strongGroups).toBeGreaterThan(0);
  });

  it('under weak fairness only, a message lost again and again is never delivered: a fair cycle', () => {
    const r = check('fifo-multicast-lossy', {}, 'weak');
    expect(r.verdict).toBe('liveness');
    expect(r.exitCode).toBe(13);
    expect(r.counterexample?.loop).toBeDefined();
    const cycle = r.counterexample?.steps.slice(r.counterexample.loop) ?? [];
    expect(cycle.some((s) => s.kind === 'lose')).toBe(true);
  });

  it('without retransmission a lost message is never delivered: a stuck path, no loop', () => {
    const r = check('fifo-multicast-lossy-no-retransmit');
    expect(r.verdict).toBe('liveness');
    expect(r.counterexample?.property?.name).toBe('every multicast is eventually delivered');
    expect(r.counterexample?.loop).toBeUndefined();
    expect(r.counterexample?.steps.some((s) => s.kind === 'lose')).toBe(true);
  });

  it("a retransmission that takes the next SeqNo (the notes' 'not including retransmissions!', broken) is delivered again: integrity fails in 4 steps, with no loss", () => {
    const r = check('fifo-multicast-lossy-renumber');
    expect([r.verdict, r.exitCode, r.counterexample?.property?.name, r.counterexample?.reason]).toEqual(['violation', 12, 'integrity', 'P1 delivered P0#1 twice']);
    expect(r.counterexample?.steps.map((s) => [s.actor, s.action])).toEqual([
      ['P0', 'multicast'],
      ['P0', 'retransmit'],
      ['P1', 'receives DATA(id=P0#1, seq=1) from P0'],
      ['P1', 'receives DATA(id=P0#1, seq=2) from P0'],
    ]);
    // The reference sends the same message again with its own SeqNo: the copy is recognised and not delivered.
    const again = explore(model('fifo-multicast-lossy').build(resolveParams(model('fifo-multicast-lossy'), {})), { maxDepth: 4 });
    expect(again.properties.find((p) => p.name === 'integrity')?.status).not.toBe('violated');
  });
});
