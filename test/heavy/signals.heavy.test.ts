/**
 * The CLI's limits and signals, inside model code that never returns (the heavy tier: these runs
 * spawn the CLI as a user would, and wait on clocks by design: loops stopped by --time-limit and
 * --call-timeout, a search paused with SIGSTOP, SIGINT/SIGTERM/SIGKILL to the parent, the child or
 * the whole process group, worker threads that loop or end, a reader that goes away, the memory
 * limit). The bad inputs that need no second process are in test/cli/battery.test.ts (npm test).
 * Each asserts the exit code, what is printed, and that no process is left behind.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Run } from '../cli/in-process.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIR = `test/.tmp-signals-${process.pid}`;
const ABS = `${ROOT}${DIR}`;
const at = (f: string): string => `${DIR}/${f}`;

const FILES: Record<string, string> = {
  'imports-missing.ts': `import { x } from './missing-helper.ts';\nexport default x;\n`,
  /** Spends 0.6 s of CPU in next at x=3 (1.2 s in all: a first call is made twice, the determinism check), after writing a marker file (so that a test can pause it there). */
  'pauses.ts': `import { writeFileSync } from 'node:fs';
import type { Model } from 'interleave';
const model: Model<{ readonly x: number }, string> = {
  name: 'pauses',
  init: () => [{ x: 0 }],
  actions: (s) => (s.x < 10 ? ['inc'] : []),
  next: (s) => {
    if (s.x === 3) {
      if (process.env.LOOP_MARKER) writeFileSync(process.env.LOOP_MARKER, 'looping');
      const start = process.cpuUsage();
      for (;;) {
        const used = process.cpuUsage(start);
        if (used.user + used.system > 600_000) break;
      }
    }
    return { x: s.x + 1 };
  },
  isEnd: (s) => s.x === 10,
};
export default model;
`,
  /**
   * 68,921 states; next loops forever on a state of 60 steps or more, in a worker thread only. In
   * the main thread it spends 20 µs a call, so that a worker joins (after 20,000 states, once it has
   * loaded the model) before the main thread could finish alone, however loaded the machine.
   */
  'loops-in-worker.ts': `import { isMainThread } from 'node:worker_threads';
import type { Model } from 'interleave';
type S = { readonly a: number; readonly b: number; readonly c: number };
const model: Model<S, 'a' | 'b' | 'c'> = {
  name: 'loops-in-worker',
  init: () => [{ a: 0, b: 0, c: 0 }],
  actions: (s) => [...(s.a < 40 ? (['a'] as const) : []), ...(s.b < 40 ? (['b'] as const) : []), ...(s.c < 40 ? (['c'] as const) : [])],
  next: (s, x) => {
    if (!isMainThread && s.a + s.b + s.c >= 60) for (;;) {}
    if (isMainThread) for (const end = performance.now() + 0.02; performance.now() < end; ) {}
    return { ...s, [x]: s[x] + 1 };
  },
  isEnd: (s) => s.a + s.b + s.c === 120,
};
export default model;
`,
  /**
   * As loops-in-worker.ts, but next ends its worker thread (process.exit in a worker thread ends
   * that thread, as Node does when a worker's heap is full) on a state of EXIT_AT steps or more
   * (default 60).
   */
  'exits-in-worker.ts': `import { isMainThread } from 'node:worker_threads';
import type { Model } from 'interleave';
type S = { readonly a: number; readonly b: number; readonly c: number };
const model: Model<S, 'a' | 'b' | 'c'> = {
  name: 'exits-in-worker',
  init: () => [{ a: 0, b: 0, c: 0 }],
  actions: (s) => [...(s.a < 40 ? (['a'] as const) : []), ...(s.b < 40 ? (['b'] as const) : []), ...(s.c < 40 ? (['c'] as const) : [])],
  next: (s, x) => {
    if (!isMainThread && s.a + s.b + s.c >= Number(process.env.EXIT_AT ?? 60)) process.exit(3);
    if (isMainThread) for (const end = performance.now() + 0.02; performance.now() < end; ) {}
    return { ...s, [x]: s[x] + 1 };
  },
  isEnd: (s) => s.a + s.b + s.c === 120,
};
export default model;
`,
  /** Blocks in next at x=2 (a synchronous wait of a minute, no CPU spent). */
  'blocks.ts': `import type { Model } from 'interleave';
const model: Model<{ readonly x: number }, string> = {
  name: 'blocks',
  init: () => [{ x: 0 }],
  actions: (s) => (s.x < 10 ? ['inc'] : []),
  next: (s) => {
    if (s.x === 2) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    return { x: s.x + 1 };
  },
  isEnd: (s) => s.x === 10,
};
export default model;
`,
  /** A long search (9 million states) that writes a marker file as it starts (so a test knows it is searching). */
  'long.ts': `import { writeFileSync } from 'node:fs';
import type { Model } from 'interleave';
let started = false;
const model: Model<{ readonly x: number; readonly y: number }, 'x' | 'y'> = {
  name: 'long',
  init: () => [{ x: 0, y: 0 }],
  actions: (s) => [...(s.x < 3000 ? (['x'] as const) : []), ...(s.y < 3000 ? (['y'] as const) : [])],
  next: (s, a) => {
    if (!started && process.env.LOOP_MARKER) writeFileSync(process.env.LOOP_MARKER, 'searching');
    started = true;
    return a === 'x' ? { x: s.x + 1, y: s.y } : { x: s.x, y: s.y + 1 };
  },
  isEnd: (s) => s.x === 3000 && s.y === 3000,
};
export default model;
`,
  /** Loops forever in next at x=5, after writing a marker file (so a test knows it is looping). */
  'loops.ts': `import { writeFileSync } from 'node:fs';
import type { Model } from 'interleave';
const model: Model<{ readonly x: number }, string> = {
  name: 'loops',
  init: () => [{ x: 0 }],
  actions: (s) => (s.x < 10 ? ['inc'] : []),
  next: (s) => {
    if (s.x === 5) {
      if (process.env.LOOP_MARKER) writeFileSync(process.env.LOOP_MARKER, 'looping');
      for (;;) {}
    }
    return { x: s.x + 1 };
  },
  isEnd: (s) => s.x === 10,
};
export default model;
`,
};

