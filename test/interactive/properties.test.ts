/**
 * What the explorer shows of each kind of property in one state: invariants and witnesses their
 * value; quiescence properties only where no step is enabled; liveness properties no value (they
 * are judged over whole runs, and their functions take an instance). And every bundled model opens
 * at its initial state.
 */
import { describe, expect, it } from 'vitest';
import { always, atQuiescence, eventually, leadsTo, type Model } from 'interleave';
import { load } from '../../checker/cli/main.ts';
import { startExplorer } from '../../checker/interactive/server.ts';
import { Session } from '../../checker/interactive/session.ts';
import { models } from '../../models/index.ts';

/** A counter to 3 whose liveness properties read an instance that exists only when they are given one. */
const counter: Model<{ readonly x: number; readonly owners: readonly { readonly done: boolean }[] }, string> = {
  name: 'counter',
  init: () => [{ x: 0, owners: [{ done: false }] }],
  actions: (s) => (s.x < 3 ? ['inc'] : []),
  next: (s) => ({ x: s.x + 1, owners: [{ done: s.x + 1 === 3 }] }),
  isEnd: (s) => s.x === 3,
  properties: [
    always('small', (s) => s.x < 3),
    atQuiescence('ends at 3', (s) => s.x === 3),
    eventually('each owner is done', (s, i) => s.owners[i].done, { instances: () => 1 }),
    leadsTo('started leads to done', (s, i) => s.owners[i].done || s.x > 0, (s, i) => s.owners[i].done, { instances: () => 1 }),
  ],
};

describe('properties in one state', () => {
  it('liveness properties have no value in a state and their functions are not called without an instance; quiescence only where no step is enabled', () => {
    const s = new Session(counter);
    const { states } = s.walk(0, [0, 0, 0]);
    const at = (k: number) => Object.fromEntries(s.properties(states[k]).map((p) => [p.name, [p.kind, p.holds]]));
    expect(at(0)).toEqual({ small: ['always', true], 'ends at 3': ['quiescent', null], 'each owner is done': ['eventually', null], 'started leads to done': ['leadsTo', null] });
    expect(at(3)).toEqual({ small: ['always', false], 'ends at 3': ['quiescent', true], 'each owner is done': ['eventually', null], 'started leads to done': ['leadsTo', null] });
  });

  it('chandy-lamport: its leadsTo property has no value, its termination at quiescence none while steps are enabled', async () => {
    const s = new Session((await load('chandy-lamport', [])).model);
    const v = s.walk(0, []).states[0];
    expect(s.steps(v).length).toBeGreaterThan(0);
    const ps = s.properties(v);
    expect(ps.find((p) => p.name === 'every initiated snapshot completes')).toMatchObject({ kind: 'leadsTo', holds: null });
    expect(ps.find((p) => p.name === 'termination')).toMatchObject({ kind: 'quiescent', holds: null });
    expect(ps.find((p) => p.name === 'termination')).not.toHaveProperty('reason');
  });
});

describe('every bundled model', () => {
  it('opens in the explorer at its initial state', async () => {
    const failed: string[] = [];
    for (const def of models) {
      const loaded = await load(def.name, []);
      const ex = await startExplorer({ model: loaded.model, label: loaded.label, params: loaded.params, port: 0, warm: false });
      try {
        const r = await fetch(new URL('api/state', ex.url));
        const body = (await r.json()) as { error?: string; properties?: { kind: string; holds: boolean | null }[] };
        if (r.status !== 200) failed.push(`${def.name}: ${r.status} ${body.error}`);
        else if (body.properties?.some((p) => (p.kind === 'eventually' || p.kind === 'leadsTo' || p.kind === 'infinitelyOften') && p.holds !== null)) failed.push(`${def.name}: a liveness property has a value`);
      } finally {
        await ex.close();
      }
    }
    expect(failed).toEqual([]);
  }, 300_000);
});
