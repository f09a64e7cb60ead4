/**
 * `npm run bench`: the explorer against SPIN on the same models, run side by side in this one
 * command (the machine is shared and noisy: compare the ratios, not the absolute figures).
 *
 * Each model runs in its own process, so peak RSS is that model's alone. SPIN runs where `spin`,
 * `gcc` and `python3` are installed and the Promela generators are found in ../shared/bench (or
 * $INTERLEAVE_SPIN_MODELS): exhaustive, partial-order reduction off, every state stored.
 *
 *   npm run bench [-- [--runs N] [label filter ...]]
 *
 * A case marked opt-in (RA n=4 under --por: 1.9 s by --json's seconds on the nearly idle machine after issue 13's work, 2.9-3.7 s before, against 15.2-22.9 s for the one-worker full search; Chandy-Lamport with initiation at any time under --por: about 206 s) runs only when a filter names it.
 *
 * Each model is run N times (default 3), alternating with SPIN, and the table gives the median
 * run of each side: on a shared machine one run can be off by a third either way. The speed
 * ratio is taken within each pair of runs made one after the other, and given as the median
 * pair with the range.
 */
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const spinModels = process.env.INTERLEAVE_SPIN_MODELS ?? resolve(root, '../shared/bench');

interface Case {
  readonly label: string;
  readonly model: string;
  readonly params: readonly string[];
  readonly spin: readonly string[]; // generator script and its arguments
  /** The params are the model's defaults: the manifest's count is its `expect`. */
  readonly defaults?: boolean;
  /**
   * A liveness benchmark: our verdict expected, SPIN's nested depth-first search under weak
   * fairness on the never claim `granted` (pan -a -f), and the speed compared as time to verdict.
   */
  readonly liveness?: { readonly verdict: 'pass' | 'liveness' };
  /** Further arguments to `interleave check` (e.g. `--strategy dfs`). */
  readonly args?: readonly string[];
  /** Further flags of our run (a reduction); the manifest's count is then the one pinned with them. */
  readonly flags?: readonly ('--por' | '--symmetry' | 'sort')[];
  /** SPIN with its own partial-order reduction (compiled without -DNOREDUCE). */
  readonly spinReduced?: boolean;
  /** The label of our full search of the same instance: the note gives the time ratio against it. */
  readonly against?: string;
  /** Run only when a filter names it (too long for the default run). */
  readonly optIn?: boolean;
}

/** The parallel search (--workers): 1 worker against 2 on the same model, side by side. */
const PARALLEL: Case[] = [
  { label: 'RA fifo n=4 entries=1 (workers)', model: 'ricart-agrawala', params: ['n=4', 'entries=1'], spin: [] },
  { label: '2PC rms=8 (workers)', model: 'two-phase-commit', params: ['rms=8'], spin: [] },
  // The same model one size up (10,340,352 states, about 15 s in one thread), opt-in: `npm run bench -- "rms=9"`.
  // What is left of 2PC rms=8's shortfall is a fixed cost of the second thread (README, "where the time goes").
  { label: '2PC rms=9 (larger, workers)', model: 'two-phase-commit', params: ['rms=9'], spin: [], optIn: true },
  // A system that tracks causality (histories in the state), opt-in: `npm run bench -- "causal, workers"`.
  { label: 'causal multicast n=4 multicasts=2 (causal, workers)', model: 'causal-multicast', params: ['n=4', 'multicasts=2', 'senders=2'], spin: [], optIn: true },
];

