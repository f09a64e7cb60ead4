/**
 * Two-phase commit as processes: the cross-check against TLA+'s TwoPhase (the generic-level model),
 * safety under a crash, and the blocking run.
 */
import { describe, expect, it } from 'vitest';
import { actionModel, always, explore, keyOf, system, unordered } from 'interleave';
import { twoPhaseCommit, type State as TlaState } from '../../models/commit/two-phase-commit.ts';
import { twoPhaseSystem, view } from '../../models/commit/processes.ts';
import { coordinator, participant, type TwoPhaseMsg, type TwoPhaseState } from '../../src/commit/two-phase-commit.ts';
import { agreement, validity } from '../../spec/commit.ts';
import crashModel from '../../models/commit/two-phase-commit-processes-crash.ts';

/** (rmState, tmState, tmPrepared) of every reachable state of TLA+'s TwoPhase. */
function tlaProjections(rms: number): Set<string> {
  const seen = new Set<string>();
  const spec = twoPhaseCommit(rms);
  const collect = always<TlaState>('collect', (s) => (seen.add(keyOf([s.rmState, s.tmState, [...s.tmPrepared]])), true));
  expect(explore(actionModel({ ...spec, properties: [collect] })).verdict).toBe('pass');
  return seen;
}

/** The same projection of every reachable state of the processes: participant p is RM p-1; the coordinator is the TM. */
function processProjections(participants: number): Set<string> {
  const seen = new Set<string>();
  const sys = system<TwoPhaseState, TwoPhaseMsg>({
    roles: { coordinator: { protocol: coordinator, count: 1 }, participant: { protocol: participant, count: participants } },
    network: unordered,
    properties: [
      always('collect', (g) => {
        const tm = g.procs[0];
        if (tm.role !== 'coordinator') throw new Error('P0 is the coordinator');
        seen.add(keyOf([g.procs.slice(1).map((s) => s.phase), tm.phase, tm.prepared.map((p) => p - 1)]));
        return true;
      }),
    ],
  });
  expect(explore(sys).verdict).toBe('pass');
  return seen;
}

describe('two-phase commit as processes', () => {
  it.each([1, 2, 3, 4])('reaches exactly the (RM states, TM state, TM prepared) of TLA+ TwoPhase with %i participants', (n) => {
    const tla = tlaProjections(n);
    const procs = processProjections(n);
    expect(procs.size).toBeGreaterThan(1);
    expect([...procs].sort()).toEqual([...tla].sort());
  });

  it('reaches the same final decisions as TwoPhase: every RM committed, or every RM aborted', () => {
    const finals = [...processProjections(3)].map((k) => JSON.parse(k) as [string[], string, number[]]).filter(([rm, tm]) => tm !== 'init' && rm.every((x) => x === 'committed' || x === 'aborted'));
    expect(new Set(finals.map(([rm]) => rm.join(',')))).toEqual(new Set(['committed,committed,committed', 'aborted,aborted,aborted']));
  });

  it('keeps agreement and validity when any one process crashes', () => {
    for (const participants of [2, 3]) {
      const sys = system<TwoPhaseState, TwoPhaseMsg>({ ...twoPhaseSystem({ participants, crashes: 1 }).spec, properties: [agreement(view), validity(view)], checkDeadlock: false });
      expect(explore(sys).verdict).toBe('pass');
    }
  });

  it('blocks: with the coordinator crashed, participants that voted yes can neither commit nor abort', () => {
    const r = explore(crashModel.build({ participants: 3, crashes: 1 }));
    expect(r.verdict).toBe('liveness');
    expect(r.exitCode).toBe(13);
    expect(r.counterexample!.property!.name).toBe('every participant decides');
    const steps = r.counterexample!.steps;
    expect(steps.at(-1)!.action).toBe('P0 crashes');
    expect(steps.slice(0, -1).map((s) => s.action)).toEqual(['prepare', 'prepare', 'prepare']);
    // The blocked state: every participant prepared (voted yes, undecided), the coordinator crashed.
    expect(r.properties.find((p) => p.name === 'a prepared participant is blocked')?.status).toBe('witnessed');
  });
});
