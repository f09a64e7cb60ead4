/**
 * Leader election, written once for the ring (Chang–Roberts) and the bully algorithm, through a
 * view: the id of each process, whom it believes to be the leader, and whether it is live.
 */
import { always, atQuiescence, ghostOf, leadsTo, sometimes, type GlobalState, type Observer, type Property } from 'interleave';

export interface ElectionView<L> {
  /** The process's id (the largest, or the highest live one, should win). */
  readonly id: (s: L, p: number) => number;
  /** The id of the leader the process believes in, or null. */
  readonly leader: (s: L) => number | null;
  /** The process is up (default: not crashed by the engine). */
  readonly live?: (s: L, p: number, g: GlobalState<L, unknown>) => boolean;
}

const liveOf = <L>(view: ElectionView<L>, g: GlobalState<L, unknown>, p: number): boolean => !g.crashed[p] && (view.live ? view.live(g.procs[p], p, g) : true);

/** The leaders live processes believe in, among live processes: at most one (a live leader, believed by every live process that believes in a live one). */
export function oneLeader<L, M>(view: ElectionView<L>): Property<GlobalState<L, M>> {
  return always(
    'one leader',
    (g) => {
      const liveIds = new Set<number>();
      for (let p = 0; p < g.n; p++) if (liveOf(view, g as GlobalState<L, unknown>, p)) liveIds.add(view.id(g.procs[p], p));
      let leader: number | null = null;
      for (let p = 0; p < g.n; p++) {
        if (!liveOf(view, g as GlobalState<L, unknown>, p)) continue;
        const b = view.leader(g.procs[p]);
        if (b === null || !liveIds.has(b)) continue;
        if (leader !== null && leader !== b) return false;
        leader = b;
      }
      return true;
    },
    'no two live processes believe in different live leaders (so at most one live process believes it leads)',
    (g) => {
      const seen = new Map<number, number>();
      for (let p = 0; p < g.n; p++) {
        if (!liveOf(view, g as GlobalState<L, unknown>, p)) continue;
        const b = view.leader(g.procs[p]);
        if (b === null) continue;
        for (const [other, q] of seen) if (other !== b) return `P${q} believes the leader is ${other} and P${p} believes it is ${b}, both live`;
        seen.set(b, p);
      }
      return undefined;
    },
  );
}

/** The highest id among live processes. */
export function highestLive<L>(view: ElectionView<L>, g: GlobalState<L, unknown>): number {
  let best = -Infinity;
  for (let p = 0; p < g.n; p++) if (liveOf(view, g, p)) best = Math.max(best, view.id(g.procs[p], p));
  return best;
}

/** Every live process believes in the highest live id. */
export function allKnowHighest<L>(view: ElectionView<L>, g: GlobalState<L, unknown>): boolean {
  const h = highestLive(view, g);
  for (let p = 0; p < g.n; p++) if (liveOf(view, g, p) && view.leader(g.procs[p]) !== h) return false;
  return true;
}

/** At quiescence every process knows the same leader, the largest id. */
export function everyoneKnowsTheLeader<L, M>(view: ElectionView<L>): Property<GlobalState<L, M>> {
  return atQuiescence('everyone knows the leader', (g) => allKnowHighest(view, g as GlobalState<L, unknown>), 'when nothing more can happen, every live process believes in the largest live id', (g) => {
    const h = highestLive(view, g as GlobalState<L, unknown>);
    const wrong = g.procs.flatMap((s, p) => (liveOf(view, g as GlobalState<L, unknown>, p) && view.leader(s) !== h ? [`P${p} believes in ${view.leader(s) ?? 'no leader'}`] : []));
    return `nothing more can happen, and ${wrong.join(', ')}, not the largest live id ${h}`;
  });
}

/** Witness: an election ends with everyone knowing the leader. */
export function leaderKnown<L, M>(view: ElectionView<L>): Property<GlobalState<L, M>> {
  return sometimes('leader known to all', (g) => allKnowHighest(view, g as GlobalState<L, unknown>), 'every live process believes in the largest live id');
}

// ---- the ring: message counts ------------------------------------------------------------------

/** An observer counting the messages of one type sent so far. */
export function messagesOfType(type: string): Observer<number> {
  return {
    name: `${type} messages`,
    init: () => 0,
    observe: (k, st) => {
      let c = k;
      for (const s of st.sent) if ((s.msg as { type: string }).type === type) c++;
      return c;
    },
  };
}

/**
 * Election messages on a unidirectional ring when every process sends its own id once: each id
 * travels from its owner to the next process with a larger id (the largest all the way round).
 */
