/**
 * The `interleave` command line: list, check, check-all. Every error is one line naming the
 * problem, with the documented exit code (see ExitCode); never a stack trace.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { formatParams, isDefinition, resolveParams, type ModelDefinition } from '../definition.ts';
import { ExitCode, InterleaveError, LoadError, UsageError, describeError } from '../errors.ts';
import { explore, type ExploreOptions, type Report } from '../explore.ts';
import { COMPILE, type Checkable } from '../model.ts';
import { formatTrace } from '../trace.ts';

const USAGE = `usage:
  interleave list [--json]
  interleave check <model-name | path/to/model.ts> [--param name=value ...] [--strategy bfs|dfs]
                   [--max-states N] [--max-depth N] [--time-limit SECONDS] [--no-deadlock] [--json]
  interleave check-all [--json]
exit codes: 0 pass, 11 deadlock, 12 safety violation, 13 liveness violation, 75 model error,
            150 model cannot be loaded, 151 bad arguments, 152 limit reached, 255 internal error`;

/** Where the bundled models are registered; loaded by path, so the engine does not import them. */
const REGISTRY = new URL('../../models/index.ts', import.meta.url);

async function bundled(): Promise<readonly ModelDefinition[]> {
  const mod = (await import(REGISTRY.href)) as { models: readonly ModelDefinition[] };
  return mod.models;
}

const useColor = (stream: NodeJS.WriteStream): boolean => Boolean(stream.isTTY) && !('NO_COLOR' in process.env);
const paint = (code: string, text: string): string => (useColor(process.stdout) ? `\x1b[${code}m${text}\x1b[0m` : text);

/** A loaded model: a definition (bundled or from a file) with its parameters, or a bare model. */
interface Loaded {
  readonly def?: ModelDefinition;
  readonly label: string;
  readonly params: Record<string, number>;
  readonly model: Checkable;
}

function isCheckable(x: unknown): x is Checkable {
  if (typeof x !== 'object' || x === null) return false;
  if (COMPILE in x) return true;
  const m = x as Record<string, unknown>;
  return typeof m.init === 'function' && typeof m.actions === 'function' && typeof m.next === 'function';
}

async function load(target: string, paramArgs: readonly string[]): Promise<Loaded> {
  const looksLikePath = target.includes('/') || target.includes('\\') || /\.[cm]?[jt]s$/.test(target);
  let def: ModelDefinition | undefined;
  let bare: Checkable | undefined;
  if (looksLikePath) {
    const file = resolve(target);
    if (!existsSync(file)) throw new LoadError(`model file not found: ${target}`);
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    } catch (e) {
      throw new LoadError(`cannot load ${target}: ${describeError(e)}`);
    }
    if (!('default' in mod) || mod.default === undefined) throw new LoadError(`${target} has no default export (export default a model, a system or defineModel(...))`);
    if (isDefinition(mod.default)) def = mod.default;
    else if (isCheckable(mod.default)) bare = mod.default;
    else throw new LoadError(`the default export of ${target} is not a model: expected defineModel(...), system(...) or { init, actions, next }`);
  } else {
    const all = await bundled();
    def = all.find((m) => m.name === target);
    if (!def) throw new LoadError(`unknown model '${target}' (run 'interleave list' to see the bundled models)`);
  }
  if (bare) {
    if (paramArgs.length) throw new UsageError(`${target} exports a bare model, which takes no --param (wrap it in defineModel to give it parameters)`);
    return { label: bare.name ?? target, params: {}, model: bare };
  }
  const d = def as ModelDefinition;
  const params = resolveParams(d, paramArgs);
  let model: Checkable;
  try {
    model = d.build(params);
  } catch (e) {
    if (e instanceof InterleaveError) throw e;
    throw new LoadError(`cannot build ${d.name} with ${formatParams(params)}: ${describeError(e)}`);
  }
  return { def: d, label: d.name, params, model };
}

