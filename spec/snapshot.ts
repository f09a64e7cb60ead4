/**
 * Properties of snapshots, written once for any application wrapped by `withSnapshots`, and
 * checked against the engine's ground truth (systems built with `causality: true`): each
 * process's events, with their true vector timestamps, the messages they sent, the messages they
 * received with their send times, and the local state after each.
 *
 * The cut. Process p's part of the cut is its events before its recording event: the recording
 * event (an `initiate`, or the delivery of its first MARKER) is located in p's history as the
 * first event after which p's state has a recorded local state, and the frontier is its index.
 * A process that has not recorded yet will record later, so all its events so far are inside.
 */
import {
  always,
  atQuiescence,
  concurrent,
  contextOf,
  equalValues,
  explore,
  happensBefore,
  eachProcess,
  keyOf,
  leadsTo,
  show,
  sometimes,
  stable,
  type Checkable,
  type Event,
  type GlobalState,
  type Message,
  type Property,
  type Protocol,
} from 'interleave';
import { recordedGlobalState, type Marker, type RecordedGlobalState, type SnapshotState } from '../src/snapshot/chandy-lamport.ts';

/** The global state of a system running an application wrapped in snapshots. */
export type SnapshotGlobal<L, M> = GlobalState<SnapshotState<L, M>, M | Marker>;

type Ev<L, M> = Event<SnapshotState<L, M>, M | Marker>;

/** Per process, where it recorded in its own history (engine ground truth). */
export interface CutPoint {
  /** Index of the recording event, or -1 if the process has not recorded. */
  readonly at: number;
  /** Events of the process inside the cut: `at`, or all its events so far if it has not recorded. */
  readonly frontier: number;
}

/** Index of p's recording event in its history (the first event after which it has a recorded state), or -1. */
export function recordingIndex<L, M>(evs: readonly Ev<L, M>[]): number {
  for (let i = 0; i < evs.length; i++) if (evs[i].state.recorded !== null) return i;
  return -1;
}

/** Events of p inside the cut: those before its recording event, or all so far if it has not recorded. */
function frontierOf<L, M>(evs: readonly Ev<L, M>[]): number {
  const at = recordingIndex(evs);
  return at < 0 ? evs.length : at;
}

/** Locates every process's recording event in the engine's event histories. */
export function cutOf<L, M>(g: SnapshotGlobal<L, M>): CutPoint[] {
  const r: CutPoint[] = [];
  for (let p = 0; p < g.n; p++) {
    const at = recordingIndex(g.events[p]);
    r.push({ at, frontier: at < 0 ? g.events[p].length : at });
  }
  return r;
}

const isMarker = (m: { readonly type: string }): boolean => m.type === 'MARKER';

/** The recording event is one the algorithm records in: an `initiate`, or the delivery of a MARKER. */
function isRecordingEvent<L, M>(e: Ev<L, M>): boolean {
  return (e.kind === 'local' && e.action === 'initiate') || (e.kind === 'receive' && e.action === 'MARKER');
}

/**
 * The recorded cut is consistent. For every process that has recorded: its history has a
 * recording event at the index it claims (`recordedAt`), and what it recorded is exactly its
 * application state just before that event; and the cut is closed under happens-before: no
 * event outside the cut happened before an event inside it (by the engine's vector timestamps).
 * Equivalently (Definition 2 of the notes): no message is recorded as received that was not sent
 * inside the cut.
 *
 * Closure is checked at the frontier: for each process p, with last event e inside the cut, and
 * each other process q whose cut excludes its events from index f on, the first excluded event
 * q[f] must not happen before e (`happensBefore` on the engine's vector timestamps). Later events
 * of q follow q[f], and earlier events of p precede e, so this covers every pair. A process that
 * has not recorded yet has all its events so far inside the cut (it records later), so a message
 * it has received that was sent after its sender's snapshot already makes the cut inconsistent.
 */
