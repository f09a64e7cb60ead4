/**
 * Random simulation (checker/simulate.ts) and its generator (checker/random.ts): reproducible
 * from the seed, finds the bug of a small mutant, no false alarm on a correct model, and the CLI's
 * `check --strategy random` (its trace replays; bad options are one-line errors).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inProcess, type Run } from '../cli/in-process.ts';
import { always, atQuiescence, sometimes, type Model } from 'interleave';
import { models } from '../../models/index.ts';
import { Random } from '../../checker/random.ts';
import { replay } from '../../checker/replay.ts';
import { simulate } from '../../checker/simulate.ts';
import { runShard } from '../../checker/swarm/shard.ts';
import { explore } from '../../checker/explore.ts';

const build = (name: string, params: Record<string, number> = {}) => {
  const def = models.find((m) => m.name === name);
  if (!def) throw new Error(`no model ${name}`);
  const defaults = Object.fromEntries(Object.entries(def.params).map(([k, p]) => [k, p.default]));
  return def.build({ ...defaults, ...params });
};

/** x in 0..n, inc and dec, with properties given. */
function counter(n: number, extra: Partial<Model<{ x: number }, string>> = {}): Model<{ x: number }, string> {
  return {
    name: `counter-${n}`,
    init: () => [{ x: 0 }],
    actions: (s) => [...(s.x < n ? ['inc'] : []), ...(s.x > 0 ? ['dec'] : [])],
    next: (s, a) => ({ x: a === 'inc' ? s.x + 1 : s.x - 1 }),
    isEnd: () => true,
    ...extra,
  };
}