export function ringElectionMessages(ids: readonly number[]): number {
  const n = ids.length;
  let total = 0;
  for (let p = 0; p < n; p++) {
    let d = 1;
    while (d < n && ids[(p + d) % n] < ids[p]) d++;
    total += d;
  }
  return total;
}

/** At quiescence, exactly ringElectionMessages(ids) election messages were sent. */
export function ringMessageCount<L, M>(ids: readonly number[], counter: Observer<number>): Property<GlobalState<L, M>> {
  const expected = ringElectionMessages(ids);
  return atQuiescence('election messages', (g) => ghostOf(g, counter) === expected, `exactly ${expected} election messages for ids [${ids.join(', ')}] (n(n+1)/2 = ${(ids.length * (ids.length + 1)) / 2} at worst, 2n−1 = ${2 * ids.length - 1} at best)`, (g) => `nothing more can happen, and ${ghostOf(g, counter)} election messages were sent for ids [${ids.join(', ')}], not ${expected}`);
}

// ---- the bully algorithm: agreement once the election has settled ----------------------------------

export interface SettlingView<L> extends ElectionView<L> {
  /** The process has started an election. */
  readonly started: (s: L) => boolean;
  /** The process could declare itself leader now (every higher process suspected, and it does not lead yet). */
  readonly couldDeclare: (s: L, p: number, n: number) => boolean;
}

/** Settled: nothing in flight to a live process, every live process started, none could still declare. */
export function settled<L>(view: SettlingView<L>, g: GlobalState<L, unknown>): boolean {
  for (let p = 0; p < g.n; p++) {
    if (!liveOf(view, g, p)) continue;
    const s = g.procs[p];
    if (!view.started(s) || view.couldDeclare(s, p, g.n)) return false;
    for (let q = 0; q < g.n; q++) if (g.channels[q][p].length > 0) return false;
  }
  return true;
}

/**
 * Once the election has settled, every live process believes in the highest live process. (The
 * safety half of "eventually the highest live process is leader and every live process agrees";
 * with liveness, `eventually allKnowHighest` under weak fairness.)
 */
export function highestLiveWhenSettled<L, M>(view: SettlingView<L>): Property<GlobalState<L, M>> {
  return always('highest live leader when settled', (g) => !settled(view, g as GlobalState<L, unknown>) || allKnowHighest(view, g as GlobalState<L, unknown>), 'in every settled state every live process believes in the highest live process', (g) => {
    const h = highestLive(view, g as GlobalState<L, unknown>);
    const wrong = g.procs.flatMap((s, p) => (liveOf(view, g as GlobalState<L, unknown>, p) && view.leader(s) !== h ? [`P${p} believes in ${view.leader(s) ?? 'no leader'}`] : []));
    return `the election has settled, and ${wrong.join(', ')}, not the highest live process ${h}`;
  });
}

/**
 * Liveness: eventually the highest live process is leader. Whenever some live process does not
 * believe in the highest live process (at the start, or after the leader crashed), eventually
 * every live process does (¬A ~> A for A = `allKnowHighest`, so A holds again and again). Checked
 * under the protocol's fairness: its steps and the deliveries weakly fair, crashes never forced.
 * Unlike `highestLiveWhenSettled` it also fails on a run that never settles (a process that
 * should declare and never does), which no settled state shows.
 */
export function highestLiveEventuallyLeads<L, M>(view: ElectionView<L>): Property<GlobalState<L, M>> {
  const know = (g: GlobalState<L, M>) => allKnowHighest(view, g as GlobalState<L, unknown>);
  const p = leadsTo<GlobalState<L, M>>('eventually the highest live process is leader', (g) => !know(g), know, {
    description: 'whenever some live process does not believe in the highest live process (at the start, or after a crash), eventually every live process does',
  });
  return {
    ...p,
    // Said of the state the run returns to for ever, or stops in.
    reason: (g) => {
      const h = highestLive(view, g as GlobalState<L, unknown>);
      const wrong = g.procs.flatMap((s, q) => (liveOf(view, g as GlobalState<L, unknown>, q) && view.leader(s) !== h ? [`P${q} believes in ${view.leader(s) === null ? 'no leader' : `P${view.leader(s)}`}`] : []));
      return `on this run the live processes never all believe in P${h}, the highest live process: ${wrong.join(', ')}`;
    },
  };
}

/** Witness: the first leader crashed, and the election settled on the next. */
export function reElected<L, M>(view: SettlingView<L>): Property<GlobalState<L, M>> {
  return sometimes('re-elected after a crash', (g) => settled(view, g as GlobalState<L, unknown>) && allKnowHighest(view, g as GlobalState<L, unknown>) && highestLive(view, g as GlobalState<L, unknown>) < g.n - 1, 'the highest process crashed and every live process agrees on the next');
}
