#!/usr/bin/env node
// Entry point of `interleave`: loads TypeScript on the fly (tsx), so models need no build step.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

// The CLI runs in two processes: this one starts the same script again as a child that does the
// work, and stays to look after it. The child's search can be stopped inside the model's own code
// (see guard.ts); this process forwards SIGINT, SIGTERM and SIGHUP to it as SIGINT (saying which it
// was), so that it prints its partial report, and if the child dies without one (killed, out of
// memory) prints the partial report from the child's last progress message. The child ends itself
// if this process dies. A run with Node options (--inspect, --cpu-prof…) stays in one process.
//
// On Linux the child runs with glibc asked to back large allocations (the fingerprint table, the
// state columns) with transparent huge pages: one page fault per 2 MiB instead of one per 4 KiB
// (about 12 µs each on the virtual machines this was measured on), and fewer TLB misses on the
// table's random probes. Ricart–Agrawala n=3 entries=2 searched ~6% faster in 7 of 7 paired runs;
// the second start costs ~0.1 s. A GLIBC_TUNABLES already set (to anything) is left alone, and
// other C libraries ignore it. `explore` (a server, not a search) runs here, so that signals reach it.
if (process.env.INTERLEAVE_PARENT !== String(process.ppid) && process.execArgv.length === 0 && process.argv[2] !== 'explore') {
  const env = { ...process.env, INTERLEAVE_PARENT: String(process.pid) };
  if (process.platform === 'linux' && env.GLIBC_TUNABLES === undefined) env.GLIBC_TUNABLES = 'glibc.malloc.hugetlb=1';
  const code = await supervise(env);
  if (code !== undefined) process.exit(code);
  // The second start failed: run here.
}