describe('the generator (xoshiro128**)', () => {
  it('the same seed gives the same stream; other seeds and streams other ones', () => {
    const take = (r: Random) => Array.from({ length: 8 }, () => r.next());
    expect(take(new Random(1))).toEqual(take(new Random(1)));
    expect(take(new Random(1))).not.toEqual(take(new Random(2)));
    expect(take(new Random(1, 0))).not.toEqual(take(new Random(1, 1)));
    expect(take(new Random(2 ** 40))).not.toEqual(take(new Random(0)));
    expect(() => new Random(-1)).toThrow(RangeError);
  });

  it('below(n) is in range and close to uniform; shuffle permutes', () => {
    const r = new Random(7);
    const counts = [0, 0, 0, 0, 0, 0, 0];
    for (let i = 0; i < 70_000; i++) counts[r.below(7)]++;
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(500); // ~5 standard deviations
    const a = Array.from({ length: 20 }, (_, i) => i);
    r.shuffle(a);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});

describe('random simulation', () => {
  const mutant = build('ricart-agrawala-no-tiebreak');

  it('finds the violation of a small mutant, with a trace that replays', () => {
    const r = simulate(mutant, { seed: 1 });
    expect(r.verdict).toBe('violation');
    expect(r.exitCode).toBe(12);
    expect(r.strategy).toBe('random');
    expect(r.counterexample?.property?.name).toBe('mutual exclusion');
    expect(r.properties.find((p) => p.name === 'mutual exclusion')?.status).toBe('violated');
    const t = r.counterexample!;
    expect(t.steps.length).toBeLessThanOrEqual(100);
    expect(replay(mutant, t).exitCode).toBe(12);
  });

  it('the same seed gives the same run; different seeds diverge', () => {
    const a = simulate(mutant, { seed: 5 });
    const b = simulate(mutant, { seed: 5 });
    expect(JSON.stringify(b.counterexample)).toBe(JSON.stringify(a.counterexample));
    const correct = build('central-server');
    const runs = [1, 2, 3].map((seed) => simulate(correct, { seed, runs: 20, depth: 30 }));
    expect(JSON.stringify(simulate(correct, { seed: 1, runs: 20, depth: 30 }).witnesses)).toBe(JSON.stringify(runs[0].witnesses));
    const fingerprints = runs.map((r) => `${r.distinctStates}/${JSON.stringify(r.witnesses)}`);
    expect(new Set(fingerprints).size).toBeGreaterThan(1);
  });

  it('no false alarm on a correct model: no violation found is incomplete, exit 0, invariants unknown', () => {
    const r = simulate(build('central-server'), { seed: 3, runs: 200, depth: 60 });
    expect(r.verdict).toBe('incomplete');
    expect(r.exitCode).toBe(0);
    expect(r.limit).toBe('runs');
    expect(r.counterexample).toBeUndefined();
    expect(r.simulation.runsDone).toBe(200);
    expect(r.maxDepth).toBeLessThanOrEqual(60);
    for (const p of r.properties) expect(['unknown', 'witnessed']).toContain(p.status);
    expect(r.properties.filter((p) => p.kind === 'always').every((p) => p.status === 'unknown')).toBe(true);
  });

  it('checks invariants at every step, quiescent properties and deadlocks at the ends of runs', () => {
    const inv = simulate(counter(5, { properties: [always('x below 4', (s) => s.x < 4)] }), { seed: 1, runs: 500, depth: 20 });
    expect(inv.verdict).toBe('violation');
    expect(inv.counterexample?.steps.at(-1)?.state).toEqual({ x: 4 });
    const up: Model<{ x: number }, string> = { name: 'up', init: () => [{ x: 0 }], actions: (s) => (s.x < 3 ? ['inc'] : []), next: (s) => ({ x: s.x + 1 }) };
    const dead = simulate(up, { seed: 1 });
    expect([dead.verdict, dead.exitCode, dead.counterexample?.steps.length]).toEqual(['deadlock', 11, 3]);
    expect(simulate(up, { seed: 1, checkDeadlock: false }).verdict).toBe('incomplete');
    const quiet = simulate({ ...up, isEnd: () => true, properties: [atQuiescence('ends at 2', (s) => s.x === 2)] }, { seed: 1 });
    expect([quiet.verdict, quiet.counterexample?.property?.kind]).toEqual(['violation', 'quiescent']);
  });

  // Guards the check of the initial states: an invariant broken in one is a violation of 0 steps.
  it('checks the initial states: an invariant broken there is a violation with a run of 0 steps, as in the explorer', () => {
    // x starts at -1 and every step leads to x ≥ 0: only the initial state breaks the invariant.
    const m = counter(3, { init: () => [{ x: -1 }], properties: [always('x not negative', (s) => s.x >= 0)] });
    const r = simulate(m, { seed: 1, runs: 5, depth: 10 });
    expect([r.verdict, r.exitCode, r.counterexample?.property?.name, r.counterexample?.steps.length]).toEqual(['violation', 12, 'x not negative', 0]);
    expect(r.counterexample?.initial).toEqual({ x: -1 });
    expect(explore(m).counterexample?.steps.length).toBe(0);
  });

  it('a state whose only successors are outside the constraint is neither quiescent nor a deadlock, as in the explorer', () => {
    const capped: Model<{ x: number }, string> = {
      name: 'capped',
      init: () => [{ x: 0 }],
      actions: () => ['inc'],
      next: (s) => ({ x: s.x + 1 }),
      constraint: (s) => s.x <= 2,
      properties: [atQuiescence('at quiescence x is 0', (s) => s.x === 0)],
    };
    const r = simulate(capped, { seed: 1, runs: 20 });
    expect([r.verdict, r.exitCode]).toEqual(['incomplete', 0]);
    expect(simulate({ ...capped, properties: [] }, { seed: 1, runs: 20 }).verdict).toBe('incomplete'); // no deadlock either
  });

  it('a state outside the constraint witnesses nothing (its invariants are checked), in a simulation and a shard, as in the explorer', () => {
    const capped: Model<{ x: number }, string> = {
      name: 'capped',
      init: () => [{ x: 0 }],
      actions: () => ['inc'],
      next: (s) => ({ x: s.x + 1 }),
      constraint: (s) => s.x <= 2,
      properties: [sometimes('reaches 3', (s) => s.x === 3)],
    };
    const status = (r: { properties: readonly { name: string; status: string }[] }) => r.properties.find((p) => p.name === 'reaches 3')?.status;
    expect(status(explore(capped))).toBe('unwitnessed');
    expect(status(simulate(capped, { seed: 1, runs: 20 }))).not.toBe('witnessed');
    expect(status(runShard(capped, { shards: 1, shard: 0 }))).not.toBe('witnessed');
    // Its invariants still are checked.
    const bounded = { ...capped, properties: [always('x below 3', (s: { x: number }) => s.x < 3)] };
    expect(simulate(bounded, { seed: 1 }).verdict).toBe('violation');
    expect(runShard(bounded, { shards: 1, shard: 0 }).verdict).toBe('violation');
  });

  it('reports a sometimes property witnessed when a run meets it, and stops at the time limit', () => {
    const r = simulate(counter(6, { properties: [sometimes('top', (s) => s.x === 6)] }), { seed: 2, runs: 300, depth: 40 });
    expect(r.properties[0].status).toBe('witnessed');
    expect(r.witnesses.top.steps.at(-1)?.state).toEqual({ x: 6 });
    const timed = simulate(counter(6), { seed: 2, runs: 1e12, depth: 1000, timeLimit: 0.2 });
    expect([timed.verdict, timed.exitCode, timed.limit]).toEqual(['incomplete', 0, 'time']);
    expect(timed.simulation.runsDone).toBeLessThan(1e12);
  });
});

/** Runs the CLI in this process, capturing what it prints. */
const run = inProcess;

describe('check --strategy random', () => {
  const dir = mkdtempSync(join(tmpdir(), 'interleave-sim-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the violation; --out writes a trace that replays (exit 12)', async () => {
    const file = join(dir, 't.trace.json');
    const r = await run('check', 'ricart-agrawala-no-tiebreak', '--strategy', 'random', '--seed', '1', '--json', '--out', file);
    expect(r.status).toBe(12);
    const j = JSON.parse(r.stdout);
    expect([j.verdict, j.strategy, j.simulation.seed, j.output]).toEqual(['violation', 'random', 1, file]);
    const again = await run('check', 'ricart-agrawala-no-tiebreak', '--strategy', 'random', '--seed', '1', '--json');
    expect(JSON.parse(again.stdout).counterexample).toEqual(j.counterexample);
    expect((await run('replay', file)).status).toBe(12);
  });

  it('no violation found: exit 0, and the text says it is a sample', async () => {
    const r = await run('check', 'central-server', '--strategy', 'random', '--seed', '4', '--runs', '50', '--depth', '40');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/verdict: incomplete \(exit 0\): every run done, no violation found/);
    expect(r.stdout).toMatch(/random simulation, seed 4: 50 of 50 runs of at most 40 steps/);
    expect(r.stdout).toMatch(/repeat with --seed 4/);
  });

  it("stopped inside the model's code: the time limit is exit 0 as between calls, and the seed is reported", async () => {
    const file = join(dir, 'loops.ts');
    writeFileSync(file, `export default { name: 'loops', init: () => [{ x: 0 }], actions: (s) => (s.x < 10 ? ['inc'] : []), next: (s) => { if (s.x === 5) for (;;) {} return { x: s.x + 1 }; } };\n`);
    const t = await run('check', file, '--strategy', 'random', '--seed', '7', '--time-limit', '1', '--call-timeout', '30');
    expect(t.status).toBe(0);
    expect(t.stdout).toMatch(/verdict: incomplete \(exit 0\): time limit reached/);
    expect(t.stdout).toMatch(/random simulation, seed 7: 1 of 1,000 runs of at most 100 steps, 5 steps, 6 distinct states\nno violation found before the time limit .*repeat with --seed 7/);
    const c = await run('check', file, '--strategy', 'random', '--seed', '7', '--call-timeout', '1', '--json');
    expect(c.status).toBe(75);
    expect(JSON.parse(c.stdout)).toMatchObject({ verdict: 'error', exitCode: 75, simulation: { seed: 7, runsDone: 1, steps: 5 } });
  });

  it.each([
    [['--depth', '5'], /--depth apply to --strategy random/],
    [['--seed', '3'], /--seed applies/],
    [['--strategy', 'random', '--runs', '0'], /--runs must be a positive integer/],
    [['--strategy', 'random', '--seed', 'x'], /--seed must be a non-negative integer/],
    [['--strategy', 'random', '--max-depth', '3'], /--max-depth cannot be used with --strategy random \(--depth bounds each run\)/],
    [['--strategy', 'random', '--symmetry'], /--symmetry cannot be used/],
    [['--strategy', 'sideways'], /--strategy must be bfs, dfs or random/],
  ])('bad options %j: a one-line error, exit 151', async (extra, message) => {
    const r = await run('check', 'central-server', ...extra);
    expect(r.status).toBe(151);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
  });
});