export function consistentCut<L, M extends Message>(app: Protocol<L, M>): Property<SnapshotGlobal<L, M>> {
  const initial: L[][] = [];
  const initialOf = (p: number, n: number): L => (initial[n] ??= Array.from({ length: n }, (_, i) => app.init(contextOf(i, n))))[p];
  return always(
    'consistent cut',
    (g) => {
      for (let p = 0; p < g.n; p++) {
        const s = g.procs[p];
        if (s.recorded === null) continue; // recorded states are never dropped, so no earlier event recorded either
        const evs = g.events[p];
        const at = recordingIndex(evs);
        if (at < 0 || at !== s.recordedAt || !isRecordingEvent(evs[at])) return false;
        if (!equalValues(at > 0 ? evs[at - 1].state.app : initialOf(p, g.n), s.recorded)) return false;
      }
      return closedUnderHappensBefore(g);
    },
    'the processes record at a cut closed under happens-before (engine ground truth), each recording its own state at that point',
    (g) => {
      for (let p = 0; p < g.n; p++) {
        const s = g.procs[p];
        if (s.recorded === null) continue;
        const evs = g.events[p];
        const at = recordingIndex(evs);
        if (at < 0 || at !== s.recordedAt || !isRecordingEvent(evs[at])) return `P${p} claims to have recorded at its event ${s.recordedAt}, but its history records at ${at < 0 ? 'no event' : `event ${at} (${evs[at].action})`}`;
        const truth = at > 0 ? evs[at - 1].state.app : initialOf(p, g.n);
        if (!equalValues(truth, s.recorded)) return `P${p} recorded ${show(s.recorded)}, but its state at the recording point was ${show(truth)}`;
      }
      return orphanReason(g) ?? 'the recorded cut is not closed under happens-before';
    },
  );
}

/** "recorded cut contains P0's receive of TRANSFER(amount=1) from P2 but not P2's send": a message received inside the cut and sent outside it. */
function orphanReason<L, M>(g: SnapshotGlobal<L, M>): string | undefined {
  const fr = Array.from({ length: g.n }, (_, p) => frontierOf(g.events[p]));
  for (let p = 0; p < g.n; p++) {
    for (let i = 0; i < fr[p]; i++) {
      const r = g.events[p][i].received;
      if (!r) continue;
      if (r.sentAt[r.from] - 1 >= fr[r.from]) return `recorded cut contains P${p}'s receive of ${show(r.msg)} from P${r.from} (its event ${i}) but not P${r.from}'s send (its event ${r.sentAt[r.from] - 1}, after it recorded)`;
    }
  }
  return undefined;
}

/** The cut is closed under happens-before (checked at the frontier; see `consistentCut`). */
function closedUnderHappensBefore<L, M>(g: SnapshotGlobal<L, M>): boolean {
  for (let p = 0; p < g.n; p++) {
    const evs = g.events[p];
    const f = frontierOf(evs);
    if (f === 0) continue;
    const last = evs[f - 1];
    for (let q = 0; q < g.n; q++) {
      if (q === p) continue;
      const evq = g.events[q];
      const fq = frontierOf(evq);
      if (fq < evq.length && happensBefore(evq[fq], last)) return false;
    }
  }
  return true;
}

/**
 * Ground truth for channel q→p: the application messages q sent to p inside the cut that p did
 * not receive inside the cut, in send order. A delivery is matched to its send by the send
 * event's index, which is its timestamp's own entry: sentAt[q] - 1.
 */
export function crossingMessages<L, M extends Message>(g: SnapshotGlobal<L, M>, q: number, p: number): (M | Marker)[] {
  const evq = g.events[q];
  const evp = g.events[p];
  const fq = frontierOf(evq);
  const fp = frontierOf(evp);
  const sent: { msg: M | Marker; at: number }[] = [];
  for (let i = 0; i < fq; i++) {
    for (const x of evq[i].sent) if (x.to === p && !isMarker(x.msg)) sent.push({ msg: x.msg, at: i });
  }
  for (let i = 0; i < fp && sent.length; i++) {
    const r = evp[i].received;
    if (!r || r.from !== q || isMarker(r.msg)) continue;
    const at = r.sentAt[q] - 1;
    const j = sent.findIndex((x) => x.at === at && equalValues(x.msg, r.msg));
    if (j >= 0) sent.splice(j, 1);
  }
  return sent.map((x) => x.msg);
}

/** The same messages, counted with multiplicity, in any order. */
function sameMultiset(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  if (a.length === 0) return true;
  const used = new Array<boolean>(b.length).fill(false);
  for (const x of a) {
    let found = false;
    for (let j = 0; j < b.length && !found; j++) {
      if (!used[j] && equalValues(x, b[j])) found = used[j] = true;
    }
    if (!found) return false;
  }
  return true;
}