/** Runs the CLI in a child process and looks after it; its exit code, or undefined if it could not start. */
async function supervise(env) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env });
  let start; // { model, params, network, json }: what the child is checking
  let progress; // the child's last progress message
  let received; // the signal this process received
  let interrupted = false; // the child says a SIGINT stopped it
  let forward; // the timer of a SIGINT to pass on
  child.on('message', (m) => {
    if (m?.type === 'start') start = m;
    else if (m?.type === 'progress') progress = m;
    else if (m?.type === 'interrupted') {
      interrupted = true;
      clearTimeout(forward);
    }
  });
  const onSignal = (signal) => {
    if (received !== undefined) {
      // A second signal: stop waiting for the child's report.
      child.kill('SIGKILL');
      return;
    }
    received = signal;
    const interrupt = () => {
      if (!interrupted) child.kill('SIGINT');
    };
    if (signal !== 'SIGINT' && child.connected) child.send({ signal }, interrupt);
    // A Ctrl-C reaches the child too (the terminal signals the whole process group), and a second
    // SIGINT just as its search unwinds from the first would end it without its report (Node
    // restores SIGINT's default action for a moment then). So the child is given 300 ms to say
    // that a SIGINT stopped it before this one is passed on (a SIGINT sent to this process alone).
    else if (child.connected) forward = setTimeout(interrupt, 300);
    else interrupt();
  };
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, onSignal);
  const outcome = await new Promise((resolve) => {
    child.on('error', (e) => resolve({ error: e }));
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  if (outcome.error) return undefined;
  const { code, signal } = outcome;
  if (code !== null) {
    // The child stopped on our forwarded SIGINT before it heard which signal we received.
    if (received !== undefined && received !== 'SIGINT' && code === 130) return 128 + constants.signals[received];
    return code;
  }
  // The child died without a report: killed, or crashed (V8 aborts when its heap runs out).
  const ours = received !== undefined;
  const memory = !ours && (signal === 'SIGABRT' || signal === 'SIGKILL' || signal === 'SIGTRAP');
  const by = ours ? received : signal;
  const exitCode = memory ? 152 : by in constants.signals ? 128 + constants.signals[by] : 255;
  const why = memory ? `the search process was killed by ${signal} (out of memory?): use --max-memory to stop in time` : `stopped by ${by}`;
  if (start) printPartial(start, progress, exitCode, memory ? 'memory' : 'signal', by, why);
  else console.error(`interleave: ${why}`);
  return exitCode;
}

/** The partial report of a search whose process died, from its last progress message. */
function printPartial(start, p, exitCode, limit, signal, why) {
  const counts = { distinctStates: p?.distinctStates ?? 0, transitions: p?.transitions ?? 0, maxDepth: p?.maxDepth ?? 0, seconds: p?.seconds ?? 0 };
  if (start.json) {
    const report = { model: start.model, params: start.params, verdict: 'incomplete', exitCode, ...counts, strategy: start.strategy, ...(start.workers > 1 ? { workers: start.workers } : {}), limit, ...(limit === 'signal' ? { signal } : {}), message: why, partial: 'from the last progress message of the search process', peakRssBytes: p?.peakRssBytes ?? null };
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  const ps = Object.entries(start.params).map(([k, v]) => `${k}=${v}`).join(', ');
  const n = (x) => x.toLocaleString('en-US');
  console.log(
    [
      `model ${start.model}${ps ? ` (${ps})` : ''}${start.network ? `, network ${start.network}` : ''}`,
      `verdict: incomplete (exit ${exitCode}): ${why}`,
      `at least ${n(counts.distinctStates)} distinct states, ${n(counts.transitions)} transitions, max depth ${counts.maxDepth}, ${counts.seconds.toFixed(2)} s (${start.strategy}${start.workers > 1 ? `, ${start.workers} workers` : ''}; the last progress the search process sent)`,
    ].join('\n'),
  );
}

// Keep V8's young generation at its initial size. A search allocates little that dies young, and
// every fresh page of memory costs a page fault: a young generation left to grow to 16 MiB
// touched ~2,600 more pages for Ricart–Agrawala n=3 entries=2 and made that search ~7% slower
// (`npm run bench`).
setFlagsFromString('--semi-space-growth-factor=1');

const args = process.argv.slice(2);
// `check … --workers N` (N > 1): the worker threads of the parallel search start now, while this
// thread loads the CLI and the model, which takes about as long as a thread takes to start (see
// prewarm in checker/parallel/pool.ts; main.ts ends them if the search does not use them).
const early = earlyWorkers(args);
const target = args[0] === 'check' ? checkTarget(args) : undefined;
const bundler = await import('../parallel/bundle.mjs');
const modelFile = target === undefined ? undefined : bundler.modelFile(target);
// `check <bundled model>` runs from the plain JavaScript bundle of the CLI (checker/parallel/bundle.mjs,
// the one the worker threads load): no TypeScript loader, about a second less before the search.
// So do the commands that load no file of the user's (list, check-all, help, version, a mistyped
// command). Anything else (a model file; trace, replay, explore and the swarm commands, which may
// load one; no usable bundle) loads the TypeScript through tsx.
const mayLoadFile = args[0] === 'check' ? modelFile !== undefined : ['trace', 'replay', 'explore', 'swarm', 'swarm-report'].includes(args[0]);
const bundle = mayLoadFile ? undefined : await bundler.workerBundle([]).catch(() => undefined);
let cli;
if (bundle !== undefined) {
  if (early > 1) (await import(bundle.pool)).prewarm(early - 1, [], []);
  cli = await import(bundle.main);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  // Model files from any project: loaded as ES modules, `interleave` resolvable (see scope.mjs).
  (await import('node:module')).register(new URL('./scope.mjs', import.meta.url));
  if (early > 1) {
    // The bundled models' registry too, unless the model may be a file.
    const file = process.argv.slice(3).some((a) => a.includes('/') || a.includes('\\') || /\.[cm]?[jt]s$/.test(a));
    const preload = [new URL('./main.ts', import.meta.url).href, ...(file ? [] : [new URL('../../models/index.ts', import.meta.url).href])];
    // The threads load the bundle for the model named here (a search whose model turns out otherwise starts new threads).
    (await import('../parallel/pool.ts')).prewarm(early - 1, preload, target === undefined ? undefined : modelFile === undefined ? [] : [modelFile]);
  }
  cli = { ...(await import('./main.ts')), ...(await import('./guard.ts')) };
}
const { main, installSignalHandlers } = cli;
// A reader that stops reading (`… | head`) ends the command quietly, with the exit code a shell
// gives a process that SIGPIPE ended (141), not with a stack trace.
process.stdout.on('error', (e) => {
  if (e.code !== 'EPIPE') throw e;
  process.exit(141);
});
if (process.argv[2] !== 'explore') installSignalHandlers(); // the explore server handles its own signals
process.exitCode = await main(process.argv.slice(2));

/** N of `check … --workers N` when the search may be parallel (no other strategy, reduction or sampling asked); 0 otherwise. */
function earlyWorkers(args) {
  if (args[0] !== 'check') return 0;
  let n = 0;
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    if (a === '--symmetry' || a.startsWith('--symmetry=') || a === '--por' || a.startsWith('--swarm') || a.startsWith('--runs')) return 0;
    if (a === '--strategy' || a.startsWith('--strategy=')) {
      const v = a === '--strategy' ? args[i + 1] : a.slice('--strategy='.length);
      if (v !== 'bfs') return 0;
    }
    if (a === '--workers' || a.startsWith('--workers=')) {
      const v = a === '--workers' ? args[i + 1] : a.slice('--workers='.length);
      n = /^\d+$/.test(v ?? '') ? Number(v) : 0;
    }
  }
  return n > 1 && n <= 256 ? n : 0;
}

/** The model argument of `check` (its first positional argument), if there is one. */
function checkTarget(args) {
  const valued = new Set(['param', 'property', 'strategy', 'max-states', 'max-depth', 'time-limit', 'call-timeout', 'max-memory', 'format', 'out', 'cut', 'fairness', 'workers', 'depth', 'runs', 'seed', 'swarm', 'shard', 'out-dir', 'bitstate']);
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    if (a === '--') return args[i + 1];
    if (a === '-p') i++;
    else if (a.startsWith('--')) {
      if (!a.includes('=') && valued.has(a.slice(2))) i++;
    } else if (!a.startsWith('-')) return a;
  }
  return undefined;
}