const CASES: Case[] = [
  { label: '2PC rms=8', model: 'two-phase-commit', params: ['rms=8'], spin: ['two_phase_commit_pml.py', '8'] },
  { label: 'RA fifo n=3 entries=2', model: 'ricart-agrawala', params: ['n=3', 'entries=2'], spin: ['ricart_agrawala_pml.py', '3', '2'], defaults: true },
  { label: 'RA fifo n=4 entries=1', model: 'ricart-agrawala', params: ['n=4', 'entries=1'], spin: ['ricart_agrawala_pml.py', '4', '1'] },
  // Reductions: against our full search of the same instance, and SPIN with its own reduction.
  { label: 'RA fifo n=3 entries=1 --por', model: 'ricart-agrawala', params: ['n=3', 'entries=1'], spin: ['ricart_agrawala_pml.py', '3', '1'], flags: ['--por'], spinReduced: true },
  { label: 'RA fifo n=4 entries=1 --por', model: 'ricart-agrawala', params: ['n=4', 'entries=1'], spin: ['ricart_agrawala_pml.py', '4', '1'], flags: ['--por'], spinReduced: true, against: 'RA fifo n=4 entries=1', optIn: true },
  { label: '2PC rms=5 --symmetry', model: 'two-phase-commit', params: ['rms=5'], spin: [], flags: ['--symmetry'] },
  { label: '2PC rms=5 --symmetry sort', model: 'two-phase-commit', params: ['rms=5'], spin: [], flags: ['--symmetry', 'sort'] },
  // Depth-first, as Stateright's pinned 665: the count under sort depends on the search order.
  { label: '2PC rms=5 --symmetry sort dfs', model: 'two-phase-commit', params: ['rms=5'], spin: [], flags: ['--symmetry', 'sort'], args: ['--strategy', 'dfs'] },
  // Chandy–Lamport with initiation at any time (n=3, 2 transfers, 2 initiators), under --por (the
  // full search does not finish: over 40.8 million states in 15 minutes); minutes, so opt-in.
  { label: 'CL any-time n=3 --por', model: 'chandy-lamport', params: ['initiateAfter=0'], spin: [], flags: ['--por'], optIn: true },
  // Liveness: "every request is eventually granted" under weak fairness (SPIN: P0's request only).
  { label: 'token ring n=14 liveness', model: 'token-ring', params: ['n=14', 'entries=0'], spin: ['token_ring_pml.py', '14'], liveness: { verdict: 'pass' } },
  { label: 'token ring skip n=14 liveness', model: 'token-ring-skips-waiting', params: ['n=14', 'entries=0'], spin: ['token_ring_pml.py', '14', 'skip'], liveness: { verdict: 'liveness' } },
  // The same, depth-first: the check runs on the fly (from 256 states) and stops at the first lasso, as SPIN's nested search does.
  { label: 'token ring skip n=14 liveness dfs', model: 'token-ring-skips-waiting', params: ['n=14', 'entries=0'], args: ['--strategy', 'dfs'], spin: ['token_ring_pml.py', '14', 'skip'], liveness: { verdict: 'liveness' } },
  // TLC's PaxosCommit.cfg, both forms of the same spec. No SPIN model: TLC (not installable here)
  // is the reference, at its published rate of about 30k states/s per worker.
  { label: 'PaxosCommit (actions)', model: 'paxos-commit', params: [], spin: [] },
  { label: 'PaxosCommit (plain Model)', model: 'models/commit/paxos-commit-plain.ts', params: [], spin: [] },
];

/**
 * The distinct states models/manifest.json pins for this case (read as data: the engine does not
 * import the models), so a run that differs from the pin is reported.
 */
function pinnedCount(c: Case): number | undefined {
  const manifest = JSON.parse(readFileSync(resolve(root, 'models/manifest.json'), 'utf8')) as {
    models: Record<string, { expect: { distinctStates?: number }; pinned?: { params: Record<string, number>; distinctStates: number; reductions?: string[]; strategy?: string }[] }>;
  };
  if (c.defaults && !c.flags) return manifest.models[c.model]?.expect.distinctStates;
  // The reductions' names in the manifest (`--symmetry sort` is `symmetry-sort`).
  const reductions = (c.flags ?? []).join(' ').replace('--symmetry sort', '--symmetry-sort').split(' ').filter(Boolean).map((f) => f.slice(2)).join();
  const strategy = c.args?.includes('dfs') ? 'dfs' : 'bfs';
  const want = Object.fromEntries(c.params.map((p) => p.split('=')).map(([k, v]) => [k, Number(v)]));
  const same = (a: Record<string, number>) => Object.keys(a).length === Object.keys(want).length && Object.entries(want).every(([k, v]) => a[k] === v);
  return manifest.models[c.model]?.pinned?.find((p) => same(p.params) && (p.reductions ?? []).join() === reductions && (p.strategy ?? 'bfs') === strategy)?.distinctStates;
}

interface Run {
  readonly states: number;
  readonly transitions?: number;
  readonly seconds: number;
  readonly statesPerSecond: number;
  readonly peakRss?: number;
  /** Liveness runs: a violation was found (SPIN: errors > 0). */
  readonly violated?: boolean;
  readonly engineBytes?: number;
  /** CPU seconds of the whole command, user + sys (from /usr/bin/time; the parallel rows). */
  readonly cpu?: number;
}

