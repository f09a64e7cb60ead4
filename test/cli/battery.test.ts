/**
 * A battery of bad inputs, tried as a careless user would: bad arguments, bad model files, models
 * whose code misbehaves, bad trace files, limits and signals. Each asserts the exit code, what is
 * printed (a one-line error on stderr without a stack, or a report naming the culprit), and that
 * no file is left behind. Most run in this process (main() as a function); only limits that must
 * stop code that never returns, signals and memory spawn the CLI.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inProcess, type Run } from './in-process.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DIR = `test/.tmp-battery-${process.pid}`;
const ABS = `${ROOT}${DIR}`;
const at = (f: string): string => `${DIR}/${f}`;

/** Runs the CLI in this process (no start-up cost), capturing what it prints. */
const run = inProcess;

/** A generic model file: `body` gives the fields of the Model (init, actions, next, properties…). */
const generic = (body: string): string => `import { always, type Model } from 'interleave';
void always;
const model: Model<any, any> = { name: 'bad', ${body} };
export default model;
`;
const counter = `init: () => [{ x: 0 }], actions: (s: any) => (s.x < 3 ? ['inc'] : []), isEnd: (s: any) => s.x === 3`;

const FILES: Record<string, string> = {
  'syntax.ts': `export default {\n  init: () => [0],\n  actions: (s: number) => [1 2],\n};\n`,
  'throws-at-load.ts': `const x = 1;\nthrow new Error('broken at load ' + x);\nexport default 1;\n`,
  'no-default.ts': `export const model = 1;\n`,
  'not-a-model.ts': `export default { hello: 'world' };\n`,
  'init-not-array.ts': generic(`init: () => 5 as any, actions: () => [], next: (s: any) => s`),
  'init-empty.ts': generic(`init: () => [], actions: () => [], next: (s: any) => s`),
  'next-undefined.ts': generic(`${counter}, next: () => undefined`),
  'actions-not-array.ts': generic(`init: () => [{ x: 0 }], actions: () => 'inc' as any, next: (s: any) => s`),
  'next-throws.ts': generic(`${counter}, next: (s: any) => { if (s.x === 2) throw new Error('boom at two'); return { x: s.x + 1 }; }`),
  'next-mutates.ts': generic(`${counter}, next: (s: any) => { s.x = s.x + 1; return s; }`),
  'next-nan.ts': generic(`${counter}, next: (s: any) => ({ x: s.x === 1 ? NaN : s.x + 1 })`),
  'next-function.ts': generic(`init: () => [{ x: 0, f: null }], actions: (s: any) => (s.x < 2 ? ['inc'] : []), isEnd: () => true, next: (s: any) => ({ x: s.x + 1, f: { g: function helper() {} } })`),
  'next-symbol.ts': generic(`${counter}, next: (s: any) => ({ x: Symbol('three') })`),
  'next-bigint.ts': generic(`${counter}, next: (s: any) => ({ x: BigInt(s.x + 1) })`),
  'next-cyclic.ts': generic(`init: () => [{ x: 0, next: null }], actions: (s: any) => (s.x < 2 ? ['inc'] : []), isEnd: () => true, next: (s: any) => { const o: any = { x: s.x + 1, next: { to: null } }; o.next.to = o.next; return o; }`),
  'next-random.ts': generic(`init: () => [{ x: 0 }], actions: (s: any) => (s.x < 1 ? ['inc'] : []), isEnd: () => true, next: () => ({ x: Math.random() })`),
  'property-throws.ts': generic(`${counter}, next: (s: any) => ({ x: s.x + 1 }), properties: [always('small', (s: any) => { if (s.x > 1) throw new Error('cannot tell'); return true; })]`),
  'action-junk.ts': `import { actionModel } from 'interleave';
export default actionModel<{ x: number }>({ name: 'bad-actions', init: () => [{ x: 0 }], actions: { Inc: (s) => (s.x < 3 ? (42 as any) : false) } });
`,
  'handler-junk.ts': `import { system, fifo, step, send, type Protocol } from 'interleave';
type M = { type: 'PING' };
const p: Protocol<{ sent: boolean }, M> = {
  name: 'pinger',
  init: () => ({ sent: false }),
  actions: { ping: { guard: (s, ctx) => ctx.self === 0 && !s.sent, run: (s, ctx) => step({ sent: true }, send(1 - ctx.self, { type: 'PING' })) } },
  handlers: { PING: () => 'pong' as any },
};
export default system({ protocol: p, n: 2, network: fifo });
`,
  'handler-function.ts': `import { system, fifo, step, send, type Protocol } from 'interleave';
type M = { type: 'PING' };
const p: Protocol<any, M> = {
  name: 'pinger',
  init: () => ({ sent: false }),
  actions: { ping: { guard: (s, ctx) => ctx.self === 0 && !s.sent, run: (s, ctx) => step({ sent: true }, send(1 - ctx.self, { type: 'PING' })) } },
  handlers: { PING: (s) => step({ ...s, reply: () => 1 }) },
};
export default system({ protocol: p, n: 2, network: fifo });
`,
  'imports-missing.ts': `import { x } from './missing-helper.ts';\nexport default x;\n`,
  'def-null-params.ts': `export default { name: 'def-null-params', params: null, build: () => ({}) };\n`,
  'def-build-undefined.ts': `export default { name: 'def-build-undefined', params: { n: { default: 2, min: 1, description: 'n' } }, build: () => undefined };\n`,
  'bad-params.trace.json': JSON.stringify({ ...JSON.parse(readFileSync(new URL('../corpus/ricart-agrawala-no-tiebreak.trace.json', import.meta.url), 'utf8')), params: { n: 99, entries: 2, crashes: 0 } }),
  'empty.trace.json': '',
  'not-json.trace.json': '{ "format": ',
  'wrong-shape.trace.json': JSON.stringify({ format: 'interleave-trace', version: 1, model: 'two-phase-commit' }),
  'array.trace.json': '[1, 2, 3]',
  'a-file': 'not a directory',
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

/** The one-line error contract: the exit code, nothing on stdout, one line on stderr naming the problem, no stack. */
function expectOneLine(r: Run, code: number, mentions: RegExp): void {
  expect({ status: r.status, stdout: r.stdout }, r.stderr).toEqual({ status: code, stdout: '' });
  const lines = r.stderr.replace(/\n$/, '').split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^interleave: /);
  expect(lines[0]).not.toMatch(/\n\s+at |Maximum call stack|is not a function|Cannot convert undefined/);
  expect(lines[0]).toMatch(mentions);
}

