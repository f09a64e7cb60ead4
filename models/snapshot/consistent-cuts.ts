/**
 * The notes' two definitions of a consistent cut, checked against each other over every run of a
 * small system (lecture notes, "Consistent global state", "Consistent cuts: example"):
 *
 *   1. the set of events left of the cut is closed under happens-before;
 *   2. "In practical terms": every message delivered in the cut was also sent in the cut.
 *
 * A state is a run so far: per process, its events (local, send to a named process, receive of a
 * message in flight). Each of n processes performs up to `events` events. In every run the search
 * reaches, every cut (every frontier: a prefix of each process's events) is judged by both
 * definitions (`src/causality/cuts.ts`, written independently of each other), and the invariant is
 * that they agree. The summary reports how many runs and cuts were judged, the largest lattice of
 * consistent cuts met (a run with no message: every cut is consistent) and the smallest among the
 * runs in which every process made all its events (messages make cuts inconsistent).
 */
import { alwaysNot, sometimes, type Model } from 'interleave';
import { bundledModel } from '../manifest.ts';
import { closedUnderHappensBeforeIn, consistentCuts, deliveredWereSent, type Cut } from '../../src/causality/cuts.ts';
import type { Run, RunEvent } from '../../src/causality/run.ts';

/** A run so far. Message ids name sender, receiver and number: `P0→P1#1`. */
export interface CutsState {
  readonly events: readonly (readonly RunEvent[])[];
}

type Action = { readonly p: number; readonly kind: 'local' } | { readonly p: number; readonly kind: 'send'; readonly to: number } | { readonly p: number; readonly kind: 'receive'; readonly msg: string };

/** A definition of a consistent cut, as the model judges it. */
export type CutDefinition = (run: Run, cut: Cut) => boolean;

/** The messages sent to p and not yet received, in id order. */
function inFlightTo(s: CutsState, p: number): string[] {
  const received = new Set<string>();
  for (const evs of s.events) for (const e of evs) if (e.kind === 'receive') received.add(e.msg);
  const out: string[] = [];
  for (const evs of s.events) for (const e of evs) if (e.kind === 'send' && !received.has(e.msg) && e.msg.includes(`→P${p}#`)) out.push(e.msg);
  return out.sort();
}

/** Every frontier of the run. */
function everyCut(run: Run): number[][] {
  let cuts: number[][] = [[]];
  for (let p = 0; p < run.n; p++) cuts = cuts.flatMap((c) => Array.from({ length: run.events[p].length + 1 }, (_, k) => [...c, k]));
  return cuts;
}

/** The run in one line: `P0: send P0→P1#1, local | P1: receive P0→P1#1 | P2: —`. */
export function showRun(run: Run): string {
  return run.events.map((evs, p) => `P${p}: ${evs.length ? evs.map((e) => (e.kind === 'local' ? 'local' : `${e.kind} ${e.msg}`)).join(', ') : '—'}`).join(' | ');
}

/** The model: n processes, up to `events` events each; `definition2` is the notes' second definition (or a mutant's). */
export function cutsModel(n: number, events: number, definition2: CutDefinition = deliveredWereSent, name = 'consistent-cuts'): Model<CutsState, Action> {
  let runs = 0;
  let cutsJudged = 0;
  let consistent = 0;
  let largestLattice = 0;
  let smallestFullLattice = Infinity;
  const runOf = (s: CutsState): Run => ({ n, events: s.events });
  /** Why the definitions disagree on some cut of this run, or null. */
  const breach = (s: CutsState): string | null => {
    const run = runOf(s);
    runs++;
    const isClosed = closedUnderHappensBeforeIn(run);
    for (const cut of everyCut(run)) {
      cutsJudged++;
      const closed = isClosed(cut);
      if (closed) consistent++;
      const sent = definition2(run, cut);
      if (closed !== sent) {
        return `cut [${cut.join(', ')}] of the run ${showRun(run)} is ${closed ? '' : 'not '}closed under →, yet the second definition says ${sent ? 'consistent' : 'inconsistent'}`;
      }
    }
    const lattice = consistentCuts(run).length;
    largestLattice = Math.max(largestLattice, lattice);
    if (s.events.every((evs) => evs.length === events)) smallestFullLattice = Math.min(smallestFullLattice, lattice);
    return null;
  };
  return {
    name,
    init: () => [{ events: Array.from({ length: n }, () => []) }],
    actions: (s) => {
      const acts: Action[] = [];
      for (let p = 0; p < n; p++) {
        if (s.events[p].length >= events) continue;
        acts.push({ p, kind: 'local' });
        for (let to = 0; to < n; to++) if (to !== p) acts.push({ p, kind: 'send', to });
        for (const msg of inFlightTo(s, p)) acts.push({ p, kind: 'receive', msg });
      }
      return acts;
    },
    next: (s, a) => {
      const evs = s.events[a.p];
      let e: RunEvent;
      if (a.kind === 'local') e = { kind: 'local' };
      else if (a.kind === 'receive') e = { kind: 'receive', msg: a.msg };
      else e = { kind: 'send', msg: `P${a.p}→P${a.to}#${evs.filter((x) => x.kind === 'send' && x.msg.startsWith(`P${a.p}→P${a.to}#`)).length + 1}` };
      return { events: s.events.map((x, p) => (p === a.p ? [...x, e] : x)) };
    },
    properties: [
      alwaysNot('the two definitions agree', breach, 'every cut of every run is closed under happens-before exactly when every message delivered in it was sent in it'),
      sometimes('inconsistent cut', (s) => everyCut(runOf(s)).some((c) => !closedUnderHappensBeforeIn(runOf(s))(c)), 'some cut is not consistent (a receive without its send)'),
      sometimes(
        'consistent cut with a message in flight',
        (s) => everyCut(runOf(s)).some((c) => closedUnderHappensBeforeIn(runOf(s))(c) && s.events.some((evs, p) => evs.slice(0, c[p]).some((e) => e.kind === 'send' && !s.events.some((r, q) => r.slice(0, c[q]).some((x) => x.kind === 'receive' && x.msg === e.msg))))),
        'a consistent cut that includes a send but not its receive (the message is in the channel state)',
      ),
    ],
    isEnd: () => true,
    describeAction: (a) => ({ actor: `P${a.p}`, action: a.kind === 'local' ? 'local' : a.kind === 'send' ? `send to P${a.to}` : `receive ${a.msg}` }),
    summary: () => ({ runsJudged: runs, cutsJudged, consistentCuts: consistent, largestLattice, ...(smallestFullLattice < Infinity ? { smallestLatticeOfAFullRun: smallestFullLattice } : {}) }),
  };
}

export default bundledModel({
  name: 'consistent-cuts',
  family: 'snapshot',
  description: "The notes' two definitions of a consistent cut agree on every cut of every run (closed under → iff every delivered message was sent)",
  params: {
    n: { default: 3, min: 2, max: 4, description: 'number of processes' },
    events: { default: 2, min: 1, max: 4, description: 'events per process (local, send, or receive)' },
  },
  network: 'none',
  build: ({ n, events }) => cutsModel(n, events),
});
