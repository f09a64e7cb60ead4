/**
 * A battery of bad inputs, tried as a careless user would: bad arguments, bad model files, models
 * whose code misbehaves, bad trace files. Each asserts the exit code, what is printed (a one-line
 * error on stderr without a stack, or a report naming the culprit), and that no file is left
 * behind. They run in this process (main() as a function). The limits that must stop code that
 * never returns, the signals and the memory limit spawn the CLI and wait on clocks: they are in
 * the heavy tier (test/heavy/signals.heavy.test.ts).
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
  'def-null-params.ts': `export default { name: 'def-null-params', params: null, build: () => ({}) };\n`,
  'def-build-undefined.ts': `export default { name: 'def-build-undefined', params: { n: { default: 2, min: 1, description: 'n' } }, build: () => undefined };\n`,
  'bad-params.trace.json': JSON.stringify({ ...JSON.parse(readFileSync(new URL('../corpus/ricart-agrawala-no-tiebreak.trace.json', import.meta.url), 'utf8')), params: { n: 99, entries: 2, crashes: 0 } }),
  'empty.trace.json': '',
  'not-json.trace.json': '{ "format": ',
  'wrong-shape.trace.json': JSON.stringify({ format: 'interleave-trace', version: 1, model: 'two-phase-commit' }),
  'array.trace.json': '[1, 2, 3]',
  'a-file': 'not a directory',
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