function positiveInt(name: string, raw: string | undefined, allowZero = false): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw.trim())) throw new UsageError(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got '${raw}'`);
  const v = Number(raw);
  if (!Number.isSafeInteger(v) || (!allowZero && v === 0)) throw new UsageError(`${name} must be a ${allowZero ? 'non-negative' : 'positive'} integer, got '${raw}'`);
  return v;
}

function positiveNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(v) || v <= 0) throw new UsageError(`${name} must be a positive number of seconds, got '${raw}'`);
  return v;
}

function progressReporter(): ExploreOptions['onProgress'] {
  if (!process.stderr.isTTY) return undefined;
  return (p) => {
    process.stderr.write(`\r${p.distinctStates.toLocaleString('en-US')} states, ${p.transitions.toLocaleString('en-US')} transitions, depth ${p.maxDepth}, queue ${p.queued.toLocaleString('en-US')}, ${p.seconds.toFixed(0)} s   `);
  };
}

/** The JSON object `check --json` prints. */
export function reportJson(loaded: Pick<Loaded, 'label' | 'params' | 'def'>, r: Report): Record<string, unknown> {
  return {
    model: loaded.label,
    params: loaded.params,
    verdict: r.verdict,
    exitCode: r.exitCode,
    distinctStates: r.distinctStates,
    transitions: r.transitions,
    maxDepth: r.maxDepth,
    seconds: Number(r.seconds.toFixed(3)),
    statesPerSecond: r.statesPerSecond,
    strategy: r.strategy,
    properties: r.properties.map(({ name, kind, status }) => ({ name, kind, status })),
    ...(r.limit ? { limit: r.limit } : {}),
    ...(r.error ? { error: r.error } : {}),
    ...(r.counterexample ? { counterexample: r.counterexample } : {}),
    witnesses: r.witnesses,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    engineBytes: r.engineBytes,
    stats: r.stats,
  };
}

function printReport(loaded: Loaded, r: Report): void {
  const out: string[] = [];
  const ps = formatParams(loaded.params);
  out.push(`model ${loaded.label}${ps ? ` (${ps})` : ''}${loaded.def ? `, network ${loaded.def.network}` : ''}`);
  const colour = r.verdict === 'pass' ? '32' : r.verdict === 'incomplete' ? '33' : '31';
  let verdictLine = `verdict: ${paint(colour, r.verdict)} (exit ${r.exitCode})`;
  if (r.limit) verdictLine += `: ${r.limit} limit reached`;
  if (r.error) verdictLine += `: ${r.error}`;
  out.push(verdictLine);
  out.push(`${r.distinctStates.toLocaleString('en-US')} distinct states, ${r.transitions.toLocaleString('en-US')} transitions, max depth ${r.maxDepth}, ${r.seconds.toFixed(2)} s, ${r.statesPerSecond.toLocaleString('en-US')} states/s (${r.strategy})`);
  if (r.properties.length) {
    out.push('properties:');
    const w = Math.max(...r.properties.map((p) => p.name.length));
    for (const p of r.properties) out.push(`  ${p.name.padEnd(w)}  ${p.kind.padEnd(9)}  ${p.status}`);
  }
  if (r.counterexample) out.push('', formatTrace(r.counterexample));
  else if (r.verdict === 'violation') {
    const un = r.properties.filter((p) => p.status === 'unwitnessed').map((p) => p.name);
    out.push('', `no reachable state witnesses: ${un.join(', ')}`);
  }
  console.log(out.join('\n'));
}

async function cmdList(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: false });
  const all = await bundled();
  const entries = all.map((m) => ({
    name: m.name,
    family: m.family,
    description: m.description,
    params: Object.fromEntries(Object.entries(m.params).map(([k, p]) => [k, { default: p.default, min: p.min, ...(p.max !== undefined ? { max: p.max } : {}), description: p.description }])),
    network: m.network,
    expect: { verdict: m.expect.verdict, exitCode: expectedCode(m), ...(m.expect.distinctStates !== undefined ? { distinctStates: m.expect.distinctStates } : {}), ...(m.expect.property ? { property: m.expect.property } : {}) },
    ...(m.mutantOf ? { mutantOf: m.mutantOf } : {}),
  }));
  if (values.json) {
    console.log(JSON.stringify(entries, null, 2));
    return 0;
  }
  const w = Math.max(...entries.map((e) => e.name.length));
  for (const e of entries) {
    const ps = Object.entries(e.params).map(([k, p]) => `${k}=${p.default}`).join(' ');
    console.log(`${e.name.padEnd(w)}  ${e.family.padEnd(7)} expect ${e.expect.verdict.padEnd(9)} ${ps.padEnd(18)} ${e.description}`);
  }
  return 0;
}

function expectedCode(m: ModelDefinition): number {
  return { pass: 0, deadlock: 11, violation: 12, incomplete: 152, error: 75 }[m.expect.verdict];
}

/** `--max-states -1` → `--max-states=-1`, so a negative number is reported as a bad value, not a missing one. */
function joinNegativeValues(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('--') && !args[i].includes('=') && i + 1 < args.length && /^-\d/.test(args[i + 1])) {
      out.push(`${args[i]}=${args[i + 1]}`);
      i++;
    } else out.push(args[i]);
  }
  return out;
}

async function cmdCheck(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: joinNegativeValues(args),
    allowPositionals: true,
    options: {
      param: { type: 'string', multiple: true, short: 'p' },
      strategy: { type: 'string' },
      'max-states': { type: 'string' },
      'max-depth': { type: 'string' },
      'time-limit': { type: 'string' },
      'no-deadlock': { type: 'boolean' },
      json: { type: 'boolean' },
    },
  });
  if (positionals.length === 0) throw new UsageError('check needs a model name or a path to a model file');
  if (positionals.length > 1) throw new UsageError(`check takes one model, got ${positionals.length}: ${positionals.join(' ')}`);
  const strategy = values.strategy ?? 'bfs';
  if (strategy !== 'bfs' && strategy !== 'dfs') throw new UsageError(`--strategy must be bfs or dfs, got '${strategy}'`);
  const options: ExploreOptions = {
    strategy,
    maxStates: positiveInt('--max-states', values['max-states']),
    maxDepth: positiveInt('--max-depth', values['max-depth'], true),
    timeLimit: positiveNumber('--time-limit', values['time-limit']),
    checkDeadlock: values['no-deadlock'] ? false : undefined,
    onProgress: values.json ? undefined : progressReporter(),
  };
  const loaded = await load(positionals[0], values.param ?? []);
  const report = explore(loaded.model, options);
  if (options.onProgress && report.seconds >= 1) process.stderr.write('\r\x1b[K');
  if (values.json) console.log(JSON.stringify(reportJson(loaded, report), null, 2));
  else printReport(loaded, report);
  return report.exitCode;
}

/** Checks every bundled model at its defaults against its expectation; the verdict table. */
async function cmdCheckAll(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean' } } });
  const rows: { model: string; expected: string; verdict: string; states: number; seconds: number; ok: boolean; why: string }[] = [];
  for (const def of await bundled()) {
    const loaded = await load(def.name, []);
    const r = explore(loaded.model);
    const problems: string[] = [];
    const e = def.expect;
    if (r.verdict !== e.verdict) problems.push(`verdict ${r.verdict}, expected ${e.verdict}${r.error ? ` (${r.error})` : ''}`);
    if (e.distinctStates !== undefined && r.distinctStates !== e.distinctStates) problems.push(`${r.distinctStates} states, expected ${e.distinctStates}`);
    if (e.property !== undefined && r.counterexample?.property?.name !== e.property && !r.properties.some((p) => p.name === e.property && p.status === 'unwitnessed')) {
      problems.push(`fails ${r.counterexample?.property?.name ?? 'no property'}, expected ${e.property}`);
    }
    if (e.traceLength !== undefined && r.counterexample?.steps.length !== e.traceLength) problems.push(`counterexample of ${r.counterexample?.steps.length ?? 0} steps, expected ${e.traceLength}`);
    rows.push({ model: def.name, expected: e.verdict + (e.property ? ` (${e.property})` : ''), verdict: r.verdict, states: r.distinctStates, seconds: r.seconds, ok: problems.length === 0, why: problems.join('; ') });
  }
  if (values.json) console.log(JSON.stringify(rows, null, 2));
  else {
    const head = ['model', 'expected', 'verdict', 'states', 'seconds', 'ok'];
    const body = rows.map((r) => [r.model, r.expected, r.verdict, r.states.toLocaleString('en-US'), r.seconds.toFixed(2), r.ok ? 'ok' : `MISMATCH: ${r.why}`]);
    const w = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 3 || i === 4 ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ').trimEnd();
    console.log(line(head));
    for (const b of body) console.log(b[5] === 'ok' ? line(b) : paint('31', line(b)));
    const bad = rows.filter((r) => !r.ok).length;
    console.log(bad ? `${bad} of ${rows.length} models differ from their expectation` : `all ${rows.length} models as expected`);
  }
  return rows.every((r) => r.ok) ? 0 : 1;
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    switch (cmd) {
      case 'list':
        return await cmdList(rest);
      case 'check':
        return await cmdCheck(rest);
      case 'check-all':
        return await cmdCheckAll(rest);
      case undefined:
        throw new UsageError(`no command given (commands: list, check, check-all; see 'interleave --help')`);
      case 'help':
      case '--help':
      case '-h':
        console.log(USAGE);
        return 0;
      default:
        throw new UsageError(`unknown command '${cmd}' (commands: list, check, check-all)`);
    }
  } catch (e) {
    if (e instanceof InterleaveError) {
      console.error(`interleave: ${e.message}`);
      return e.exitCode;
    }
    const code = (e as { code?: string }).code;
    if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) {
      const msg = describeError(e);
      const unknown = /Unknown option '([^']+)'/.exec(msg);
      const missing = /Option '([^']+)' argument missing/.exec(msg);
      const text = unknown ? `unknown option '${unknown[1]}' (see 'interleave --help')` : missing ? `option '${missing[1]}' needs a value` : msg.replace(/\.\s.*$/, '.');
      console.error(`interleave: ${text}`);
      return ExitCode.badArguments;
    }
    console.error(`interleave: internal error: ${describeError(e)}`);
    return ExitCode.internal;
  }
}
