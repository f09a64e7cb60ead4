/**
 * The two symmetry modes (checker/reduce/symmetry.ts): exact (one state per orbit, trying only the
 * renamings that sort the keys) and sort (Stateright's representative), their refusals, the check
 * of a declared symmetry under each, and the command line's `--symmetry [exact|sort]`.
 */
import { describe, expect, it, vi } from 'vitest';
import { actionModel, always, except, explore, ExitCode, fifo, over, replay, sometimes, system, UsageError, type GlobalState, type Property, type Protocol } from '../../index.ts';
import { main } from '../../checker/cli/main.ts';
import { twoPhaseSpec, type State } from '../../models/commit/two-phase-commit.ts';
import earlyCommit from '../../models/commit/two-phase-commit-early-commit.ts';
import { models } from '../../models/index.ts';
import type { Symmetry } from '../../checker/model.ts';

/** 2PC with its symmetry's key replaced (undefined: none). */
function withKey(rms: number, key: Symmetry<State>['key']) {
  const spec = twoPhaseSpec(rms);
  return actionModel({ ...spec, symmetry: { ...(spec.symmetry as Symmetry<State>), key } });
}

describe('exact symmetry', () => {
  it('judges the action constraint on the step the model takes, not on two representatives (found by an audit: a step dropped, or one let in)', () => {
    const I = [0, 1];
    type S = { readonly x: readonly number[] };
    /** x[i] goes 0 → 2 → 3; every step changes one entry. */
    const model = (name: string, actionConstraint: (s: S, t: S) => boolean) =>
      actionModel<S>({
        name,
        init: () => [{ x: [0, 1] }, { x: [1, 0] }],
        indexed: ['x'],
        actions: {
          set: over(I, (s, i) => s.x[i] === 0 && { x: except(s.x, i, 2) }),
          fin: over(I, (s, i) => s.x[i] === 2 && { x: except(s.x, i, 3) }),
        },
        actionConstraint,
        isEnd: () => true,
        properties: [always('no value reaches 3', (s) => !s.x.includes(3))],
        symmetry: { name: 'I', size: 2, permute: (s, perm) => ({ x: I.map((j) => s.x[perm.indexOf(j)]) }), key: (s, i) => s.x[i] },
      });
    const changed = (s: S, t: S) => I.filter((i) => s.x[i] !== t.x[i]).length;
    // At most one entry changes: the constraint removes no step; the violation is in every search.
    const one = model('at most one', (s, t) => changed(s, t) <= 1);
    expect([explore(one).verdict, explore(one, { symmetry: 'sort' }).verdict, explore(one, { symmetry: true }).verdict]).toEqual(['violation', 'violation', 'violation']);
    // Both entries change: no step does, so the model is its initial states and passes.
    const both = model('both', (s, t) => changed(s, t) === 2);
    expect([explore(both).verdict, explore(both, { symmetry: 'sort' }).verdict, explore(both, { symmetry: true }).verdict]).toEqual(['pass', 'pass', 'pass']);
    expect(explore(both, { symmetry: true }).distinctStates).toBe(1);
  });

  it('trying only the renamings that sort the keys gives the orbits that trying every renaming gives', () => {
    for (const rms of [3, 4]) {
      const keyed = explore(withKey(rms, (s, rm) => s.rmState[rm]), { symmetry: true });
      const every = explore(withKey(rms, undefined), { symmetry: true });
      expect([keyed.verdict, keyed.distinctStates]).toEqual(['pass', every.distinctStates]);
      // Fewer renamings tried than all of them for every state.
      expect(keyed.stats['symmetry.renamingsTried']).toBeLessThan(every.stats['symmetry.renamingsTried']);
    }
  });
  it('counts the orbits: 314 for 2PC with 5 RMs, as a brute force over every state and every renaming says (not Stateright\'s 665)', () => {
    // Independent of checker/reduce/symmetry.ts: every state of the full search, renamed by each of
    // the 5! permutations here, written as a string; an orbit is named by its smallest string.
    const rms = 5;
    const states: State[] = [];
    const full = explore(withKey(rms, undefined), { onState: (s) => states.push(s as State) });
    expect([full.verdict, full.distinctStates, states.length]).toEqual(['pass', 8832, 8832]);
    const perms: number[][] = [];
    const permute = (prefix: number[], rest: number[]): void => {
      if (!rest.length) perms.push(prefix);
      for (const x of rest) permute([...prefix, x], rest.filter((y) => y !== x));
    };
    permute([], [0, 1, 2, 3, 4]);
    const renamed = (s: State, p: number[]): string => {
      // RM r becomes RM p[r].
      const rm: string[] = [];
      for (let r = 0; r < rms; r++) rm[p[r]] = s.rmState[r];
      const prepared = s.tmPrepared.map((r) => p[r]).sort();
      const msgs = s.msgs.map((m) => (m.type === 'Prepared' ? `P${p[m.rm]}` : m.type)).sort();
      return `${rm.join()}|${s.tmState}|${prepared.join()}|${msgs.join()}`;
    };
    const orbits = new Set<string>();
    for (const s of states) {
      let least = renamed(s, perms[0]);
      for (const p of perms) {
        const r = renamed(s, p);
        if (r < least) least = r;
      }
      orbits.add(least);
    }
    const reduced = explore(withKey(rms, (s, rm) => s.rmState[rm]), { symmetry: true });
    expect([orbits.size, reduced.distinctStates]).toEqual([314, 314]);
  });
  it('more renamings than it takes are refused, pointing to sort', () => {
    expect(() => explore(withKey(9, (s, rm) => s.rmState[rm]), { symmetry: true })).toThrow(/362,880 renamings.*--symmetry sort takes any number/);
  });
});