const have = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const timeAvailable = existsSync('/usr/bin/time');

/** Runs a command, with its peak RSS from /usr/bin/time where available. */
function run(cmd: string, args: readonly string[], cwd: string): { stdout: string; status: number | null; peakRss?: number; cpu?: number } {
  const full = timeAvailable ? ['/usr/bin/time', ['-f', 'PEAK_RSS_KB=%M CPU_S=%U+%S', cmd, ...args]] as const : [cmd, args] as const;
  const r = spawnSync(full[0], full[1], { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  const m = /PEAK_RSS_KB=(\d+)/.exec(r.stderr ?? '');
  const t = /CPU_S=([\d.]+)\+([\d.]+)/.exec(r.stderr ?? '');
  return { stdout: r.stdout ?? '', status: r.status, peakRss: m ? Number(m[1]) * 1024 : undefined, cpu: t ? Number(t[1]) + Number(t[2]) : undefined };
}

function ours(c: Case, workers = 1): Run {
  // One worker against SPIN (one core); the parallel rows below compare 1 and 2 workers.
  const args = ['checker/cli/bin.mjs', 'check', c.model, ...c.params.flatMap((p) => ['--param', p]), ...(c.flags ?? []), ...(c.args ?? []), '--json', '--workers', String(workers)];
  const r = run(process.execPath, args, root);
  const j = JSON.parse(r.stdout) as { distinctStates: number; transitions: number; seconds: number; statesPerSecond: number; peakRssBytes: number; verdict: string; engineBytes: number };
  const expected = c.liveness?.verdict ?? 'pass';
  if (j.verdict !== expected) throw new Error(`${c.label}: verdict ${j.verdict}, expected ${expected}`);
  return { states: j.distinctStates, transitions: j.transitions, seconds: j.seconds, statesPerSecond: j.statesPerSecond, peakRss: r.peakRss ?? j.peakRssBytes, violated: j.verdict === 'liveness', engineBytes: j.engineBytes, cpu: r.cpu };
}

function spin(c: Case): Run | string {
  if (c.spin.length === 0) return c.flags?.includes('--symmetry') ? 'SPIN has no symmetry reduction' : "no SPIN model; the reference is TLC's published ~30k states/s per worker";
  if (!have('spin') || !have('gcc') || !have('python3')) return 'spin, gcc or python3 not installed';
  const gen = join(spinModels, c.spin[0]);
  if (!existsSync(gen)) return `no ${gen}`;
  const dir = mkdtempSync(join(tmpdir(), 'interleave-spin-'));
  try {
    const pml = spawnSync('python3', [gen, ...c.spin.slice(1)], { encoding: 'utf8' });
    writeFileSync(join(dir, 'model.pml'), pml.stdout);
    if (spawnSync('spin', ['-a', 'model.pml'], { cwd: dir }).status !== 0) return 'spin -a failed';
    // Liveness as ../shared/bench/README.md runs it: nested DFS, weak fairness, the claim `granted`.
    const flags = c.liveness ? ['-O2', '-DNOREDUCE', '-DNFAIR=6', '-DVECTORSZ=4096'] : c.spinReduced ? ['-O2', '-DSAFETY'] : ['-O2', '-DSAFETY', '-DNOREDUCE'];
    if (spawnSync('gcc', [...flags, '-o', 'pan', 'pan.c'], { cwd: dir }).status !== 0) return 'gcc failed';
    const r = run('./pan', c.liveness ? ['-a', '-f', '-N', 'granted', '-m600000', '-w24'] : ['-E', '-m100000', '-w26'], dir);
    const errors = /errors: (\d+)/.exec(r.stdout);
    const states = /([\d.e+]+) states, stored/.exec(r.stdout);
    const secs = /pan: elapsed time ([\d.e+-]+) seconds/.exec(r.stdout);
    const rate = /pan: rate\s+([\d.e+]+) states\/second/.exec(r.stdout);
    if (!states || !secs) return 'could not read pan output';
    const seconds = Number(secs[1]);
    const n = Number(states[1]);
    return { states: n, seconds, statesPerSecond: rate ? Math.round(Number(rate[1])) : Math.round(n / seconds), peakRss: r.peakRss, violated: errors ? Number(errors[1]) > 0 : undefined };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fmt = (x: number | undefined, digits = 0): string => (x === undefined ? '—' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const mib = (b: number | undefined): string => (b === undefined ? '—' : `${(b / 2 ** 20).toFixed(0)} MiB`);

/** The run with the median states per second. */
function median(runs: Run[]): Run {
  const sorted = [...runs].sort((x, y) => x.statesPerSecond - y.statesPerSecond);
  return sorted[(sorted.length - 1) >> 1];
}

/**
 * Speed against SPIN: the ratio of states per second within each pair of runs made one after the
 * other (a slow spell of the machine slows both), as the median and the range over the pairs.
 */
function speedRatio(mine: readonly Run[], theirs: readonly Run[], byTime = false): string {
  // Liveness: time to verdict (SPIN's stored states include its never claim's and fairness copies).
  const ratios = theirs.map((s, i) => (byTime ? s.seconds / mine[i].seconds : mine[i].statesPerSecond / s.statesPerSecond)).sort((x, y) => x - y);
  const mid = ratios[(ratios.length - 1) >> 1];
  return ratios.length > 1 ? `${mid.toFixed(2)}x (${ratios[0].toFixed(2)}–${ratios[ratios.length - 1].toFixed(2)})` : `${mid.toFixed(2)}x`;
}

let args: { values: { runs?: string }; positionals: string[] };
try {
  args = parseArgs({ options: { runs: { type: 'string' } }, allowPositionals: true });
} catch (e) {
  console.error(`interleave bench: ${(e as Error).message.split('\n')[0]}`);
  process.exit(151);
}
const runs = Number(args.values.runs ?? 3);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`interleave bench: --runs must be a positive integer, got ${args.values.runs}`);
  process.exit(151);
}
const wanted = args.positionals.map((x) => x.toLowerCase());
const matches = (c: Case) => (wanted.length === 0 && !c.optIn) || wanted.some((w) => c.label.toLowerCase().includes(w) || c.model.includes(w));
const cases = CASES.filter(matches);
const parallelCases = PARALLEL.filter(matches);
if (cases.length === 0 && parallelCases.length === 0) {
  console.error(`interleave bench: no benchmark matches ${wanted.join(', ')}; the benchmarks are ${CASES.map((c) => `'${c.label}'`).join(', ')}`);
  process.exit(151);
}

const rows: string[][] = [];
const notes: string[] = [];
const medians = new Map<string, Run>();
for (const c of cases) {
  const mine: Run[] = [];
  const theirs: Run[] = [];
  let skipped: string | undefined;
  for (let i = 0; i < runs; i++) {
    process.stderr.write(`${c.label} (run ${i + 1}/${runs}): interleave… `);
    mine.push(ours(c));
    if (skipped === undefined) {
      process.stderr.write('SPIN… ');
      const r = spin(c);
      if (typeof r === 'string') skipped = r;
      else theirs.push(r);
    }
    process.stderr.write('done\n');
  }
  const a = median(mine);
  const s = skipped === undefined ? median(theirs) : undefined;
  if (skipped !== undefined) notes.push(`${c.label}: SPIN skipped (${skipped})`);
  if (s && s.states !== a.states && !c.liveness && !c.flags && !c.spinReduced) notes.push(`${c.label}: state counts differ (interleave ${a.states}, SPIN ${s.states})`);
  if (s && c.liveness) {
    notes.push(`${c.label}: interleave ${c.liveness.verdict === 'pass' ? 'proves it for every process' : 'finds a lasso'}; SPIN (P0 only) stored ${fmt(s.states)} states with its claim, ${s.violated ? 'found an acceptance cycle' : 'errors: 0'}; speed = SPIN seconds ÷ interleave seconds to the verdict`);
    if (s.violated !== a.violated) notes.push(`${c.label}: verdicts differ (interleave ${a.violated ? 'violated' : 'holds'}, SPIN ${s.violated ? 'violated' : 'holds'})`);
  }
  if (c.spinReduced && s) notes.push(`${c.label}: SPIN with its partial-order reduction stored ${fmt(s.states)} states`);
  const base = c.against !== undefined ? medians.get(c.against) : undefined;
  if (c.against !== undefined) {
    notes.push(base ? `${c.label}: ${fmt(a.states)} states (full search ${fmt(base.states)}), time ${fmt(a.seconds, 2)} s against ${fmt(base.seconds, 2)} s: ${(base.seconds / a.seconds).toFixed(2)}x our full search` : `${c.label}: run '${c.against}' in the same command for the ratio against our full search`);
  }
  medians.set(c.label, a);
  // A depth-first liveness run stops at its first lasso: its count is not the whole space's.
  const pinned = c.args?.includes('dfs') && c.liveness?.verdict === 'liveness' ? a.states : pinnedCount(c);
  if (pinned === undefined) notes.push(`${c.label}: models/manifest.json pins no count for ${c.model} at ${c.params.join(' ')}`);
  else if (pinned !== a.states) notes.push(`${c.label}: ${a.states} states, but models/manifest.json pins ${pinned}`);
  rows.push([
    c.label,
    fmt(a.states),
    fmt(a.transitions),
    fmt(a.seconds, 2),
    fmt(a.statesPerSecond),
    mib(a.peakRss),
    a.peakRss ? fmt(a.peakRss / a.states) : '—',
    s ? fmt(s.seconds, 2) : '—',
    s ? fmt(s.statesPerSecond) : '—',
    s ? mib(s.peakRss) : '—',
    s?.peakRss ? fmt(s.peakRss / s.states) : '—',
    s ? speedRatio(mine, theirs, c.liveness !== undefined || c.flags !== undefined) : '—',
  ]);
}
function table(head: string[], rows: string[][]): void {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => '| ' + cells.map((x, i) => (i === 0 ? x.padEnd(w[i]) : x.padStart(w[i]))).join(' | ') + ' |';
  console.log(line(head));
  console.log('| ' + w.map((x, i) => (i === 0 ? '-'.repeat(x) : '-'.repeat(x - 1) + ':')).join(' | ') + ' |');
  for (const r of rows) console.log(line(r));
}
if (rows.length) {
  table(['model', 'states', 'transitions', 's', 'states/s', 'peak RSS', 'B/state', 'SPIN s', 'SPIN states/s', 'SPIN RSS', 'SPIN B/state', 'speed vs SPIN'], rows);
  console.log(`\nOne worker (--workers 1). Median of ${runs} run${runs === 1 ? '' : 's'} per side, alternating. speed vs SPIN = interleave states/s ÷ SPIN states/s in each pair of runs made one after the other (liveness and reduced rows: SPIN seconds ÷ interleave seconds to the verdict): the median pair (and the range); B/state = peak RSS ÷ distinct states.`);
}

/**
 * How much two threads can do here now against one: both spin on arithmetic for a second, alone
 * then side by side (1 s each). On a machine other work keeps busy this is well under 2.
 */
async function capacity(): Promise<number> {
  const { Worker } = await import('node:worker_threads');
  const code = `const t = performance.now(); let x = 0, n = 0; while (performance.now() - t < 1000) { for (let i = 0; i < 1e5; i++) x = (x * 1103515245 + 12345) | 0; n++; } require('node:worker_threads').parentPort.postMessage(n + (x & 0));`;
  const spin = () => new Promise<number>((done) => new Worker(code, { eval: true }).once('message', done));
  const solo = await spin();
  const duo = await Promise.all([spin(), spin()]);
  return (duo[0] + duo[1]) / solo;
}

/**
 * What this machine gives this very search: two one-worker runs of it side by side against `solo`
 * (the one-worker run just made). Unlike capacity(), whose threads only do arithmetic, this feels
 * whatever slows the search itself (a shared core or cache, the host's other work on one virtual
 * CPU): the most a parallel search of this model could gain now. Two figures: `upper`, their
 * states per second together over solo's (each run's rate includes the time it ran alone after
 * the other ended, so it overstates when they end apart); `lower`, the two searches' states over
 * the time until both ended, over solo's rate (understates by the same tail).
 */
async function searchCeiling(c: Case, solo: Run): Promise<{ lower: number; upper: number }> {
  const { spawn } = await import('node:child_process');
  const args = ['checker/cli/bin.mjs', 'check', c.model, ...c.params.flatMap((p) => ['--param', p]), ...(c.flags ?? []), ...(c.args ?? []), '--json', '--workers', '1'];
  const one = () =>
    new Promise<{ statesPerSecond: number; seconds: number }>((done, fail) => {
      const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.on('error', fail);
      child.on('close', () => {
        try {
          done(JSON.parse(out) as { statesPerSecond: number; seconds: number });
        } catch {
          fail(new Error(`${c.label}: a side-by-side run printed no report`));
        }
      });
    });
  const [a, b] = await Promise.all([one(), one()]);
  return { upper: (a.statesPerSecond + b.statesPerSecond) / solo.statesPerSecond, lower: (2 * solo.seconds) / Math.max(a.seconds, b.seconds) };
}

// The parallel search: 1 worker and 2 workers alternately, the speed-up within each pair.
const prow: string[][] = [];
for (const c of parallelCases) {
  const one: Run[] = [];
  const two: Run[] = [];
  const loads: string[] = [];
  for (let i = 0; i < runs; i++) {
    process.stderr.write(`${c.label} (run ${i + 1}/${runs}): 1 worker… `);
    one.push(ours(c, 1));
    process.stderr.write('2 workers… ');
    two.push(ours(c, 2));
    process.stderr.write('done\n');
    const ceiling = await searchCeiling(c, one[i]);
    loads.push(`${loadavg()[0].toFixed(1)} (${(await capacity()).toFixed(2)}x; ${ceiling.lower.toFixed(2)}–${ceiling.upper.toFixed(2)}x)`);
  }
  if (two.some((r) => r.states !== one[0].states || r.transitions !== one[0].transitions) || one.some((r) => r.states !== one[0].states)) notes.push(`${c.label}: counts differ between runs or workers`);
  const pinned = pinnedCount(c);
  if (pinned !== undefined && pinned !== one[0].states) notes.push(`${c.label}: ${one[0].states} states, but models/manifest.json pins ${pinned}`);
  const a = median(one);
  const b = median(two);
  const ratios = one.map((r, i) => two[i].statesPerSecond / r.statesPerSecond).sort((x, y) => x - y);
  const mid = ratios[(ratios.length - 1) >> 1];
  // CPU of the whole command (user + sys), and 2 workers' over 1 worker's within each pair: what the second thread costs in work.
  const cpuOf = (rs: Run[]): number | undefined => (rs.every((r) => r.cpu !== undefined) ? [...rs.map((r) => r.cpu as number)].sort((x, y) => x - y)[(rs.length - 1) >> 1] : undefined);
  const cpuRatios = one.every((r, i) => r.cpu && two[i].cpu) ? one.map((r, i) => (two[i].cpu as number) / (r.cpu as number)).sort((x, y) => x - y) : [];
  for (const [label, r, rs] of [['1 worker', a, one], ['2 workers', b, two]] as const) {
    const cpu = cpuOf(rs);
    const cpuCell = cpu === undefined ? '—' : label === '1 worker' || cpuRatios.length === 0 ? fmt(cpu, 2) : `${fmt(cpu, 2)} (${cpuRatios[(cpuRatios.length - 1) >> 1].toFixed(2)}x)`;
    prow.push([`${c.label.replace(' (workers)', '')}: ${label}`, fmt(r.states), fmt(r.transitions), fmt(r.seconds, 2), fmt(r.statesPerSecond), mib(r.peakRss), r.peakRss ? fmt(r.peakRss / r.states) : '—', r.engineBytes ? fmt(r.engineBytes / r.states) : '—', label === '1 worker' ? '1.00x' : ratios.length > 1 ? `${mid.toFixed(2)}x (${ratios[0].toFixed(2)}–${ratios[ratios.length - 1].toFixed(2)})` : `${mid.toFixed(2)}x`, cpuCell, loads.join(' ')]);
  }
}
if (prow.length) {
  if (rows.length) console.log('');
  table(['model', 'states', 'transitions', 's', 'states/s', 'peak RSS', 'B/state', 'engine B/state', 'speed-up', 'CPU s (×1 worker)', 'load avg (two threads\' capacity; two searches side by side) per pair'], prow);
  console.log(`\n--workers 1 against --workers 2 (${availableParallelism()} cores here), alternating, ${runs} pair${runs === 1 ? '' : 's'}: the median run of each; speed-up = states/s of 2 workers ÷ 1 worker within each pair: the median pair (and the range). After each pair: the 1-minute load average, and in brackets what two CPU-bound threads did together against one just then (2.00x on an idle 2-core machine), then what two one-worker runs of the same search did side by side against the one-worker run of the pair: the most a parallel search of this model could gain just then, between the states of both over the time until both ended and their states per second added (over the pair's one-worker states per second; they differ when one run ends first and the other then runs alone). CPU s = user + sys CPU seconds of the whole command (median run), and in brackets 2 workers' CPU over 1 worker's within each pair (median pair): the work the second thread adds, which load affects less than wall time.`);
}
for (const n of notes) console.log(n);
