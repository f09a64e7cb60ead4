/**
 * Where mutual exclusion's messages go (spec/mutex-load.ts, models/mutex/claims.ts): the notes'
 * "C can become a performance bottleneck…" and the token ring's "No central server bottleneck".
 */
import { describe, expect, it } from 'vitest';
import { explore, resolveParams, type Observed, type Report, type Trace } from 'interleave';
import { mutexModels } from '../../models/mutex/index.ts';
import { pinnedStates as pinnedAt } from '../../models/manifest.ts';
import { load } from '../../spec/mutex-load.ts';

const build = (name: string, params: Record<string, number> = {}) => {
  const d = mutexModels.find((m) => m.name === name);
  if (!d) throw new Error(`no model ${name}`);
  return d.build(resolveParams(d, params));
};
const check = (name: string, params: Record<string, number> = {}): Report => explore(build(name, params));
/** The `handled` count of every process in the last state of a trace. */
const handled = (t: Trace | undefined): number[] => {
  const state = t!.steps.at(-1)!.state as Record<string, { handled?: number }>;
  return Object.keys(state)
    .filter((k) => /^P\d+$/.test(k))
    .sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))
    .map((k) => state[k].handled ?? -1);
};
const stepOf = (p: number, kind: Observed<unknown, unknown>['kind'], sent: number): Observed<unknown, unknown> => ({
  p,
  role: 'r',
  kind,
  action: kind === 'receive' ? 'M' : 'a',
  before: {},
  after: {},
  sent: Array.from({ length: sent }, (_, i) => ({ to: i, msg: {} })),
});

describe('the load observer', () => {
  it('counts a message once at each end: what a step sends, and the message it receives', () => {
    const o = load<unknown, unknown>(false);
    let g = o.init([{}, {}, {}]);
    g = o.observe(g, stepOf(1, 'local', 2));
    g = o.observe(g, stepOf(2, 'receive', 1));
    g = o.observe(g, stepOf(2, 'receive', 0));
    expect(g.handled).toEqual([0, 2, 3]);
    const same = o.observe(g, stepOf(0, 'local', 0));
    expect(same).toBe(g); // a step that sends and receives nothing leaves the ghost as it was
    expect(o.observe(g, stepOf(0, 'lose', 0)).handled).toEqual([0, 2, 3]);
    expect(o.observe(g, stepOf(0, 'crash', 0)).handled).toEqual([0, 2, 3]);
    // A duplicate is a delivery (its handler runs, a copy stays in flight): handled like a receive.
    expect(o.observe(g, stepOf(0, 'duplicate', 1)).handled).toEqual([2, 2, 3]);
  });

  it('relative: less the least count, and at most the cap', () => {
    const o = load<unknown, unknown>({ cap: 4 });
    let g = o.init([{}, {}, {}]);
    g = o.observe(g, stepOf(0, 'local', 1));
    g = o.observe(g, stepOf(1, 'receive', 1));
    g = o.observe(g, stepOf(2, 'receive', 0));
    expect(g.handled).toEqual([0, 1, 0]);
    for (let i = 0; i < 3; i++) g = o.observe(g, stepOf(1, 'local', 2));
    expect(g.handled).toEqual([0, 4, 0]);
  });
});

describe('central server: C handles 3 messages per entry of every client', () => {
  it('at the end of a run C has handled 3 per entry of every client, a client 3 per entry of its own', () => {
    for (const [n, entries] of [
      [2, 1],
      [3, 2],
      [4, 1],
    ]) {
      const r = check('central-server-load', { n, entries });
      expect(r.verdict).toBe('pass');
      const end = r.witnesses['the run ended'];
      expect(handled(end)).toEqual([3 * n * entries, ...Array.from({ length: n }, () => 3 * entries)]);
    }
  });

  it('a run with a crash is not judged: it ends short of its entries', () => {
    const r = explore(build('central-server-load', { crashes: 1 }), { checkDeadlock: false });
    expect(r.verdict).toBe('pass');
  });

  it('the counters add no states: the loads follow from the state (the plain central server’s count)', () => {
    expect(pinnedAt('central-server-load')).toBe(pinnedAt('central-server'));
  });

  it('a coordinator that answers a queued lock with BUSY handles more, and the check says how many', () => {
    const r = check('central-server-load-busy-reply');
    expect([r.verdict, r.counterexample?.property?.name]).toEqual(['violation', 'C handles 3 messages per entry of every client']);
    expect(r.counterexample?.reason).toBe('the run has ended and C (P0) has handled 19 messages, not 3 per entry of each of the 3 clients (18)');
    expect(handled(r.counterexample)).toEqual([19, 6, 6, 7]); // P3 was told BUSY once: one message more at each end
  });
});

describe('token ring: no central server bottleneck', () => {
  it('no process is more than one hop of the token ahead of another, and one hop is reached, for n = 3 … 6', () => {
    for (const n of [3, 4, 5, 6]) {
      const r = check('token-ring-load', { n, entries: 1 });
      expect(r.verdict).toBe('pass');
      const ahead = handled(r.witnesses['a process one hop ahead']);
      expect(Math.max(...ahead) - Math.min(...ahead)).toBe(2);
    }
  });

  it('the relative counts add no states: the token’s place decides them (the plain token ring’s count)', () => {
    expect(pinnedAt('token-ring-load')).toBe(pinnedAt('token-ring'));
  });

  it('a ring with a hub at P0 is a central server again: P0 carries every other hop', () => {
    const r = check('token-ring-load-hub');
    expect([r.verdict, r.counterexample?.property?.name]).toEqual(['violation', 'no process carries the others’ traffic']);
    expect(r.counterexample?.steps.map((s) => `${s.actor} ${s.action}`)).toEqual(['P0 pass', 'P1 receives TOKEN from P0', 'P1 pass', 'P0 receives TOKEN from P1', 'P0 pass']);
    expect(r.counterexample?.reason).toBe("P0 has handled 3 messages more than P2: it carries others' traffic");
  });
});