describe('--symmetry sort', () => {
  it('needs a key; takes groups too large for exact', () => {
    expect(() => explore(withKey(3, undefined), { symmetry: 'sort' })).toThrow(UsageError);
    expect(() => explore(withKey(3, undefined), { symmetry: 'sort' })).toThrow(/declares no key to sort RM by/);
    const big = explore(withKey(9, (s, rm) => s.rmState[rm]), { symmetry: 'sort', maxStates: 300 });
    expect([big.verdict, big.reductions]).toEqual(['incomplete', ['symmetry-sort']]);
  });
  it('stores between the orbits and the states, and every state it stores is a state of the model', () => {
    const states = new Set<string>();
    explore(withKey(3, (s, rm) => s.rmState[rm]), { onState: (s) => states.add(JSON.stringify(s)) });
    for (const strategy of ['bfs', 'dfs'] as const) {
      const seen: string[] = [];
      const r = explore(withKey(3, (s, rm) => s.rmState[rm]), { symmetry: 'sort', strategy, onState: (s) => seen.push(JSON.stringify(s)) });
      expect(r.verdict).toBe('pass');
      expect(r.distinctStates).toBeGreaterThan(explore(withKey(3, (s, rm) => s.rmState[rm]), { symmetry: true }).distinctStates);
      expect(r.distinctStates).toBeLessThan(states.size);
      for (const s of seen) expect(states.has(s)).toBe(true);
    }
  });
  it('a counterexample is a run of the unreduced model (it replays without the reduction)', () => {
    for (const strategy of ['bfs', 'dfs'] as const) {
      const r = explore(earlyCommit.build({ rms: 4 }), { symmetry: 'sort', strategy });
      expect([r.verdict, r.counterexample?.property?.name]).toEqual(['violation', 'consistent']);
      expect(replay(earlyCommit.build({ rms: 4 }), r.counterexample!).exitCode).toBe(ExitCode.violation);
    }
  });
  it('a declared symmetry that is not one is refuted as under exact (exit 75)', () => {
    const ra = models.find((m) => m.name === 'ricart-agrawala')!;
    const params = Object.fromEntries(Object.entries(ra.params).map(([k, p]) => [k, p.default]));
    for (const symmetry of ['sort', 'exact'] as const) {
      for (const por of [false, true]) {
        const r = explore(ra.build(params), { symmetry, por });
        expect([r.verdict, r.exitCode]).toEqual(['error', ExitCode.modelError]);
        expect(r.error).toMatch(/declared symmetry of role ricart-agrawala is not one/);
      }
    }
  });
  it('a key that does not move with the renaming is refuted', () => {
    const r = explore(withKey(3, (_s, rm) => rm), { symmetry: 'sort' });
    expect([r.verdict, r.exitCode]).toEqual(['error', ExitCode.modelError]);
    expect(r.error).toMatch(/does not move the keys of RM with it/);
  });
});