/**
 * Each recorded channel state (a channel whose marker has arrived) is exactly the messages sent
 * before the sender's snapshot and received after the receiver's (compared as multisets).
 */
export function channelStates<L, M extends Message>(): Property<SnapshotGlobal<L, M>> {
  return always(
    'channel states',
    (g) => channelBreach(g) === null,
    'each closed channel q→p holds exactly the messages q sent before its snapshot that p had not received by its own',
    (g) => channelBreach(g) ?? undefined,
  );
}

/** Why a closed recorded channel is wrong, or null. */
function channelBreach<L, M extends Message>(g: SnapshotGlobal<L, M>): string | null {
  for (let p = 0; p < g.n; p++) {
    const s = g.procs[p];
    if (s.recorded === null) continue;
    for (let q = 0; q < g.n; q++) {
      if (q === p || !s.markers[q]) continue;
      if (g.procs[q].recorded === null) return `P${p} has a marker from P${q}, which has not recorded`;
      const truth = crossingMessages(g, q, p);
      if (!sameMultiset(s.channels[q], truth)) return `P${p} recorded channel P${q}→P${p} as ${show(s.channels[q])}, but the messages P${q} sent before its snapshot and P${p} had not received by its own are ${show(truth)}`;
    }
  }
  return null;
}

/** How the conservation property reads the application. */
export interface ConservationView<L, M extends Message> {
  /** The application's initial states give the total: the sum of their values. */
  readonly app: Protocol<L, M>;
  /** The value a local state holds (a branch's balance). */
  readonly value: (s: L) => number;
  /** The value a message carries (a transfer's amount). */
  readonly amount: (m: M) => number;
}

/** The value in a recorded global state: recorded local states plus recorded channels. */
export function recordedTotal<L, M extends Message>(r: RecordedGlobalState<L, M>, view: Pick<ConservationView<L, M>, 'value' | 'amount'>): number {
  let t = 0;
  for (const s of r.procs) t += view.value(s);
  for (const row of r.channels) for (const ch of row) for (const m of ch) t += view.amount(m);
  return t;
}

/** Conservation: once every process has completed, recorded values plus recorded in-channel amounts equal the total. */
export function conservation<L, M extends Message>(view: ConservationView<L, M>): Property<SnapshotGlobal<L, M>> {
  const totals: number[] = [];
  const totalOf = (n: number): number => (totals[n] ??= Array.from({ length: n }, (_, p) => view.value(view.app.init(contextOf(p, n)))).reduce((a, b) => a + b, 0));
  return always(
    'conservation',
    (g) => {
      const r = recordedGlobalState(g.procs);
      return r === null || recordedTotal(r as RecordedGlobalState<L, M>, view) === totalOf(g.n);
    },
    'a completed snapshot holds the whole total: recorded balances plus recorded in-channel amounts',
    (g) => {
      const r = recordedGlobalState(g.procs) as RecordedGlobalState<L, M> | null;
      if (r === null) return undefined;
      const balances = r.procs.map((s) => view.value(s));
      const inFlight = r.channels.flatMap((row) => row.flatMap((ch) => ch.map((m) => view.amount(m))));
      return `the completed snapshot holds ${recordedTotal(r, view)} (balances ${balances.join(' + ')}${inFlight.length ? `, in channels ${inFlight.join(' + ')}` : ', nothing in channels'}), not the total ${totalOf(g.n)}`;
    },
  );
}

/** The recorded global state is a reachable state of the application running on its own. */
export function recordedStateReachable<L, M>(isReachable: (r: RecordedGlobalState<L, M>) => boolean): Property<SnapshotGlobal<L, M>> {
  return always(
    'recorded state reachable',
    (g) => {
      const r = recordedGlobalState(g.procs);
      return r === null || isReachable(r as RecordedGlobalState<L, M>);
    },
    'a completed snapshot is a state the application alone can reach (it could have occurred)',
    (g) => {
      const r = recordedGlobalState(g.procs);
      return r === null ? undefined : `the recorded global state (processes ${show(r.procs)}; channels ${show(r.channels)}) is not a state the application alone can reach`;
    },
  );
}

/** Termination: wherever no step is enabled, every process has completed its snapshot. */
export function termination<L, M>(): Property<SnapshotGlobal<L, M>> {
  return atQuiescence(
    'termination',
    (g) => g.procs.every((s) => s.complete),
    'in every state with no enabled step, every process has recorded and has a marker from every incoming channel',
    (g) => `no step is enabled, and the snapshot is not complete: ${incomplete(g)}`,
  );
}

