/**
 * "Ordering and asynchrony", measured: the README's table of the largest hold-back queue and of
 * what one slow process does to the others, held to the searches (total-order-lamport, 338,042
 * states, in the heavy tier), and the two witnesses on their own.
 */
import { describe, expect, it } from 'vitest';
import { explore, resolveParams } from 'interleave';
import { ASYNCHRONY_PROTOCOLS, asynchronyRow } from '../../models/multicast/asynchrony.ts';
import { models } from '../../models/index.ts';
import { expectRowAsMeasured, readmeRows } from './asynchrony-table.ts';

const HEAVY = new Set(['total-order-lamport']);

describe('the README table of hold-back queues and slow processes', () => {
  it('has one row per ordering protocol', () => {
    expect([...readmeRows().keys()]).toEqual(ASYNCHRONY_PROTOCOLS);
  });
  for (const name of ASYNCHRONY_PROTOCOLS.filter((n) => !HEAVY.has(n))) it(name, () => expectRowAsMeasured(name));
});

describe('one slow process under FIFO and under total order', () => {
  const check = (name: string, params: Record<string, number> = {}) => {
    const def = models.find((m) => m.name === name)!;
    return explore(def.build(resolveParams(def, params) as never));
  };
  it('FIFO: the others deliver every multicast while the last process has received nothing; the slow process never holds them all up', () => {
    const row = asynchronyRow('fifo-multicast');
    expect([row.othersGoOn, row.slowHoldsUpAll]).toEqual([true, false]);
  });
  it('Lamport total order: a silent process holds up every delivery, and the others never deliver everything without it', () => {
    const r = check('total-order-lamport', { multicasts: 1 });
    expect(r.verdict).toBe('pass');
    // Both multicasts made, each held back by P0 and P1 until P2 proposes: 6 steps.
    expect(r.witnesses['one slow process holds up every delivery']?.steps.length).toBe(6);
    expect(r.properties.find((p) => p.name === 'one slow process holds up every delivery')?.status).toBe('witnessed');
    expect(asynchronyRow('total-order-lamport-non-fifo')).toMatchObject({ slowHoldsUpAll: true, othersGoOn: false });
  });
});