describe('--symmetry on the command line', () => {
  async function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
    const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
    try {
      return { status: await main(args), stdout: out.join('\n'), stderr: err.join('\n') };
    } finally {
      log.mockRestore();
      error.mockRestore();
    }
  }
  it('--symmetry alone is exact, --symmetry sort the sort: the JSON and the text say which ran', async () => {
    const exact = JSON.parse((await cli('check', 'two-phase-commit', '--param', 'rms=3', '--symmetry', '--json', '--workers', '1')).stdout);
    expect([exact.verdict, exact.reductions]).toEqual(['pass', ['symmetry']]);
    const sorted = JSON.parse((await cli('check', 'two-phase-commit', '--param', 'rms=3', '--symmetry', 'sort', '--json', '--workers', '1')).stdout);
    expect([sorted.verdict, sorted.reductions]).toEqual(['pass', ['symmetry-sort']]);
    expect(sorted.distinctStates).toBeGreaterThan(exact.distinctStates);
    const same = JSON.parse((await cli('check', 'two-phase-commit', '--param', 'rms=3', '--symmetry=exact', '--json', '--workers', '1')).stdout);
    expect(same.distinctStates).toBe(exact.distinctStates);
    const text = await cli('check', 'two-phase-commit', '--param', 'rms=3', '--symmetry', 'sort', '--workers', '1');
    expect(text.stdout).toMatch(/reduced by symmetry-sort/);
  });
  it.each([[['--symmetry', 'bogus']], [['--symmetry=bogus']], [['--symmetry=']]])('%j is a one-line error, exit 151', async (flags) => {
    const r = await cli('check', 'two-phase-commit', ...flags);
    expect([r.status, r.stdout]).toEqual([151, '']);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^interleave: --symmetry takes exact .* or sort .*, got '(bogus)?'$/);
  });
});

/**
 * Declared symmetries that are not ones, which the check used to let through (found by an audit,
 * 2026-12-01): each gave a pass, or a counterexample that was not one, where the full search finds
 * a violation. Now each is a model error (exit 75) under both modes.
 */