/** Who has not completed, and why: `P2 never recorded; P0 waits for a marker from P1`. */
function incomplete<L, M>(g: SnapshotGlobal<L, M>): string {
  return g.procs
    .flatMap((s, p) => {
      if (s.recorded === null) return [`P${p} never recorded`];
      const missing = s.markers.flatMap((m, q) => (q !== p && !m ? [`P${q}`] : []));
      if (missing.length) return [`P${p} waits for a marker from ${missing.join(', ')}`];
      return [];
    })
    .join('; ');
}

/**
 * Liveness: every initiated snapshot completes. Once some process has initiated, every process
 * eventually records and has a marker from every incoming channel (per process: instance i is
 * "Pi completes"). Checked under the system's fairness: over a reliable FIFO network a channel
 * that holds a marker is eventually delivered (weak fairness), which is what the algorithm needs;
 * the application's own steps are not required to stop. `termination` says the same at
 * quiescence only, so this is the property for an application that runs for ever.
 */
export function everySnapshotCompletes<L, M>(): Property<SnapshotGlobal<L, M>> {
  const p = leadsTo<SnapshotGlobal<L, M>>(
    'every initiated snapshot completes',
    (g) => g.procs.some((s) => s.recordedOn === 'initiate'),
    (g, i) => g.procs[i].complete,
    { ...eachProcess, description: 'once a process has initiated a snapshot, every process eventually records and has a marker from every incoming channel (per process)' },
  );
  // Said of the state the lasso returns to (or the stuck state): what stays missing for ever.
  return { ...p, reason: (g) => `a snapshot was initiated, and on this run it never completes: ${incomplete(g)}` };
}

/** Witness: every process has completed its snapshot. */
export function snapshotCompleted<L, M>(): Property<SnapshotGlobal<L, M>> {
  return sometimes('snapshot completed', (g) => recordedGlobalState(g.procs) !== null, 'every process has recorded and has a marker from every incoming channel');
}

/** Witness: two processes initiate, at concurrent events (engine ground truth). */
export function concurrentInitiators<L, M>(): Property<SnapshotGlobal<L, M>> {
  return sometimes(
    'concurrent initiators',
    (g) => {
      const cut = cutOf(g);
      const inits = cut.flatMap((c, p) => (c.at >= 0 && g.procs[p].recordedOn === 'initiate' ? [g.events[p][c.at]] : []));
      return inits.some((a, i) => inits.some((b, j) => j > i && concurrent(a, b)));
    },
    'two processes initiate snapshots at concurrent events',
  );
}

/** Witness: a completed snapshot records a message in flight. */
export function inFlightRecorded<L, M>(): Property<SnapshotGlobal<L, M>> {
  return sometimes(
    'message in flight recorded',
    (g) => recordedGlobalState(g.procs) !== null && g.procs.some((s) => s.channels.some((c) => c.length > 0)),
    'a completed snapshot has a non-empty recorded channel',
  );
}

/**
 * Every snapshot property, for an application whose values are conserved. Why each one is stable (`stable(…)`, checker/model.ts: a violation, a witness or a
 * liveness predicate once shown stays shown), for a layer that, as Chandy–Lamport does, records
 * once and keeps what it recorded (`recorded`, `recordedAt`, `recordedOn`, a closed channel's
 * record and `markers` never change once set; `complete` never goes back), over histories that
 * only grow:
 *
 * - consistent cut: a recorded process's check reads only what it fixed when it recorded and its
 *   history up to then; an excluded event q[f] of a recorded q is fixed, and the last event inside
 *   an unrecorded p's cut only moves later, so q[f] → p's last stays true (happens-before is
 *   transitive along p's history) and is kept when p records (its recording event comes after);
 * - channel states: a closed channel q→p has both ends recorded: its record and its truth (read
 *   up to both frontiers) are fixed;
 * - conservation, recorded state reachable, snapshot completed, message in flight recorded: they
 *   read the recorded global state, which exists once every process is complete and is fixed;
 * - concurrent initiators: the initiators' recording events, once both exist, are fixed;
 * - every initiated snapshot completes: "some process initiated" and "Pi is complete" once true
 *   stay true.
 *
 * The mutants whose layer breaks these (a process that forgets what it recorded) must not declare
 * them stable: checker/reduce/por.ts would then miss what the full search finds.
 */
