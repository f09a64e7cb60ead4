/**
 * The body of the interactive explorer's worker thread: loads the model as the CLI does, walks
 * to the state the page is at, and searches from there for a counterexample (an invariant,
 * quiescence or liveness property broken, or a deadlock) or a witness of one `sometimes`
 * property. Posts progress about once a second and, at the end, the steps of what it found as
 * step numbers of the explorer's canonical order (the same in every run), which the server
 * checks again.
 */
import { readlinkSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { load } from '../cli/main.ts';
import { describeError } from '../errors.ts';
import { explore } from '../explore.ts';
import type { Compiled, CompiledProperty } from '../model.ts';
import { shareCalls } from '../running.ts';
import { Session } from './session.ts';

/** What the worker loads when it starts (before any search is asked for, so that a search starts at once). */
export interface WorkerSetup {
  readonly target: string;
  readonly params: Readonly<Record<string, number>>;
  /**
   * Four ints where the server watches this thread for --call-timeout: the call counters of
   * checker/running.ts (heartbeat, stop reason, in a call) and this thread's Linux thread id.
   */
  readonly calls: SharedArrayBuffer;
}

export interface SearchRequest {
  readonly init: number;
  readonly path: readonly number[];
  /** `counterexample`, or `witness:<property name>`. */
  readonly goal: string;
  readonly maxStates: number;
}

export type SearchMessage =
  | { readonly type: 'progress'; readonly distinctStates: number; readonly transitions: number; readonly maxDepth: number; readonly seconds: number }
  | { readonly type: 'done'; readonly found: boolean; readonly labels?: readonly number[]; readonly message: string; readonly distinctStates: number; readonly seconds: number }
  | { readonly type: 'error'; readonly message: string };

/** Runs one search; every outcome is a message. */
export function search(session: Session, req: SearchRequest, post: (m: SearchMessage) => void): void {
  const c = session.c;
  const { states } = session.walk(req.init, req.path);
  const here = states[states.length - 1];
  let goal: Compiled;
  let what: string;
  if (req.goal === 'counterexample') {
    goal = Object.create(c, { properties: { value: c.properties.filter((p) => p.kind !== 'sometimes') } }) as Compiled;
    what = 'counterexample';
  } else if (req.goal.startsWith('witness:')) {
    const name = req.goal.slice('witness:'.length);
    const p = c.properties.find((q) => q.name === name && q.kind === 'sometimes');
    if (!p) throw new Error(`the model has no sometimes property '${name}'`);
    // A witness is the first state where the property holds: search for the violation of its negation.
    const target: CompiledProperty = { name: p.name, kind: 'always', holds: (v) => !p.holds(v) };
    goal = Object.create(c, { properties: { value: [target] }, checkDeadlock: { value: false } }) as Compiled;
    what = `witness for ${name}`;
  } else throw new Error(`unknown goal '${req.goal}'`);
  const r = explore(goal, {
    from: [here],
    maxStates: req.maxStates,
    onProgress: (p) => post({ type: 'progress', distinctStates: p.distinctStates, transitions: p.transitions, maxDepth: p.maxDepth, seconds: p.seconds }),
  });
  const base = { distinctStates: r.distinctStates, seconds: r.seconds };
  const states1 = `${r.distinctStates.toLocaleString('en-US')} ${r.distinctStates === 1 ? 'state' : 'states'}`;
  if (r.verdict === 'error') return post({ type: 'done', found: false, message: `the model raised an error: ${r.error ?? 'unknown'}`, ...base });
  if (r.counterexample) {
    const followed = session.follow(here, r.counterexample);
    if (followed.failedAt !== undefined) return post({ type: 'error', message: `internal: step ${followed.failedAt} of the trace found could not be followed` });
    const t = r.counterexample;
    const n = t.steps.length;
    const where = n === 0 ? 'here' : `${n} ${n === 1 ? 'step' : 'steps'} from here`;
    // A liveness counterexample is a lasso: a run whose last steps repeat for ever (none: it stays in its last state).
    const cycle = t.loop === undefined ? undefined : n - t.loop;
    const violated =
      cycle === undefined
        ? `violated ${where}`
        : cycle === 0
          ? `violated by a run that stays for ever ${n === 0 ? 'in this state' : `in the state ${where}`}`
          : `violated by a run that repeats a cycle for ever: ${cycle === 1 ? `step ${n}` : `steps ${n - cycle + 1} to ${n}`} of the ${where}`;
    const message =
      req.goal === 'counterexample'
        ? t.kind === 'deadlock'
          ? `found a deadlock ${where} (${states1} searched)`
          : `found ${t.property?.name} ${violated} (${states1} searched)`
        : `found a ${what} ${where} (${states1} searched)`;
    return post({ type: 'done', found: true, labels: followed.labels, message, ...base });
  }
  if (r.verdict === 'incomplete') {
    // (distinctStates counts the states met while passing the limit too: the limit is what was asked.)
    const limit = r.limit === 'states' ? `within ${req.maxStates.toLocaleString('en-US')} states (the search stopped at its limit)` : `in ${states1} (the search stopped at its ${r.limit ?? 'memory'} limit)`;
    return post({ type: 'done', found: false, message: `no ${what} ${limit}`, ...base });
  }
  return post({ type: 'done', found: false, message: `no ${what} is reachable from here (all ${states1} searched)`, ...base });
}

if (parentPort && workerData) {
  const port = parentPort;
  const setup = workerData as WorkerSetup;
  const post = (m: SearchMessage) => port.postMessage(m);
  shareCalls(new Int32Array(setup.calls, 0, 3));
  try {
    new Int32Array(setup.calls)[3] = Number(readlinkSync('/proc/thread-self').split('/').pop());
  } catch {
    // Not Linux: the server watches by the wall clock.
  }
  const ready = load(setup.target, setup.params).then((loaded) => new Session(loaded.model));
  ready.catch(() => {}); // reported when a search asks for it
  port.on('message', (req: SearchRequest) => {
    ready.then((session) => search(session, req, post)).catch((e: unknown) => post({ type: 'error', message: describeError(e) }));
  });
}
