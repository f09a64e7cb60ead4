/**
 * The body of the interactive explorer's worker thread: loads the model as the CLI does, walks
 * to the state the page is at, and searches from there for a counterexample (an invariant or
 * quiescence property broken, or a deadlock) or a witness of one `sometimes` property. Posts
 * progress about once a second and, at the end, the steps of what it found as step numbers of
 * the explorer's canonical order (the same in every run), which the server checks again.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { load } from '../cli/main.ts';
import { describeError } from '../errors.ts';
import { explore } from '../explore.ts';
import type { Compiled, CompiledProperty } from '../model.ts';
import { Session } from './session.ts';

/** What the worker loads when it starts (before any search is asked for, so that a search starts at once). */
export interface WorkerSetup {
  readonly target: string;
  readonly params: Readonly<Record<string, number>>;
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
  const states1 = `${r.distinctStates.toLocaleString('en-US')} states`;
  if (r.verdict === 'error') return post({ type: 'done', found: false, message: `the model raised an error: ${r.error ?? 'unknown'}`, ...base });
  if (r.counterexample) {
    const followed = session.follow(here, r.counterexample);
    if (followed.failedAt !== undefined) return post({ type: 'error', message: `internal: step ${followed.failedAt} of the trace found could not be followed` });
    const t = r.counterexample;
    const message =
      req.goal === 'counterexample'
        ? t.kind === 'deadlock'
          ? `found a deadlock ${t.steps.length} steps from here (${states1} searched)`
          : `found ${t.property?.name} violated ${t.steps.length} steps from here (${states1} searched)`
        : `found a ${what} ${t.steps.length} steps from here (${states1} searched)`;
    return post({ type: 'done', found: true, labels: followed.labels, message, ...base });
  }
  if (r.verdict === 'incomplete') return post({ type: 'done', found: false, message: `no ${what} within ${states1} (the search stopped at its limit)`, ...base });
  return post({ type: 'done', found: false, message: `no ${what} is reachable from here (all ${states1} searched)`, ...base });
}

if (parentPort && workerData) {
  const port = parentPort;
  const setup = workerData as WorkerSetup;
  const post = (m: SearchMessage) => port.postMessage(m);
  const ready = load(setup.target, setup.params).then((loaded) => new Session(loaded.model));
  ready.catch(() => {}); // reported when a search asks for it
  port.on('message', (req: SearchRequest) => {
    ready.then((session) => search(session, req, post)).catch((e: unknown) => post({ type: 'error', message: describeError(e) }));
  });
}