export function snapshotProperties<L, M extends Message>(
  view: ConservationView<L, M> & { readonly isReachable: (r: RecordedGlobalState<L, M>) => boolean },
): Property<SnapshotGlobal<L, M>>[] {
  // Stable (see above), which lets `--por` reduce although they read every event; `termination`
  // is read at quiescence only.
  return [
    stable(consistentCut(view.app)),
    stable(channelStates<L, M>()),
    stable(conservation(view)),
    stable(recordedStateReachable(view.isReachable)),
    termination<L, M>(),
    stable(everySnapshotCompletes<L, M>()),
    stable(concurrentInitiators<L, M>()),
    stable(inFlightRecorded<L, M>()),
  ];
}



// ---- the application's own reachable states ------------------------------------------------------

/** A bag's canonical text: its members' keys, sorted. */
const sortedKeys = (ms: readonly unknown[]): string => ms.map(keyOf).sort().join('|');

/**
 * The canonical key of a global state of the application: local states and channels[from][to].
 * Channel contents keep their order if `ordered`, else are sorted (a bag).
 */
export function globalKey<L, M>(procs: readonly L[], channels: readonly (readonly (readonly M[])[])[], ordered: boolean): string {
  const chans = channels.map((row, from) => row.map((c, to) => (from === to ? '' : ordered ? keyOf(c) : sortedKeys(c))));
  return keyOf([procs, chans]);
}

/**
 * Explores `app` (a system of the application alone, without causality) and returns the keys of
 * its reachable global states. State mapping: the engine's decoded state gives P0 … P{n-1} (the
 * local state plus engine fields such as `used`, which `project` drops: the workload counters
 * are functions of the local state) and 'P{from}→P{to}' (messages in flight, send order).
 */
export function reachableGlobalStates<L>(app: Checkable, n: number, project: (decodedLocal: Record<string, unknown>) => L, ordered: boolean): ReadonlySet<string> {
  const keys = new Set<string>();
  const report = explore(app, {
    // A state where the application is stuck is still one of its states (not our concern here).
    checkDeadlock: false,
    onState: (st) => {
      const d = st as Record<string, unknown>;
      const procs = Array.from({ length: n }, (_, p) => project(d[`P${p}`] as Record<string, unknown>));
      const channels = Array.from({ length: n }, (_, from) => Array.from({ length: n }, (_, to) => (from === to ? [] : (d[`P${from}→P${to}`] as readonly unknown[]))));
      keys.add(globalKey(procs, channels, ordered));
    },
  });
  if (report.verdict !== 'pass') throw new Error(`the application alone did not explore completely: ${report.model} gave ${report.verdict} after ${report.distinctStates} states`);
  return keys;
}

// ---- showing the cut ---------------------------------------------------------------------------

/**
 * The cut in words, one line per process: where it recorded (its event index, and what the
 * event was), what it recorded, and each incoming channel's recorded messages (closed once its
 * marker has arrived, open while still recording).
 */
export function describeCut<L, M>(procs: readonly SnapshotState<L, M>[]): string {
  const n = procs.length;
  return procs
    .map((s, p) => {
      if (s.recorded === null) return `P${p} has not recorded (${s.events} event${s.events === 1 ? '' : 's'} so far, all inside the cut)`;
      const chans = Array.from({ length: n }, (_, q) => q)
        .filter((q) => q !== p)
        .map((q) => `P${q}→P${p} ${show(s.channels[q])}${s.markers[q] ? ' (closed)' : ' (still recording)'}`)
        .join(', ');
      return `P${p} recorded ${show(s.recorded)} at its event ${s.recordedAt} (${s.recordedOn})${s.complete ? ', complete' : ''}; channels: ${chans}`;
    })
    .join('\n');
}

/** `describeCut` of a trace step's state (the plain data of `TraceStep.state`: P0 … P{n-1}, channels). */
export function describeCutOf(state: unknown): string {
  const d = state as Record<string, unknown>;
  const procs: SnapshotState<unknown, unknown>[] = [];
  for (let p = 0; `P${p}` in d; p++) procs.push(d[`P${p}`] as SnapshotState<unknown, unknown>);
  return describeCut(procs);
}
