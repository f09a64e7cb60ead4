/**
 * Swarm verification (checker/swarm/): the bitstate table and its omission estimate, one shard
 * (finds the mutant's bug, no false alarm, exact on a small model with room to spare,
 * diversified by shard), the shard index from the schedulers' variables, the results directory
 * and its merge (`swarm-report`: the shortest counterexample, bad input), the local launcher
 * (once, on a small model), and the deploy/ command lines run through the CLI's parser.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { inProcess, type Run } from '../cli/in-process.ts';
import { always, explore, type Model } from 'interleave';
import { models } from '../../models/index.ts';
import { parseCheckArgs, samplingMode } from '../../checker/cli/main.ts';
import { replay } from '../../checker/replay.ts';
import { Bitstate } from '../../checker/swarm/bitstate.ts';
import { runShard, shardDepth } from '../../checker/swarm/shard.ts';
import { simulate } from '../../checker/simulate.ts';
import { makeDirectory, mergeShards, readShardResults, shardIndex, type ShardResult } from '../../checker/swarm/results.ts';
import { UsageError } from '../../checker/errors.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const build = (name: string, params: Record<string, number> = {}) => {
  const def = models.find((m) => m.name === name);
  if (!def) throw new Error(`no model ${name}`);
  const defaults = Object.fromEntries(Object.entries(def.params).map(([k, p]) => [k, p.default]));
  return def.build({ ...defaults, ...params });
};

/** A grid walk: (x, y) in 0..n², steps right and up; states (n+1)². */
function grid(n: number, extra: Partial<Model<{ x: number; y: number }, string>> = {}): Model<{ x: number; y: number }, string> {
  return {
    name: `grid-${n}`,
    init: () => [{ x: 0, y: 0 }],
    actions: (s) => [...(s.x < n ? ['right'] : []), ...(s.y < n ? ['up'] : [])],
    next: (s, a) => (a === 'right' ? { x: s.x + 1, y: s.y } : { x: s.x, y: s.y + 1 }),
    isEnd: () => true,
    ...extra,
  };
}

describe('the bitstate table', () => {
  it('a state added is seen; the fill follows 1 - e^{-kn/m} and the omission chance is fill^k', () => {
    const b = new Bitstate(1024, 3, 11, 22); // 8,192 bits
    expect(b.bits).toBe(8192);
    expect(b.add(5, 6)).toBe(true);
    expect(b.isNew(5, 6)).toBe(false);
    expect(b.add(5, 6)).toBe(false);
    let x = 1;
    for (let i = 0; i < 2000; i++) {
      x = Math.imul(x, 1103515245) + 12345;
      b.add(x, Math.imul(x, 0x2545f491) ^ i);
    }
    const fill = b.bitsSet / b.bits;
    expect(Math.abs(fill - (1 - Math.exp((-3 * 2001) / 8192)))).toBeLessThan(0.03);
    expect(b.omissionProbability).toBeCloseTo(fill ** 3, 12);
    expect(b.expectedOmitted).toBeGreaterThan(0);
    expect(new Bitstate(3000, 3, 0, 0).bytes).toBe(2048); // rounded down to a power of two
  });
});

