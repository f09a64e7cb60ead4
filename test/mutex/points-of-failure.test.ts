/**
 * Points of failure (models/mutex/family.ts, crashWhenIdleSystem): the notes' "Both Ricart &
 * Agrawala and Lamport’s scheme have N points of failure: doomed if any process dies :-(", against
 * the central server, whose clients may die while idle without harm. One process, the victim, may
 * crash-stop while it neither waits nor is in the critical section (`mayCrash` of the system).
 */
import { describe, expect, it } from 'vitest';
import { compile, explore, fifo, resolveParams, system, type Protocol, type Report } from 'interleave';
import { mutexModels } from '../../models/mutex/index.ts';
import { pinnedStates as pinnedAt } from '../../models/manifest.ts';

const build = (name: string, params: Record<string, number> = {}) => {
  const d = mutexModels.find((m) => m.name === name);
  if (!d) throw new Error(`no model ${name}`);
  return d.build(resolveParams(d, params));
};
const check = (name: string, params: Record<string, number> = {}): Report => explore(build(name, params));

/** The victims whose crash while idle leaves a live process blocked, at n=3 and one entry each. */
function pointsOfFailure(alg: string, processes: number): number[] {
  const out: number[] = [];
  for (let victim = 0; victim < processes; victim++) {
    const r = check(`${alg}-crash-idle`, { victim });
    expect(r.verdict === 'pass' || r.counterexample?.property?.name === 'no deadlock', `${alg} victim=${victim}: ${r.verdict}`).toBe(true);
    if (r.verdict !== 'pass') out.push(victim);
  }
  return out;
}

describe('points of failure: one process may crash while idle', () => {
  it.each([
    ['central-server', 4, [0]],
    ['ricart-agrawala', 3, [0, 1, 2]],
    ['lamport-mutex', 3, [0, 1, 2]],
    ['token-ring', 3, [0, 1, 2]],
  ] as const)('%s (%i processes): the crash of %j blocks the others', (alg, processes, expected) => {
    expect(pointsOfFailure(alg, processes)).toEqual(expected);
  });

  it('central server: a client that dies idle is no loss; the witness shows it crash while another holds the lock', () => {
    const r = check('central-server-crash-idle', { victim: 2 });
    expect([r.verdict, r.distinctStates]).toEqual(['pass', pinnedAt('central-server-crash-idle')]);
    const w = r.witnesses['another in the critical section while it is down'];
    expect(w.steps.map((s) => [s.actor, s.action])).toEqual([
      ['P1', 'lock'],
      ['P0', 'receives LOCK from P1'],
      ['P1', 'receives GRANT from P0'],
      ['env', 'P2 crashes'],
    ]);
  });

  it('Ricart–Agrawala: an idle process that dies blocks the next request, as it never sends its OK', () => {
    const r = check('ricart-agrawala-crash-idle', { victim: 1 });
    expect([r.verdict, r.counterexample?.property?.name]).toEqual(['violation', 'no deadlock']);
    const steps = r.counterexample!.steps;
    const crash = steps.findIndex((s) => s.kind === 'crash');
    expect(steps[crash].action).toBe('P1 crashes');
    // P1 had made no request when it crashed: it was idle, not waiting.
    expect(steps.slice(0, crash).some((s) => s.actor === 'P1' && s.action === 'request')).toBe(false);
    expect(r.counterexample?.reason).toMatch(/P0 waits \(WANT\).*P2 waits \(WANT\).*P1 crashed/);
  });

  it('a victim that is not a process is a one-line error naming the range', () => {
    expect(() => build('ricart-agrawala-crash-idle', { victim: 3 })).toThrow('victim must be a process, below 3 (P0 to P2); got 3');
    expect(() => build('central-server-crash-idle', { victim: 4 })).toThrow('victim must be a process, below 4 (P0 to P3); got 4');
  });
});

// ---- the engine's mayCrash --------------------------------------------------------------------------

type S = { readonly n: number };
/** Each process counts to 2 on its own; no messages. */
const counter: Protocol<S, { type: 'X' }> = {
  name: 'counter',
  init: () => ({ n: 0 }),
  actions: { inc: { guard: (s) => s.n < 2, run: (s) => ({ state: { n: s.n + 1 } }) } },
  handlers: { X: (s) => ({ state: s }) },
};

describe('system({ crashes, mayCrash })', () => {
  it('offers a crash only to the processes, in the local states, that mayCrash allows', () => {
    const free = explore(system({ protocol: counter, n: 2, network: fifo, crashes: 1 }));
    const guarded = explore(system({ protocol: counter, n: 2, network: fifo, crashes: 1, mayCrash: (p, s) => p === 1 && s.n === 1 }));
    // The counters make 9 states. Without a guard either process may crash in any of them (18
    // more: the crashed one is frozen, the other goes on); with it only P1, at n = 1, beside the
    // 3 values of P0's counter.
    expect([free.distinctStates, guarded.distinctStates]).toEqual([9 + 18, 9 + 3]);
  });

  it('the fairness groups list exactly the steps expand gives, crashes that mayCrash allows included', () => {
    const c = compile(system({ protocol: counter, n: 2, network: fifo, crashes: 1, mayCrash: (p, s) => p === 1 && s.n === 0 }));
    const init: Int32Array[] = [];
    c.initial((v) => init.push(v.slice()));
    let steps = 0;
    c.expand(init[0], () => steps++);
    // Two local steps (inc of P0 and of P1) and P1's crash, not P0's.
    expect(steps).toBe(3);
    expect(c.fairness!.groups(init[0], new Int32Array(16))).toBe(steps);
  });

  it('mayCrash without crashes is a one-line usage error', () => {
    expect(() => system({ protocol: counter, n: 2, network: fifo, mayCrash: () => true })).toThrow('mayCrash is given, but crashes is 0: no process may crash (give crashes: k)');
  });

  it('a mayCrash that throws is a model error naming it', () => {
    const r = explore(
      system({
        protocol: counter,
        n: 2,
        network: fifo,
        crashes: 1,
        mayCrash: () => {
          throw new Error('no idea');
        },
      }),
    );
    expect([r.verdict, r.exitCode]).toEqual(['error', 75]);
    expect(r.error).toMatch(/^counter\.mayCrash threw: no idea/);
  });
});