const BAD_ARGUMENTS: [string, string[], RegExp][] = [
  ['an unknown option', ['check', 'two-phase-commit', '--frobnicate'], /unknown option '--frobnicate'/],
  ['a repeated --strategy', ['check', 'two-phase-commit', '--strategy', 'bfs', '--strategy', 'dfs'], /--strategy is given twice/],
  ['a repeated --max-states', ['check', 'two-phase-commit', '--max-states', '5', '--max-states', '100'], /--max-states is given twice/],
  ['a repeated --json', ['check', 'two-phase-commit', '--json', '--json'], /--json is given twice/],
  ['a repeated --param for one name', ['check', 'two-phase-commit', '--param', 'rms=2', '--param', 'rms=3'], /parameter rms given twice/],
  ['a repeated option of list', ['list', '--json', '--json'], /--json is given twice/],
  ['a parameter below its minimum', ['check', 'ricart-agrawala', '--param', 'n=0'], /parameter n must be at least 2, got 0/],
  ['a parameter that is not a number', ['check', 'ricart-agrawala', '--param', 'n=abc'], /parameter n must be an integer/],
  ['an unknown parameter', ['check', 'ricart-agrawala', '--param', 'nosuch=1'], /no parameter 'nosuch'/],
  ['a negative --max-states', ['check', 'two-phase-commit', '--max-states', '-1'], /--max-states must be a positive integer/],
  ['a zero --time-limit', ['check', 'two-phase-commit', '--time-limit', '0'], /--time-limit must be a positive number/],
  ['a --call-timeout that is not a number', ['check', 'two-phase-commit', '--call-timeout', 'soon'], /--call-timeout must be a positive number/],
  ['a --max-memory without a unit', ['check', 'two-phase-commit', '--max-memory', '12'], /--max-memory must be a size with a unit/],
  ['a --max-memory too small', ['check', 'two-phase-commit', '--max-memory', '1K'], /--max-memory must be at least 64M/],
  ['--out into a missing directory', ['check', 'two-phase-commit-early-commit', '--out', at('missing/dir/x.svg')], /cannot write .*missing\/dir\/x\.svg/],
  ['--out under a file', ['check', 'two-phase-commit-early-commit', '--out', at('a-file/x.mmd')], /cannot write .*a-file\/x\.mmd/],
  ['--out with no format', ['check', 'two-phase-commit-early-commit', '--out', at('x.unknown')], /cannot tell the format/],
  ['check with no model', ['check'], /check needs a model/],
  ['an unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
  ['too many --workers', ['check', 'two-phase-commit', '--workers', '1000'], /--workers must be at most 256, got '1000'/],
  ['a --time-limit past a timer\'s range', ['check', 'two-phase-commit', '--time-limit', '5000000'], /--time-limit must be at most 4,000,000 seconds/],
  ['a --time-limit of 1e308', ['check', 'two-phase-commit', '--strategy', 'random', '--time-limit', '1e308'], /--time-limit must be at most 4,000,000 seconds/],
  ['a --cut after the last step', ['trace', 'test/corpus/ricart-agrawala-no-tiebreak.trace.json', '--format', 'svg', '--out', at('cut.svg'), '--cut', '999'], /--cut 999 is after the last step: the trace has \d+ steps/],
  ['a --cut with a count per process too many', ['trace', 'test/corpus/ricart-agrawala-no-tiebreak.trace.json', '--format', 'svg', '--out', at('cut.svg'), '--cut', '1,1,1,1'], /gives 4 event counts; the trace has 3 processes/],
  ['replay with a bad --param', ['replay', 'test/corpus/ricart-agrawala-no-tiebreak.trace.json', '--param', 'n=1'], /parameter n must be at least 2/],
  ['replay with a repeated --param', ['replay', 'test/corpus/ricart-agrawala-no-tiebreak.trace.json', '--param', 'n=3', '--param', 'n=4'], /parameter n given twice/],
];

const LOAD_ERRORS: [string, string[], RegExp][] = [
  ['an unknown model', ['check', 'nosuch-model'], /unknown model 'nosuch-model' \(run/],
  ['a misspelt model: the nearest name', ['check', 'two-phase-comit'], /unknown model 'two-phase-comit' \(did you mean two-phase-commit\? run/],
  ['a directory for a model file', ['check', DIR], /is a directory, not a model file/],
  ['a definition whose params is null', ['check', at('def-null-params.ts')], /not a valid defineModel\(\.\.\.\): its params is not an object/],
  ['a definition whose build gives undefined', ['check', at('def-build-undefined.ts')], /def-build-undefined\.build\(n=2\) returned undefined, not a model/],
  ['a trace whose parameters its model refuses: the file named', ['replay', at('bad-params.trace.json')], /bad trace file .*bad-params\.trace\.json: parameter n must be at most/],
  ['a missing model file', ['check', at('nope.ts')], /model file not found/],
  ['a syntax error: file:line:column and the compiler message', ['check', at('syntax.ts')], /syntax error at .*syntax\.ts:3:(29|30): Expected/],
  ['an exception at load: where it was thrown', ['check', at('throws-at-load.ts')], /broken at load 1 \(at .*throws-at-load\.ts:2:7\)/],
  ['no default export', ['check', at('no-default.ts')], /has no default export \(.*\); it exports model, none of them a model$/],
  ['a default export that is not a model', ['check', at('not-a-model.ts')], /is not a model/],
  ['an empty trace file', ['replay', at('empty.trace.json')], /empty\.trace\.json is not JSON/],
  ['a trace file that is not JSON', ['trace', at('not-json.trace.json')], /not-json\.trace\.json is not JSON/],
  ['a trace file of the wrong shape', ['replay', at('wrong-shape.trace.json')], /bad trace file .*wrong-shape/],
  ['a trace file that is an array', ['replay', at('array.trace.json')], /is not a trace: expected a JSON object, got an array/],
];

/** Models whose code misbehaves: exit 75, a report whose error names the function and what it gave. */
const MODEL_ERRORS: [string, RegExp][] = [
  ['init-not-array.ts', /init returned 5, not an array of initial states/],
  ['init-empty.ts', /init\(\) returned no initial state/],
  ['next-undefined.ts', /next returned undefined for action "inc" in state \{x:0\}/],
  ['actions-not-array.ts', /actions returned "inc" on state \{x:0\}, not an array/],
  ['next-throws.ts', /next threw: boom at two/],
  ['next-mutates.ts', /next mutated its input/],
  ['next-nan.ts', /next returned a value that is not plain data: NaN at state\.x/],
  ['next-function.ts', /next returned a value that is not plain data: a function \(helper\) at state\.f\.g/],
  ['next-symbol.ts', /next returned a value that is not plain data: a symbol \(Symbol\(three\)\) at state\.x/],
  ['next-bigint.ts', /next returned a value that is not plain data: the BigInt 1n at state\.x/],
  ['next-cyclic.ts', /next returned a value that is not plain data: a cycle: state\.next\.to refers back to state\.next/],
  ['next-random.ts', /next is not deterministic/],
  ['property-throws.ts', /property small threw: cannot tell/],
  ['action-junk.ts', /Inc returned 42: an action returns an update/],
  ['handler-junk.ts', /pinger\.handlers\.PING must return \{ state, send\? \}, got "pong"/],
  ['handler-function.ts', /pinger\.handlers\.PING returned a value that is not plain data: a function \(reply\) at result\.state\.reply/],
];

/** The files in the test directory, to check that a failed command leaves none behind. */
const filesNow = (): string[] => readdirSync(ABS, { recursive: true }).map(String).sort();

describe('battery: bad arguments are exit 151 in one line, and write nothing', () => {
  it.each(BAD_ARGUMENTS)('%s', async (_what, args, mentions) => {
    const before = filesNow();
    expectOneLine(await run(...args), 151, mentions);
    expect(filesNow()).toEqual(before);
  });
});

describe('battery: what cannot be loaded is exit 150 in one line', () => {
  it.each(LOAD_ERRORS)('%s', async (_what, args, mentions) => {
    expectOneLine(await run(...args), 150, mentions);
  });
});

describe('battery: a misbehaving model is exit 75, naming the function and what it gave', () => {
  it.each(MODEL_ERRORS)('%s', async (file, mentions) => {
    const before = filesNow();
    const r = await run('check', at(file), '--json', '--out', at(`${file}.trace.json`));
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect({ status: r.status, verdict: j.verdict, output: j.output }).toEqual({ status: 75, verdict: 'error', output: null });
    expect(j.error).toMatch(mentions);
    expect(j.error).not.toMatch(/Maximum call stack|is not a function|Cannot convert undefined|\n/);
    expect(filesNow()).toEqual(before);
    const text = await run('check', at(file));
    expect(text.status).toBe(75);
    expect(text.stdout.split('\n')[1]).toMatch(/^verdict: error \(exit 75\): /);
    expect(text.stdout).toMatch(mentions);
  });
});

describe('battery: what is already handled stays handled', () => {
  it('--max-states 10: exit 152, a partial report, nothing on stderr', async () => {
    const r = await run('check', 'two-phase-commit', '--max-states', '10', '--json');
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 152, stderr: '' });
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: 'incomplete', limit: 'states' });
    expect(JSON.parse(r.stdout).peakRssBytes).toBeGreaterThan(0);
  });

  it('a trace of another model: one line saying whose trace it is (151), or where it first differs (23)', async () => {
    expectOneLine(await run('replay', 'test/corpus/ricart-agrawala-no-tiebreak.trace.json', 'two-phase-commit'), 151, /no parameter 'n' .*is a trace of ricart-agrawala-no-tiebreak \(n=3/);
    const r = await run('replay', 'test/corpus/ricart-agrawala-no-tiebreak.trace.json', 'central-server', '--json');
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 23, stderr: '' });
    expect(JSON.parse(r.stdout).status).toBe('initial');
  });

  it('replay --param replaces one of the trace\'s parameters', async () => {
    const r = await run('replay', 'test/corpus/ricart-agrawala-no-tiebreak.trace.json', '--param', 'n=3', '--json');
    expect(r.status).toBe(12);
    const other = await run('replay', 'test/corpus/ricart-agrawala-no-tiebreak.trace.json', '--param', 'n=4', '--json');
    expect(other.status).toBe(23); // four processes: not the trace's initial state
    expect(JSON.parse(other.stdout).params.n).toBe(4);
  });

  it('a trace whose actor/action labels were edited says so on replay', async () => {
    const trace = JSON.parse(readFileSync(`${ROOT}test/corpus/ricart-agrawala-no-tiebreak.trace.json`, 'utf8'));
    const step = trace.steps[0];
    const edited = { ...trace, steps: [{ ...step, action: `${step.action} (edited)` }, ...trace.steps.slice(1)] };
    writeFileSync(`${ABS}/edited.trace.json`, JSON.stringify(edited));
    const r = await run('replay', at('edited.trace.json'));
    expect(r.status).toBe(12);
    expect(r.stdout).toMatch(/the actor\/action labels of step 1 do not match the model's \(step 1: the trace says '.*\(edited\)', the model '/);
  });

  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8'));
    expect((await run('--version')).stdout).toBe(`interleave ${pkg.version}\n`);
  });

  it('list: a header and one aligned line per model, with the network column', async () => {
    const lines = (await run('list')).stdout.trimEnd().split('\n');
    const entries = JSON.parse((await run('list', '--json')).stdout) as { name: string; network: string }[];
    expect(lines).toHaveLength(entries.length + 1);
    expect(lines[0]).toMatch(/^model\s+family\s+network\s+expect\s+parameters\s+description$/);
    const column = lines[0].indexOf('network');
    entries.forEach((e, i) => expect(lines[i + 1].slice(column).startsWith(e.network)).toBe(true));
  });
});

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