describe('one shard', () => {
  const mutant = build('ricart-agrawala-no-tiebreak');

  it('finds the mutant\'s violation in every shard, with traces that replay', () => {
    for (let i = 0; i < 3; i++) {
      const r = runShard(mutant, { shards: 3, shard: i });
      expect([r.verdict, r.exitCode, r.strategy]).toEqual(['violation', 12, 'swarm']);
      expect(replay(mutant, r.counterexample!).exitCode).toBe(12);
      expect(r.swarm.depthBound).toBe(shardDepth(10_000, i));
    }
  });

  it('on a small correct model with room to spare it stores exactly the states breadth-first search finds; no false alarm', () => {
    const m = build('central-server');
    const bfs = explore(m, { liveness: false });
    for (const shard of [0, 1]) {
      const r = runShard(m, { shards: 2, shard, bitstateBytes: 1 << 20 });
      expect([r.verdict, r.exitCode]).toEqual(['incomplete', 0]);
      expect(r.distinctStates).toBe(bfs.distinctStates);
      expect(r.swarm.expectedOmitted).toBeLessThan(1e-3);
      expect(r.properties.filter((p) => p.kind === 'always').every((p) => p.status === 'unknown')).toBe(true);
    }
  });

  it('a bitstate too small omits states, and says so', () => {
    const m = grid(120); // 14,641 states in 8,192 bits
    const r = runShard(m, { shards: 1, shard: 0, bitstateBytes: 1024 });
    expect(r.distinctStates).toBeLessThan(121 * 121);
    expect(r.swarm.omissionProbability).toBeGreaterThan(0.3);
    expect(r.swarm.expectedOmitted).toBeGreaterThan(100);
    expect(r.swarm.hashFactor).toBeLessThan(3);
    // With 64 KiB (524,288 bits, hash factor ~36) a few states are lost, and the estimate says a few.
    const roomy = runShard(m, { shards: 1, shard: 0, bitstateBytes: 65536 });
    expect(121 * 121 - roomy.distinctStates).toBeLessThan(20);
    expect(roomy.swarm.expectedOmitted).toBeGreaterThan(0.1);
    expect(roomy.swarm.expectedOmitted).toBeLessThan(20);
  });

  it('is diversified by shard (order, hashes, depth bound) and reproducible from the seed', () => {
    const m = grid(30, { properties: [always('not at the top', (s) => s.y < 30)] });
    const paths = [0, 1, 2, 3].map((shard) => JSON.stringify(runShard(m, { shards: 4, shard }).counterexample?.steps.map((s) => s.action)));
    expect(new Set(paths).size).toBeGreaterThan(2);
    expect(JSON.stringify(runShard(m, { shards: 4, shard: 2 }).counterexample?.steps.map((s) => s.action))).toBe(paths[2]);
    expect(JSON.stringify(runShard(m, { shards: 4, shard: 2, seed: 9 }).counterexample?.steps.map((s) => s.action))).not.toBe(paths[2]);
    expect(new Set([0, 1, 2, 3, 4, 5].map((i) => shardDepth(1000, i))).size).toBe(6);
    for (let i = 0; i < 50; i++) expect(shardDepth(1000, i)).toBeGreaterThanOrEqual(500);
  });

  it('searches every successor of a state with more than eight (where its tables grow): the one that violates too', () => {
    // From the initial state, 12 successors a0…a11; only a3 violates.
    const wide: Model<{ x: number }, string> = {
      name: 'wide',
      init: () => [{ x: -1 }],
      actions: (s) => (s.x === -1 ? Array.from({ length: 12 }, (_, i) => `a${i}`) : []),
      next: (_, a) => ({ x: Number(a.slice(1)) }),
      isEnd: () => true,
      properties: [always('x is not 3', (s) => s.x !== 3)],
    };
    for (const shard of [0, 1, 2]) expect(runShard(wide, { shards: 3, shard }).verdict).toBe('violation');
    const safe = { ...wide, properties: [] };
    for (const shard of [0, 1, 2]) expect(runShard(safe, { shards: 3, shard }).distinctStates).toBe(13);
  });

  it('respects its depth bound (and says it was reached); finds deadlocks', () => {
    const r = runShard(grid(30), { shards: 1, shard: 0, maxDepth: 10 });
    expect(r.maxDepth).toBe(10);
    expect([r.verdict, r.limit, r.swarm.depthCut]).toEqual(['incomplete', 'depth', true]);
    // Each shard records the swarm's bound D beside its own.
    const s1 = runShard(grid(30), { shards: 2, shard: 1, maxDepth: 10 });
    expect([s1.swarm.swarmDepthBound, s1.swarm.depthBound]).toEqual([10, shardDepth(10, 1)]);
    const up: Model<{ x: number }, string> = { name: 'up', init: () => [{ x: 0 }], actions: (s) => (s.x < 3 ? ['inc'] : []), next: (s) => ({ x: s.x + 1 }) };
    expect(runShard(up, { shards: 1, shard: 0 }).verdict).toBe('deadlock');
  });
});