describe('a declared symmetry that is not one, wherever it shows', () => {
  const modes = [true, 'sort'] as const;

  it('a counterexample or witness at a state the search does not expand (past within) is checked without expanding it', () => {
    // Inc is defined only for x < 2 (the table), which within keeps the search to.
    type S = { readonly x: readonly number[] };
    const RM = [0, 1];
    const TABLE = [{ step: 1 }, { step: 1 }];
    const m = (properties: Property<S>[]) =>
      actionModel<S>({
        name: 'boundary',
        init: () => [{ x: [0, 0] }],
        indexed: ['x'],
        actions: { Inc: over(RM, (s, i) => ({ x: except(s.x, i, s.x[i] + (TABLE[s.x[i]] as { step: number }).step) })) },
        within: (s) => s.x.every((v) => v < 2),
        checkDeadlock: false,
        properties,
        symmetry: { name: 'RM', size: 2, permute: (s, perm) => ({ x: RM.map((rm) => s.x[perm.indexOf(rm)]) }), key: (s, i) => s.x[i] },
      });
    for (const symmetry of modes) {
      expect(explore(m([always('never 2', (s) => !s.x.includes(2))]), { symmetry })).toMatchObject({ verdict: 'violation', exitCode: 12 });
      expect(explore(m([sometimes('a 2', (s) => s.x.includes(2))]), { symmetry })).toMatchObject({ verdict: 'pass', exitCode: 0 });
    }
  });

  it('a constraint that tells the members of an orbit apart (the search evaluates it on representatives)', () => {
    type S = { readonly x: readonly number[] };
    const RM = [0, 1];
    const m = actionModel<S>({
      name: 'asymmetric-constraint',
      init: () => [{ x: [0, 0] }],
      indexed: ['x'],
      actions: { Inc: over(RM, (s, i) => s.x[i] < 3 && { x: except(s.x, i, s.x[i] + 1) }) },
      constraint: (s) => s.x[1] <= 1,
      checkDeadlock: false,
      properties: [always('not {3,1}', (s) => !(s.x.includes(3) && s.x.includes(1)))],
      symmetry: { name: 'RM', size: 2, permute: (s, perm) => ({ x: RM.map((rm) => s.x[perm.indexOf(rm)]) }), key: (s, i) => s.x[i] },
    });
    expect(explore(m).verdict).toBe('violation');
    for (const symmetry of modes) {
      const r = explore(m, { symmetry });
      expect([r.verdict, r.exitCode]).toEqual(['error', 75]);
      expect(r.error).toMatch(/declared symmetry of RM is not one: swapping RM 0 and 1 (changes the constraint|does not permute the successors)/);
    }
  });

  it('a property that names a process, violated in a state the check had not expanded: the counterexample is checked on its concrete run', () => {
    type L = { readonly went: boolean };
    const protocol: Protocol<L, { readonly type: 'none' }> = {
      name: 'asym-prop',
      init: () => ({ went: false }),
      actions: { go: { guard: (l) => !l.went, run: () => ({ state: { went: true } }) } },
      handlers: { none: (l) => ({ state: l }) },
    };
    const sys = system({ name: 'asym-prop', protocol, n: 2, network: fifo, checkDeadlock: false, symmetric: true, properties: [always<GlobalState<L, { readonly type: 'none' }>>('P1 never goes', (g) => !g.procs[1].went)] });
    expect(explore(sys).verdict).toBe('violation');
    for (const symmetry of modes) {
      for (const por of [false, true]) {
        const r = explore(sys, { symmetry, por });
        // (Never a "counterexample" whose last state satisfies the property.)
        expect([r.verdict, r.exitCode, r.counterexample]).toEqual(['error', 75, undefined]);
        // (Nor a property reported violated by the counterexample refused.)
        expect(r.properties.find((p) => p.name === 'P1 never goes')?.status).toBe('unknown');
        expect(r.error).toMatch(/declared symmetry .*is not one/);
      }
    }
  });

  it('an asymmetry that shows only after the first 300 states: checked where a state holds a value no checked state held', () => {
    type Clock = { readonly t: number; readonly fired: boolean };
    type Worker = { readonly got: boolean; readonly bad: boolean };
    type M = { readonly type: 'GO' };
    const TICKS = 400;
    const clock: Protocol<Clock, never, M> = {
      name: 'clock',
      init: () => ({ t: 0, fired: false }),
      actions: {
        tick: { guard: (s) => s.t < TICKS, run: (s) => ({ state: { ...s, t: s.t + 1 } }) },
        fireA: { guard: (s) => s.t === TICKS && !s.fired, run: (s, ctx) => ({ state: { ...s, fired: true }, send: [{ to: ctx.peers.worker[0], msg: { type: 'GO' } }] }) },
        fireB: { guard: (s) => s.t === TICKS && !s.fired, run: (s, ctx) => ({ state: { ...s, fired: true }, send: [{ to: ctx.peers.worker[1], msg: { type: 'GO' } }] }) },
      },
      handlers: {},
    };
    const worker: Protocol<Worker, M, never> = {
      name: 'worker',
      init: () => ({ got: false, bad: false }),
      // Only worker 0 misbehaves: the workers are not interchangeable.
      actions: { misbehave: { guard: (s, ctx) => s.got && !s.bad && ctx.index === 0, run: (s) => ({ state: { ...s, bad: true } }) } },
      handlers: { GO: (s) => ({ state: { ...s, got: true } }) },
    };
    const sys = system<Clock | Worker, M>({
      name: 'deep-asymmetry',
      roles: { clock: { protocol: clock, count: 1 }, worker: { protocol: worker, count: 2 } },
      network: fifo,
      checkDeadlock: false,
      symmetric: ['worker'],
      properties: [always<GlobalState<Clock | Worker, M>>('no worker misbehaves', (g) => !g.procs.some((p) => 'bad' in p && p.bad))],
    } as never);
    expect(explore(sys).verdict).toBe('violation');
    for (const symmetry of modes) {
      const r = explore(sys, { symmetry });
      expect([r.verdict, r.exitCode]).toEqual(['error', 75]);
      expect(r.error).toMatch(/declared symmetry of role worker is not one/);
      expect(r.stats['symmetry.statesChecked']).toBeGreaterThan(300);
    }
  });
});