beforeAll(() => {
  mkdirSync(ABS, { recursive: true });
  for (const [name, text] of Object.entries(FILES)) writeFileSync(`${ABS}/${name}`, text);
});
afterAll(() => rmSync(ABS, { recursive: true, force: true }));

// ---- spawned: limits that must stop code that never returns, signals, memory ----------------------

interface Spawned extends Run {
  readonly child: number | undefined;
}

/** Runs the CLI as a user would (bin.mjs, which starts a child to do the work); `act` is called with the parent's pid once started. */
function cli(args: string[], act?: (pid: number) => Promise<void>, env: Record<string, string> = {}): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['checker/cli/bin.mjs', ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, detached: true });
    let stdout = '';
    let stderr = '';
    let child: number | undefined;
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    const killer = setTimeout(() => process.kill(-(p.pid as number), 'SIGKILL'), 40_000);
    p.on('error', reject);
    p.on('close', (status) => {
      clearTimeout(killer);
      resolve({ status, stdout, stderr, child });
    });
    if (act) {
      void act(p.pid as number).then(() => (child = childOf(p.pid as number)), reject);
    }
  });
}

/** The pid of the child process the CLI started (read before a signal is sent). */
function childOf(pid: number): number | undefined {
  try {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    return kids.length ? Number(kids[0]) : undefined;
  } catch {
    return undefined;
  }
}

/** True while a process exists and is not a zombie. */
function alive(pid: number): boolean {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
async function until(test: () => boolean, ms = 30_000): Promise<void> {
  for (const end = Date.now() + ms; !test(); ) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(50);
  }
}

const marker = (name: string): string => `${ABS}/${name}.looping`;
/** Waits until the looping model is inside its endless loop, then sends `signal` to the parent, the child or the whole group. */
const signalWhenLooping = (name: string, signal: NodeJS.Signals, to: 'parent' | 'child' | 'group', seen: { child?: number }) => async (pid: number) => {
  await until(() => existsSync(marker(name)));
  seen.child = childOf(pid);
  if (to === 'parent') process.kill(pid, signal);
  else if (to === 'group') process.kill(-pid, signal);
  else process.kill(seen.child as number, signal);
};

