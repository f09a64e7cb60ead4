/**
 * The snapshot family's liveness: "every initiated snapshot completes", on the token ring that
 * runs for ever (a cyclic space, where the quiescent `termination` says nothing), holds under the
 * declared weak delivery fairness and fails without it; the mutant that sends no marker on the
 * idle channel back to its predecessor fails it with a lasso, which replays (exit 13). On the
 * bank (acyclic) it holds alongside `termination`.
 */
import { describe, expect, it } from 'vitest';
import { explore, parseTrace, render, replay, resolveParams, type ModelDefinition, type Report } from 'interleave';
import { snapshotModels } from '../../models/snapshot/index.ts';
import { pinnedStates } from '../../models/manifest.ts';

const def = (name: string): ModelDefinition => {
  const d = snapshotModels.find((m) => m.name === name);
  if (!d) throw new Error(name);
  return d;
};
const check = (name: string, params: Record<string, number> = {}, fairness?: 'none' | 'weak' | 'strong'): Report =>
  explore(def(name).build(resolveParams(def(name), params)), fairness ? { fairness } : {});
const statusOf = (r: Report) => Object.fromEntries(r.properties.map((p) => [p.name, p.status]));
const LIVE = 'every initiated snapshot completes';

describe('chandy-lamport-tokens: tokens go round for ever, snapshots still complete', () => {
  it('holds under the declared fairness (weakly fair channels), with a completed snapshot witnessed', () => {
    const r = check('chandy-lamport-tokens');
    expect(r.verdict).toBe('pass');
    expect(r.distinctStates).toBe(pinnedStates('chandy-lamport-tokens'));
    expect(statusOf(r)).toEqual({ conservation: 'holds', [LIVE]: 'holds', 'snapshot completed': 'witnessed', 'message in flight recorded': 'witnessed' });
    expect(r.fairness).toEqual({ mode: 'declared', weakGroups: 12, strongGroups: 0 });
  });

  it('with two concurrent initiators too', () => {
    const r = check('chandy-lamport-tokens', { initiators: 2 });
    expect([r.verdict, r.distinctStates]).toEqual(['pass', pinnedStates('chandy-lamport-tokens', { n: 3, tokens: 2, initiators: 2 })]);
  });

  it('fails without fairness: a marker may wait in its channel for ever while the tokens go round', () => {
    const r = check('chandy-lamport-tokens', {}, 'none');
    expect([r.verdict, r.exitCode]).toEqual(['liveness', 13]);
    const t = r.counterexample;
    expect(t?.property?.name).toBe(LIVE);
    expect(t?.loop).toBeDefined();
    // The cycle only moves tokens: no marker is delivered on it.
    const cycle = t?.steps.slice((t?.loop ?? 0) + 1) ?? [];
    expect(cycle.length).toBeGreaterThan(0);
    expect(cycle.every((s) => !String(s.action).includes('MARKER'))).toBe(true);
  });
});

describe('chandy-lamport-tokens-skips-channel', () => {
  const r = check('chandy-lamport-tokens-skips-channel');
  const ref = { model: 'chandy-lamport-tokens-skips-channel', params: { n: 3, tokens: 2, initiators: 1 } };
  const model = def('chandy-lamport-tokens-skips-channel').build(resolveParams(def('chandy-lamport-tokens-skips-channel'), {}));

  it('P0 waits for ever for a marker from P1, which never sends one on its idle channel back: a lasso, exit 13, named after P0', () => {
    expect([r.verdict, r.exitCode]).toEqual(['liveness', 13]);
    const t = r.counterexample;
    expect(t?.property).toEqual({ name: LIVE, kind: 'leadsTo', instance: 0, instanceName: 'P0' });
    expect(t?.loop).toBe(4);
    expect(t?.steps.map((s) => `${s.actor} ${s.action}`)).toEqual([
      'P0 initiate',
      'P1 receives MARKER from P0',
      'P2 receives MARKER from P1',
      'P0 receives MARKER from P2',
      'P0 pass',
      'P1 receives TOKEN from P0',
      'P1 pass',
      'P2 receives TOKEN from P1',
      'P2 pass',
      'P0 receives TOKEN from P2',
    ]);
    // Safety is intact: conservation is never tested (no snapshot completes), and nothing is quiescent.
    expect(statusOf(r)).toMatchObject({ conservation: 'holds', [LIVE]: 'violated', 'snapshot completed': 'unwitnessed' });
  });

  it('the lasso replays: the cycle closes and the property fails along it (exit 13)', () => {
    const text = render('json', { trace: r.counterexample, ref });
    const rep = replay(model, parseTrace(text, 'x.trace.json').trace);
    expect([rep.status, rep.exitCode]).toEqual(['reproduced', 13]);
    // Against the correct layer the run is not possible (P1 sends a marker back to P0 as well).
    const correct = def('chandy-lamport-tokens').build(resolveParams(def('chandy-lamport-tokens'), {}));
    expect(replay(correct, parseTrace(text, 'x.trace.json').trace).status).not.toBe('reproduced');
  });
});
