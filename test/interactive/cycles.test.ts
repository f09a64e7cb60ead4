/**
 * A path that returns to a state it passed is a lasso: the explorer's diagram marks the cycle
 * (the steps after that state repeat for ever), as the SVG of a liveness counterexample does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Model } from 'interleave';
import { startExplorer, type Explorer } from '../../checker/interactive/server.ts';
import { returnsTo, Session } from '../../checker/interactive/session.ts';

/** A ring counter 0 → 1 → 2 → 0, and a step from 0 to a dead end 9. */
const ring: Model<number, string> = {
  name: 'ring',
  init: () => [0],
  actions: (s) => (s === 9 ? [] : s === 0 ? ['inc', 'off'] : ['inc']),
  next: (s, a) => (a === 'off' ? 9 : (s + 1) % 3),
  isEnd: (s) => s === 9,
  properties: [],
};

let ex: Explorer;
beforeAll(async () => {
  ex = await startExplorer({ model: ring, label: 'ring', params: {}, port: 0 });
});
afterAll(async () => {
  await ex?.close();
});

const state = async (path: string) => (await (await fetch(new URL(`api/state?path=${path}`, ex.url))).json()) as { svg: string };

describe('a path that returns to a state it passed', () => {
  it('returnsTo names the latest earlier state the last one is', () => {
    const s = new Session(ring);
    const inc = s.steps(s.walk(0, []).states[0]).findIndex((x) => x.text.includes('inc'));
    expect(returnsTo(s.walk(0, [inc, 0, 0]).states)).toBe(0);
    expect(returnsTo(s.walk(0, [inc, 0]).states)).toBeUndefined();
    expect(returnsTo(s.walk(0, [inc, 0, 0, inc]).states)).toBe(1);
  });

  it('the diagram marks the cycle and its title says the run returns; a path without one is a plain run', async () => {
    const s = new Session(ring);
    const inc = s.steps(s.walk(0, []).states[0]).findIndex((x) => x.text.includes('inc'));
    const cyc = await state(`${inc}.0.0`);
    expect(cyc.svg).toContain('class="loopback"');
    expect(cyc.svg).toContain('ring: a run of 3 steps that returns to the state at the start: a cycle that can repeat for ever');
    const plain = await state(`${inc}.0`);
    expect(plain.svg).not.toContain('class="loopback"');
    expect(plain.svg).toContain('ring: a run of 2 steps</');
  });
});