describe.skipIf(process.platform !== 'linux')('battery: limits and signals hold inside model code (spawned)', () => {
  it.concurrent('--time-limit stops a next that loops forever: exit 152, a partial report naming next and its input', async () => {
    const r = await cli(['check', at('loops.ts'), '--time-limit', '1']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 152, stderr: '' });
    expect(r.stdout).toMatch(/verdict: incomplete \(exit 152\): time limit reached/);
    expect(r.stdout).toMatch(/6 distinct states, 5 transitions, max depth 5, .* so far/);
    expect(r.stdout).toMatch(/running: next on \{x:5\} with "inc"/);
  });

  it.concurrent('with no time limit, --call-timeout reports the looping call as a model error (exit 75)', async () => {
    const r = await cli(['check', at('loops.ts'), '--call-timeout', '1', '--json']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 75, stderr: '' });
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ verdict: 'error', exitCode: 75, distinctStates: 6 });
    expect(j.error).toBe('next on {x:5} with "inc" ran for more than 1 s (--call-timeout): does it loop forever?');
  });

  it.concurrent('--call-timeout counts the CPU time of the call: a search stopped (SIGSTOP) for 3 s inside next, which spends 1.2 s of CPU against a 2-s budget, goes on and passes', async () => {
    const name = 'stopped';
    const seen: { child?: number } = {};
    const r = await cli(
      ['check', at('pauses.ts'), '--call-timeout', '2', '--json'],
      async (pid) => {
        await until(() => existsSync(marker(name)));
        // (After the watchdog's first look at the heartbeat, 50 ms after the search starts.)
        await sleep(400);
        seen.child = childOf(pid);
        process.kill(seen.child as number, 'SIGSTOP');
        await sleep(3000);
        process.kill(seen.child as number, 'SIGCONT');
      },
      { LOOP_MARKER: marker(name) },
    );
    expect(seen.child).toBeGreaterThan(0);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'pass', distinctStates: 11 });
  });

  it.concurrent('--call-timeout watches the worker threads too: a next that loops in a worker ends the parallel search with a model error (exit 75)', async () => {
    const r = await cli(['check', at('loops-in-worker.ts'), '--workers', '2', '--call-timeout', '1', '--json']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 75, stderr: '' });
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ verdict: 'error', exitCode: 75, workers: 2 });
    expect(j.error).toBe('a model function ran for more than 1 s in worker thread 1 (--call-timeout): does it loop forever? (--workers 1 names it and its input)');
  });

  it.concurrent('--max-states met while a worker is stuck in a model function: the states limit (exit 152), not "stopped by a signal"', async () => {
    // Depths 0-60 hold 35,091 states: the limit is met while level 60, the first the worker loops on, is expanded.
    const r = await cli(['check', at('loops-in-worker.ts'), '--workers', '2', '--max-states', '35500', '--call-timeout', '60', '--json']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 152, stderr: '' });
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'incomplete', exitCode: 152, limit: 'states', workers: 2 });
  });

  it.concurrent('a worker thread that ends during the search (its heap full, process.exit) stops the parallel search with a model error (exit 75), not a wait for ever', async () => {
    const r = await cli(['check', at('exits-in-worker.ts'), '--workers', '2', '--json']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 75, stderr: '' });
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ verdict: 'error', exitCode: 75, workers: 2 });
    expect(j.error).toBe('worker thread 1 ended during the search (its heap full, or process.exit in the model?): the search is stopped (--workers 1 searches in one thread)');
  });

  it.concurrent('a worker thread that ends before it joins a level (here in its private warm-up) is seen as it would join (exit 75)', async () => {
    const r = await cli(['check', at('exits-in-worker.ts'), '--workers', '2', '--json'], undefined, { EXIT_AT: '3', INTERLEAVE_PARALLEL_WARM_UP: '100000' });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 75, stderr: '' });
    expect(JSON.parse(r.stdout).error).toBe('worker thread 1 ended during the search (its heap full, or process.exit in the model?): the search is stopped (--workers 1 searches in one thread)');
  });

  it.concurrent('a call that blocks without using the CPU is stopped at ten times --call-timeout by the wall clock (exit 75)', async () => {
    const started = Date.now();
    const r = await cli(['check', at('blocks.ts'), '--call-timeout', '0.5', '--json']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 75, stderr: '' });
    expect(JSON.parse(r.stdout).error).toBe('next on {x:2} with "inc" ran for more than 0.5 s (--call-timeout): does it loop forever?');
    expect(Date.now() - started).toBeGreaterThanOrEqual(5000);
  });

  const SIGNALS: [NodeJS.Signals, 'parent' | 'child' | 'group', boolean, number][] = [
    ['SIGINT', 'parent', false, 130],
    ['SIGTERM', 'parent', true, 143],
    ['SIGINT', 'child', true, 130],
    ['SIGINT', 'group', false, 130],
  ];
  it.concurrent.each(SIGNALS)('%s to the %s while next loops (--json %s): the partial report, exit %i, no process left', async (signal, to, json, code) => {
    const name = `${signal}-${to}-${json}`;
    const seen: { child?: number } = {};
    const r = await cli(['check', at('loops.ts'), ...(json ? ['--json'] : [])], signalWhenLooping(name, signal, to, seen), { LOOP_MARKER: marker(name) });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: code, stderr: '' });
    if (json) expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'incomplete', exitCode: code, limit: 'signal', signal, distinctStates: 6, running: 'next on {x:5} with "inc"' });
    else {
      expect(r.stdout).toMatch(new RegExp(`verdict: incomplete \\(exit ${code}\\): stopped by ${signal}`));
      expect(r.stdout).toMatch(/running: next on \{x:5\}/);
    }
    expect(seen.child).toBeGreaterThan(0);
    await until(() => !alive(seen.child as number), 3000);
  });

  it.concurrent('a reader that stops reading standard output: the CLI ends quietly, exit 141, no stack trace', async () => {
    const p = spawn(process.execPath, ['checker/cli/bin.mjs', 'list'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    p.stdout.destroy(); // the reader is gone before the CLI writes
    let stderr = '';
    p.stderr.on('data', (d) => (stderr += d));
    const status = await new Promise((done) => p.on('close', done));
    expect({ status, stderr }).toEqual({ status: 141, stderr: '' });
  });

  it.concurrent("a model file's missing import (the CLI's loader): one line, and no place in Node's own code named as where", async () => {
    const r = await cli(['check', at('imports-missing.ts')]);
    expect({ status: r.status, stdout: r.stdout }).toEqual({ status: 150, stdout: '' });
    expect(r.stderr).toMatch(/^interleave: cannot load .*imports-missing\.ts: Cannot find module '[^']*missing-helper\.ts' imported from \S*imports-missing\.ts\n$/);
  });

  it.concurrent('Ctrl-C (SIGINT to the process group) during a search: the search process prints its own report, every time', async () => {
    // The parent used to pass its SIGINT on at once: a second SIGINT as the search unwound from the
    // first ended the child without its report in about half of the runs (the parent's fallback).
    // It waits until the search has started (a signal while the CLI loads ends it with one line).
    for (let i = 0; i < 4; i++) {
      const name = `ctrl-c-${i}`;
      const r = await cli(['check', at('long.ts'), '--workers', '1', '--json'], async (pid) => {
        await until(() => existsSync(marker(name)));
        await sleep(100 + 250 * i);
        process.kill(-pid, 'SIGINT');
      }, { LOOP_MARKER: marker(name) });
      expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 130, stderr: '' });
      const j = JSON.parse(r.stdout);
      expect(j).toMatchObject({ verdict: 'incomplete', limit: 'signal', signal: 'SIGINT', strategy: 'bfs' });
      expect(j.partial).toBeUndefined();
    }
  });

  // SIGTERM that reaches the search process itself ends it at once (JavaScript cannot run a handler
  // while the search runs): the parent prints the partial report from the last progress it was sent.
  it.concurrent.each([['child', false], ['group', true]] as const)('SIGTERM to the %s (--json %s): the search process dies, the parent prints the partial report it has, exit 143', async (to, json) => {
    const seen: { child?: number } = {};
    const name = `term-${to}`;
    const r = await cli(['check', at('loops.ts'), ...(json ? ['--json'] : [])], signalWhenLooping(name, 'SIGTERM', to, seen), { LOOP_MARKER: marker(name) });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 143, stderr: '' });
    if (json) expect(JSON.parse(r.stdout)).toMatchObject({ model: 'loops', verdict: 'incomplete', exitCode: 143, strategy: 'bfs', limit: 'signal', signal: 'SIGTERM' });
    else expect(r.stdout).toMatch(/^model loops\nverdict: incomplete \(exit 143\): stopped by SIGTERM\nat least .* \(bfs(, \d+ workers)?; the last progress the search process sent\)\n$/);
    await until(() => !alive(seen.child as number), 3000);
  });

  it.concurrent('the parent killed outright (SIGKILL): the child ends itself', async () => {
    const seen: { child?: number } = {};
    const r = await cli(['check', at('loops.ts')], signalWhenLooping('kill-parent', 'SIGKILL', 'parent', seen), { LOOP_MARKER: marker('kill-parent') });
    expect(r.status).toBe(null);
    await until(() => !alive(seen.child as number), 3000);
  });

  it.concurrent('--max-memory below what the search needs: exit 152, verdict incomplete, the advice', async () => {
    const r = await cli(['check', 'ricart-agrawala', '--param', 'n=4', '--max-memory', '64M', '--json']);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 152, stderr: '' });
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ verdict: 'incomplete', limit: 'memory', maxMemoryBytes: 64 * 2 ** 20 });
    expect(j.advice).toMatch(/--max-depth/);
    expect(j.distinctStates).toBeGreaterThan(0);
    expect(j.peakRssBytes).toBeGreaterThan(0);
  });
});
