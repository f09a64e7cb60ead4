/**
 * Bully's liveness: "eventually the highest live process is leader" (¬A ~> A), under the
 * protocol's fairness with crashes never forced. The correct algorithm satisfies it with up to two
 * crashes; a process that waits to suspect every other process before declaring never takes
 * office, which only the liveness property sees (no state of that run is settled): a stuck run,
 * exit 13. The settled-state invariant still catches the silent winner first.
 */
import { describe, expect, it } from 'vitest';
import { explore, parseTrace, render, replay, resolveParams, type ModelDefinition, type Report } from 'interleave';
import { electionModels } from '../../models/election/index.ts';
import { pinnedStates } from '../../models/manifest.ts';

const def = (name: string): ModelDefinition => electionModels.find((m) => m.name === name) as ModelDefinition;
const check = (name: string, params: Record<string, number> = {}): Report => explore(def(name).build(resolveParams(def(name), params)));
const statusOf = (r: Report) => Object.fromEntries(r.properties.map((p) => [p.name, p.status]));
const LIVE = 'eventually the highest live process is leader';

describe('bully: eventually the highest live process is leader', () => {
  it.each([0, 1, 2])('holds with %i crashable processes (crashes are never forced)', (crashes) => {
    const r = check('bully', { crashes });
    expect(r.verdict).toBe('pass');
    expect(statusOf(r)[LIVE]).toBe('holds');
    expect(r.properties.find((p) => p.name === LIVE)?.kind).toBe('leadsTo');
    expect(r.fairness?.mode).toBe('declared');
  });

  it('the pinned state counts are unchanged by the liveness property', () => {
    expect(check('bully').distinctStates).toBe(pinnedStates('bully'));
  });
});

describe('bully-waits-for-all', () => {
  const r = check('bully-waits-for-all');

  it('never settles: a stuck run after the top process crashed, with no leader (exit 13); the settled-state invariant holds', () => {
    expect([r.verdict, r.exitCode]).toEqual(['liveness', 13]);
    expect(statusOf(r)).toMatchObject({ 'one leader': 'holds', 'highest live leader when settled': 'holds', [LIVE]: 'violated' });
    const t = r.counterexample!;
    expect(t.loop).toBeUndefined();
    expect(t.steps).toHaveLength(6);
    expect(t.reason).toBe('on this run the live processes never all believe in P1, the highest live process: P0 believes in no leader, P1 believes in no leader');
  });

  it('without crashes too: the highest process waits for ever to suspect the others', () => {
    const w = check('bully-waits-for-all', { crashes: 0 });
    expect(w.verdict).toBe('liveness');
    expect(w.counterexample?.reason).toMatch(/never all believe in P2/);
  });

  it('the stuck run replays (exit 13)', () => {
    const ref = { model: 'bully-waits-for-all', params: { n: 3, crashes: 1 } };
    const model = def('bully-waits-for-all').build(resolveParams(def('bully-waits-for-all'), {}));
    const rep = replay(model, parseTrace(render('json', { trace: r.counterexample, ref }), 'x.trace.json').trace);
    expect([rep.status, rep.exitCode]).toEqual(['reproduced', 13]);
  });
});

describe('the settled-state invariant still says something', () => {
  it('the silent winner fails it first (exit 12): a settled state with the wrong belief, before any liveness check', () => {
    const r = check('bully-silent-winner');
    expect([r.verdict, r.exitCode, r.counterexample?.property?.name]).toEqual(['violation', 12, 'highest live leader when settled']);
  });
});