describe('the shard index', () => {
  it('--shard, else JOB_COMPLETION_INDEX (Kubernetes), else SLURM_ARRAY_TASK_ID (Slurm)', () => {
    expect(shardIndex('2', { JOB_COMPLETION_INDEX: '1', SLURM_ARRAY_TASK_ID: '3' }, 4)).toBe(2);
    expect(shardIndex(undefined, { JOB_COMPLETION_INDEX: '1', SLURM_ARRAY_TASK_ID: '3' }, 4)).toBe(1);
    expect(shardIndex(undefined, { SLURM_ARRAY_TASK_ID: '3' }, 4)).toBe(3);
    // An empty variable counts as unset.
    expect(shardIndex(undefined, { JOB_COMPLETION_INDEX: '', SLURM_ARRAY_TASK_ID: '3' }, 4)).toBe(3);
  });
  it.each([
    [undefined, {}, /needs this shard's index/],
    ['4', {}, /from --shard must be an integer 0…3/],
    [undefined, { JOB_COMPLETION_INDEX: 'x' }, /from JOB_COMPLETION_INDEX must be an integer 0…3 \(--swarm 4\), got 'x'/],
    [undefined, { SLURM_ARRAY_TASK_ID: '-1' }, /from SLURM_ARRAY_TASK_ID/],
  ])('%j %j: a usage error', (flag, env, message) => {
    expect(() => shardIndex(flag, env, 4)).toThrow(UsageError);
    expect(() => shardIndex(flag, env, 4)).toThrow(message);
  });
});

/** Runs the CLI in this process, capturing what it prints. */
const run = inProcess;

function expectOneLine(r: Run, code: number, message: RegExp): void {
  expect(r.status).toBe(code);
  expect(r.stdout).toBe('');
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(message);
}

describe('shards on the command line, and swarm-report', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'interleave-swarm-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const dir = join(tmp, 'mutant');

  it('each shard writes its result and trace; swarm-report merges them and gives the shortest, which replays', async () => {
    const lengths: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await run('check', 'ricart-agrawala-no-tiebreak', '--swarm', '3', '--shard', String(i), '--out-dir', dir, '--json');
      expect(r.status).toBe(12);
      const j = JSON.parse(r.stdout);
      expect(j.result).toBe(join(dir, `shard-000${i}.json`));
      expect(j.trace).toBe(join(dir, `shard-000${i}.trace.json`));
      const result = JSON.parse(readFileSync(j.result, 'utf8'));
      expect([result.format, result.shard, result.shards, result.verdict]).toEqual(['interleave-swarm-shard', i, 3, 'violation']);
      expect(result.traceLength).toBeLessThanOrEqual(result.stepsFound);
      lengths.push(result.traceLength);
    }
    const r = await run('swarm-report', dir, '--json');
    expect(r.status).toBe(12);
    const m = JSON.parse(r.stdout);
    expect([m.verdict, m.shards, m.shardsReported, m.missing, m.foundBy]).toEqual(['violation', 3, 3, [], [0, 1, 2]]);
    expect(m.counterexample.steps).toBe(Math.min(...lengths));
    expect(m.counterexample.shard).toBe(lengths.indexOf(Math.min(...lengths)));
    expect(m.coverage.union).toBe('unknown');
    expect((await run('replay', m.counterexample.trace)).status).toBe(12);
    const text = await run('swarm-report', dir);
    expect(text.stdout).toMatch(/shortest counterexample: \d+ steps \(mutual exclusion\), from shard \d/);
  });

  it('picks the shortest whichever shard has it (and reads its trace)', async () => {
    const other = join(tmp, 'edited');
    mkdirSync(other);
    for (let i = 0; i < 3; i++) for (const f of [`shard-000${i}.json`, `shard-000${i}.trace.json`]) copyFileSync(join(dir, f), join(other, f));
    // Shards 0 and 2 say their traces are longer: shard 1's is the shortest.
    for (const i of [0, 2]) {
      const f = join(other, `shard-000${i}.json`);
      writeFileSync(f, JSON.stringify({ ...JSON.parse(readFileSync(f, 'utf8')), traceLength: 1000 }));
    }
    const picked = JSON.parse((await run('swarm-report', other, '--json')).stdout);
    expect([picked.counterexample.shard, picked.counterexample.steps]).toEqual([1, JSON.parse(readFileSync(join(dir, 'shard-0001.json'), 'utf8')).traceLength]);
    const file = join(other, 'shard-0001.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), traceLength: 1 }));
    // swarm-report reads the trace it names: one that says another length, or is no trace, is a one-line error.
    expectOneLine(await run('swarm-report', other, '--json'), 150, /shard-0001\.trace\.json is not the trace .*shard-0001\.json describes: \d+ steps of ricart-agrawala-no-tiebreak, not 1 of ricart-agrawala-no-tiebreak/);
    writeFileSync(join(other, 'shard-0001.trace.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(dir, 'shard-0001.trace.json'), 'utf8')), steps: [] }).replace('"steps":[]', '"steps":[{"garbage":true}]'));
    expectOneLine(await run('swarm-report', other), 150, /shard-0001\.trace\.json/);
  });

  // Guards the rank of the verdicts in the merge (README: a violation if any shard found one, else a deadlock, else an error).
  it('a violation in one shard outranks a deadlock in another, and a deadlock an error', () => {
    const results = readShardResults(dir);
    const as = (r: ShardResult, verdict: 'deadlock' | 'error'): ShardResult =>
      verdict === 'deadlock' ? { ...r, verdict, exitCode: 11, property: undefined } : { ...r, verdict, exitCode: 75, property: undefined, error: 'boom', trace: null, traceLength: null, stepsFound: null };
    // Shard 2 as if it had found a deadlock: the merge is the violation of shards 0 and 1.
    const m = mergeShards(dir, results.map((r) => (r.shard === 2 ? as(r, 'deadlock') : r)));
    expect([m.verdict, m.exitCode, m.foundBy, m.counterexample?.property]).toEqual(['violation', 12, [0, 1], 'mutual exclusion']);
    // Shard 0 with an error, shards 1 and 2 with a deadlock: the deadlock.
    const d = mergeShards(dir, results.map((r) => as(r, r.shard === 0 ? 'error' : 'deadlock')));
    expect([d.verdict, d.exitCode, d.foundBy]).toEqual(['deadlock', 11, [1, 2]]);
  });

  it('the shard index from JOB_COMPLETION_INDEX; a swarm with a shard missing and nothing found is exit 152', async () => {
    const ok = join(tmp, 'correct');
    vi.stubEnv('JOB_COMPLETION_INDEX', '1');
    try {
      const r = await run('check', 'central-server', '--swarm', '2', '--out-dir', ok);
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(/swarm shard 1 of 2/);
    } finally {
      vi.unstubAllEnvs();
    }
    const m = await run('swarm-report', ok, '--json');
    expect(m.status).toBe(152);
    expect(JSON.parse(m.stdout)).toMatchObject({ verdict: 'incomplete', missing: [0], shardsReported: 1 });
  });

  it('bad input to swarm-report: a one-line error, exit 150', async () => {
    expectOneLine(await run('swarm-report', join(tmp, 'nowhere')), 150, /swarm results directory not found/);
    const empty = join(tmp, 'empty');
    mkdirSync(empty);
    expectOneLine(await run('swarm-report', empty), 150, /holds no shard results/);
    const bad = join(tmp, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'shard-0000.json'), '{"format": "interleave-swarm-shard", "vers');
    expectOneLine(await run('swarm-report', bad), 150, /shard-0000\.json is not a shard result: /);
    writeFileSync(join(bad, 'shard-0000.json'), JSON.stringify({ format: 'something-else' }));
    expectOneLine(await run('swarm-report', bad), 150, /its format is "something-else"/);
    // A result whose swarm figures are missing (was an internal error, exit 255).
    const figures = join(tmp, 'figures');
    mkdirSync(figures);
    writeFileSync(join(figures, 'shard-0000.json'), JSON.stringify({ ...JSON.parse(readFileSync(join(dir, 'shard-0000.json'), 'utf8')), swarm: {}, trace: null, traceLength: null, verdict: 'incomplete' }));
    expectOneLine(await run('swarm-report', figures), 150, /shard-0000\.json is not a shard result: swarm\.depthBound is not a non-negative integer/);
    const mixed = join(tmp, 'mixed');
    mkdirSync(mixed);
    copyFileSync(join(dir, 'shard-0000.json'), join(mixed, 'shard-0000.json'));
    copyFileSync(join(tmp, 'correct', 'shard-0001.json'), join(mixed, 'shard-0001.json'));
    expectOneLine(await run('swarm-report', mixed), 150, /mixes two swarms/);
    // The same model and K, another --seed: another swarm too.
    const reseeded = join(tmp, 'reseeded');
    mkdirSync(reseeded);
    copyFileSync(join(dir, 'shard-0000.json'), join(reseeded, 'shard-0000.json'));
    const one = JSON.parse(readFileSync(join(dir, 'shard-0001.json'), 'utf8'));
    writeFileSync(join(reseeded, 'shard-0001.json'), JSON.stringify({ ...one, swarm: { ...one.swarm, seed: one.swarm.seed + 1 }, trace: null, traceLength: null, verdict: 'incomplete' }));
    expectOneLine(await run('swarm-report', reseeded), 150, /mixes two swarms: .* seed=\d+ .* seed=\d+/);
    // Another --max-depth (the swarm's depth bound D): another swarm too.
    expect(one.swarm.swarmDepthBound).toBe(10_000);
    const redepthed = join(tmp, 'redepthed');
    mkdirSync(redepthed);
    copyFileSync(join(dir, 'shard-0000.json'), join(redepthed, 'shard-0000.json'));
    writeFileSync(join(redepthed, 'shard-0001.json'), JSON.stringify({ ...one, swarm: { ...one.swarm, swarmDepthBound: 50 }, trace: null, traceLength: null, verdict: 'incomplete' }));
    expectOneLine(await run('swarm-report', redepthed), 150, /mixes two swarms: .* D=10000, .* D=50\n?$/);
    expectOneLine(await run('swarm-report'), 151, /needs the results directory/);
    // A result claiming more shards than a swarm may have (was an internal error, exit 255).
    const huge = join(tmp, 'huge');
    mkdirSync(huge);
    writeFileSync(join(huge, 'shard-0000.json'), JSON.stringify({ ...one, shard: 0, shards: 2 ** 40, trace: null, traceLength: null, verdict: 'incomplete' }));
    expectOneLine(await run('swarm-report', huge), 150, /shard-0000\.json is not a shard result: shards is not an integer 1…100000/);
  });

  it('a results directory that cannot be one: a file, or a path under /proc (Node 20 never returned from making it)', async () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    expectOneLine(await run('swarm', '--local', '1', 'central-server', '--out', file), 151, /a-file is not a directory/);
    expectOneLine(await run('check', 'central-server', '--swarm', '2', '--shard', '0', '--out-dir', join(file, 'below')), 151, /cannot write the shard's results into .*a-file\/below: ENOTDIR/);
    expect(() => makeDirectory('/proc/interleave-no-such-dir/results')).toThrow(/ENOENT/);
    const deep = join(tmp, 'made', 'two', 'levels');
    makeDirectory(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
  });

  it.each([
    [['--swarm', '4'], /needs this shard's index/],
    [['--swarm', '4', '--shard', '4', '--out-dir', 'x'], /must be an integer 0…3/],
    [['--swarm', '2', '--shard', '0'], /--swarm needs --out-dir/],
    [['--swarm', '0', '--shard', '0', '--out-dir', 'x'], /--swarm must be a positive integer/],
    [['--swarm', '2', '--shard', '0', '--out-dir', 'x', '--bitstate', '12Q'], /--bitstate must be a size/],
    [['--swarm', '2', '--shard', '0', '--out-dir', 'x', '--out', 't.json'], /--out cannot be used with --swarm/],
    [['--swarm', '2', '--shard', '0', '--out-dir', 'x', '--strategy', 'bfs'], /drop --strategy bfs/],
    [['--shard', '1'], /--shard apply to --swarm K/],
  ])('check %j: a one-line error, exit 151', async (extra, message) => {
    expectOneLine(await run('check', 'central-server', ...extra), 151, message);
  });

  it('swarm --local runs the shards as processes and merges them (and refuses a directory already used)', async () => {
    const out = join(tmp, 'local');
    const r = await run('swarm', '--local', '2', 'ricart-agrawala-no-tiebreak', '--out', out, '--json');
    expect(r.status).toBe(12);
    const m = JSON.parse(r.stdout);
    expect([m.verdict, m.shardsReported, m.foundBy]).toEqual(['violation', 2, [0, 1]]);
    expect((await run('replay', m.counterexample.trace)).status).toBe(12);
    expectOneLine(await run('swarm', '--local', '2', 'ricart-agrawala-no-tiebreak', '--out', out), 151, /already holds shard results/);
    expectOneLine(await run('swarm', 'ricart-agrawala-no-tiebreak', '--out', out), 151, /swarm needs --local K/);
  });

  it("a shard stopped inside the model's code (--call-timeout, its time limit) still writes its result", async () => {
    const file = join(tmp, 'loops.ts');
    writeFileSync(
      file,
      `export default { name: 'loops', init: () => [{ x: 0 }], actions: (s) => (s.x < 10 ? ['inc'] : []), next: (s) => { if (s.x === 5) for (;;) {} return { x: s.x + 1 }; } };\n`,
    );
    const out = join(tmp, 'stopped');
    const a = await run('check', file, '--swarm', '2', '--shard', '0', '--out-dir', out, '--call-timeout', '1', '--json');
    expect(a.status).toBe(75);
    const b = await run('check', file, '--swarm', '2', '--shard', '1', '--out-dir', out, '--time-limit', '1', '--call-timeout', '30', '--json');
    expect(b.status).toBe(0);
    const results = [0, 1].map((i) => JSON.parse(readFileSync(join(out, `shard-000${i}.json`), 'utf8')));
    expect(results[0]).toMatchObject({ verdict: 'error', exitCode: 75, distinctStates: 6, error: expect.stringMatching(/ran for more than 1 s \(--call-timeout\)/) });
    expect(results[1]).toMatchObject({ verdict: 'incomplete', exitCode: 0, limit: 'time', distinctStates: 6, swarm: { shard: 1, depthBound: shardDepth(10_000, 1) } });
    const m = await run('swarm-report', out, '--json');
    expect(m.status).toBe(75);
    expect(JSON.parse(m.stdout)).toMatchObject({ verdict: 'error', shardsReported: 2, missing: [] });
  });
});

describe('deploy/', () => {
  /** The `interleave check …` command a file runs, as argv after `check`. */
  const commandOf = (text: string): string[] => {
    const m = /npx interleave (check [^;\n]*)/.exec(text);
    if (!m) throw new Error('no interleave command found');
    return m[1].trim().split(/\s+/).slice(1);
  };

  it('the Kubernetes Indexed Job runs a command the CLI accepts, with --swarm K equal to its completions', () => {
    const yaml = readFileSync(join(ROOT, 'deploy/kubernetes/swarm-job.yaml'), 'utf8');
    expect(yaml).toMatch(/^\s*completionMode: Indexed$/m);
    const completions = Number(/^\s*completions: (\d+)$/m.exec(yaml)?.[1]);
    expect(Number(/^\s*parallelism: (\d+)$/m.exec(yaml)?.[1])).toBeGreaterThan(0);
    const argv = commandOf(yaml);
    const { values, positionals } = parseCheckArgs(argv);
    expect(positionals).toHaveLength(1);
    expect(models.some((m) => m.name === positionals[0])).toBe(true);
    const mode = samplingMode(values, { JOB_COMPLETION_INDEX: String(completions - 1) });
    expect([mode?.strategy, mode?.shard, Number(values.swarm)]).toEqual(['swarm', completions - 1, completions]);
    expect(() => samplingMode(values, {})).toThrow(/needs this shard's index/);
    expect(yaml).toMatch(new RegExp(`mountPath: ${values['out-dir']?.split('/').slice(0, 2).join('/')}$`, 'm'));
  });

  it('the Slurm script runs a command the CLI accepts, with --swarm K equal to its array size', () => {
    const script = readFileSync(join(ROOT, 'deploy/slurm/swarm.sbatch'), 'utf8');
    const array = /^#SBATCH --array=0-(\d+)$/m.exec(script);
    expect(array).not.toBeNull();
    const k = Number(array?.[1]) + 1;
    const { values, positionals } = parseCheckArgs(commandOf(script));
    expect(models.some((m) => m.name === positionals[0])).toBe(true);
    const mode = samplingMode(values, { SLURM_ARRAY_TASK_ID: '0' });
    expect([mode?.strategy, mode?.shard, Number(values.swarm)]).toEqual(['swarm', 0, k]);
  });
});

describe('against the full search, on random small protocols (fast-check)', () => {
  it('a shard with room to spare finds what breadth-first search finds; a simulation raises no false alarm; their traces replay', async () => {
    const fc = (await import('fast-check')).default;
    const { build: buildProtocol, randomProtocol } = await import('../reduce/random-protocols.ts');
    let compared = 0;
    fc.assert(
      fc.property(randomProtocol(), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 1000 }), (p, shard, seed) => {
        for (const mode of ['properties', 'deadlock'] as const) {
          const model = buildProtocol(p, mode);
          const full = explore(model, { maxStates: 3_000, initialCapacity: 1 << 10 });
          if (full.verdict === 'incomplete' || full.verdict === 'error') return;
          compared++;
          const s = runShard(model, { shards: 3, shard, seed, bitstateBytes: 1 << 20 });
          const bad = (r: { verdict: string; counterexample?: { kind: string; property?: { name: string } } }) => (mode === 'deadlock' ? r.verdict === 'deadlock' : r.counterexample?.property?.name === 'no bad pair');
          expect(bad(s)).toBe(bad(full));
          if (!bad(full)) {
            expect(s.distinctStates).toBe(full.distinctStates);
            expect(s.properties.find((x) => x.name === 'goal')?.status ?? 'none').toBe(full.properties.find((x) => x.name === 'goal')?.status === 'witnessed' ? 'witnessed' : (mode === 'deadlock' ? 'none' : 'unknown'));
          } else expect(replay(model, s.counterexample!).exitCode).toBe(mode === 'deadlock' ? 11 : 12);
          const sim = simulate(model, { seed, runs: 30, depth: 50 });
          if (bad(sim)) {
            expect(bad(full)).toBe(true);
            expect(replay(model, sim.counterexample!).exitCode).toBe(mode === 'deadlock' ? 11 : 12);
          } else expect(sim.verdict).toBe('incomplete');
        }
      }),
      { numRuns: 60, seed: 20261129 },
    );
    expect(compared).toBeGreaterThan(40);
  });
});
