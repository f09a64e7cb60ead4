/**
 * The Chandy–Lamport snapshot algorithm, as a layer around any application protocol.
 * K. M. Chandy and L. Lamport, "Distributed snapshots: determining global states of distributed
 * systems", ACM TOCS 3(1), 1985. Lecture notes: "Observing consistent cuts".
 *
 * The notes' rules, one transition each:
 * - an initiator records its local state and floods a marker M on every outgoing channel;
 * - if Pi receives M from Pj and has yet to record: it "pauses all communication", records its
 *   local state, "sets Cij to {}", sends M to all others and starts recording every other incoming
 *   channel Cik = { messages received from Pk after the local snapshot } (the notes index a channel
 *   into Pi by receiver, then sender);
 * - if Pi receives M from Pk after it has recorded: it "Stops recording Cik";
 * - the global snapshot is all local snapshots and all Cij. A process is done when it has a
 *   marker from every incoming channel.
 * Pausing all communication is modelled by atomicity: the recording step also sends the markers,
 * so no application message can leave a process between its snapshot and its markers. The notes:
 * "Assumes reliable, in-order messages, & no failures".
 *
 * `withSnapshots(app, options)` leaves the application's own behaviour unchanged: its local actions
 * keep their names and guards, its handlers receive its own messages (the layer only looks at
 * them, to record them), and its sends pass through. The layer adds the `initiate` local action,
 * the `MARKER` message, and the recorded snapshot to each local state, so a counterexample's step
 * changes show where each process recorded and what it recorded on which channel.
 */
import { layer, type Context, type Message, type Protocol, type Send, type Step } from '../protocol.ts';

/** The marker: never seen by the application. */
export interface Marker {
  readonly type: 'MARKER';
}

/** The one marker value. */
export const MARKER: Marker = Object.freeze({ type: 'MARKER' as const });

/** What the recording was triggered by. */
export type RecordedOn = 'initiate' | `MARKER from P${number}`;

/** A process's state: the application's state and this process's part of the snapshot. */
export interface SnapshotState<L, M> {
  /** The application's own local state (live: it keeps changing after the snapshot). */
  readonly app: L;
  /**
   * Events this process has taken before it recorded (local actions and deliveries, as the
   * engine numbers them); counting stops when it records, so afterwards this is the cut's
   * frontier on this process: its first `events` events are inside the cut.
   */
  readonly events: number;
  /** The recorded local state (the application's state just before the recording event); null before. */
  readonly recorded: L | null;
  /** Index (from 0) among this process's events of the recording event; null before it records. */
  readonly recordedAt: number | null;
  /** The recording event: `initiate`, or the first marker and its sender; null before it records. */
  readonly recordedOn: RecordedOn | null;
  /** markers[q]: the marker from q has arrived, so channel q→self is closed (false for self). */
  readonly markers: readonly boolean[];
  /** channels[q]: application messages recorded on channel q→self, in arrival order ([] for self). */
  readonly channels: readonly (readonly M[])[];
  /** This process has recorded and has a marker from every incoming channel. */
  readonly complete: boolean;
}

export interface SnapshotOptions<L = unknown> {
  /** The processes that may initiate (each once, and only if no marker has made it record first). */
  readonly initiators: readonly number[];
  /**
   * When an initiator may initiate, given its application state (default: at any time). The
   * application's own choice of when to take a snapshot, e.g. "at the end of the day".
   */
  readonly mayInitiate?: (app: L, ctx: Context) => boolean;
  /**
   * Count each process's events before it records (`events`, `recordedAt`: the cut's frontier,
   * which the snapshot properties check against the engine's ground truth). Default true. An
   * application that runs for ever (a cyclic state space, for liveness) turns it off: the count
   * would make its states infinite; `events` and `recordedAt` then stay 0.
   */
  readonly countEvents?: boolean;
}

/** Index-wise replacement in a frozen-friendly way. */
function replaced<T>(xs: readonly T[], i: number, x: T): readonly T[] {
  const r = xs.slice();
  r[i] = x;
  return r;
}

/** A marker on every outgoing channel. */
export function markersTo(ctx: Context): Send<Marker>[] {
  return ctx.others.map((to) => ({ to, msg: MARKER }));
}

/** Has a marker from every other process. */
function allMarkers(markers: readonly boolean[], ctx: Context): boolean {
  return ctx.others.every((q) => markers[q]);
}

/** The local snapshot layer around `app`. Application message types must not be `MARKER`. */
export function withSnapshots<L, M extends Message>(app: Protocol<L, M>, options: SnapshotOptions<L>): Protocol<SnapshotState<L, M>, M | Marker> {
  const initiators = options.initiators;
  const mayInitiate = options.mayInitiate ?? (() => true);
  const countEvents = options.countEvents ?? true;
  if ('MARKER' in app.handlers) throw new Error(`withSnapshots: ${app.name} has its own MARKER message type; the snapshot layer needs that name`);
  if ('initiate' in app.actions) throw new Error(`withSnapshots: ${app.name} has its own local action 'initiate'; the snapshot layer needs that name`);
  type S = SnapshotState<L, M>;
  type W = M | Marker;

  /** Records the local state in this event (the event numbered s.events) and sends the markers; `from` is the first marker's sender. */
  const record = (s: S, ctx: Context, from: number | null): Step<S, W> => {
    const markers = from === null ? s.markers : replaced(s.markers, from, true);
    const state: S = {
      ...s,
      recorded: s.app,
      recordedAt: s.events,
      recordedOn: from === null ? 'initiate' : `MARKER from P${from}`,
      markers,
      complete: allMarkers(markers, ctx),
    };
    return { state, send: markersTo(ctx) };
  };

  return layer<L, M, S, W>(app, {
    name: `${app.name}+chandy-lamport`,
    init: (inner, ctx) => ({
      app: inner,
      events: 0,
      recorded: null,
      recordedAt: null,
      recordedOn: null,
      markers: Array.from({ length: ctx.n }, () => false),
      channels: Array.from({ length: ctx.n }, () => []),
      complete: false,
    }),
    inner: (s) => s.app,
    /**
     * The application took a step, unchanged (its actions keep their guards, its handlers get its
     * own messages). Before the recording the step counts towards the cut; after it, a message
     * delivered on a channel still being recorded is recorded.
     */
    after: (s, res, ev) => {
      let state: S = { ...s, app: res.state };
      if (s.recorded === null) {
        if (countEvents) state = { ...state, events: s.events + 1 };
      }
      else if (ev.kind === 'receive' && !s.markers[ev.from]) {
        state = { ...state, channels: replaced(s.channels, ev.from, [...s.channels[ev.from], ev.msg]) };
      }
      return res.send && res.send.length ? { state, send: res.send } : { state };
    },
    actions: {
      /** An initiator records its local state and sends a marker on every outgoing channel. */
      initiate: {
        guard: (s, ctx) => s.recorded === null && initiators.includes(ctx.self) && mayInitiate(s.app, ctx),
        run: (s, ctx) => record(s, ctx, null),
      },
    },
    handlers: {
      /** First marker: record, close this channel (empty), flood markers. Later marker: stop recording its channel. */
      MARKER: (s, _msg, from, ctx) => {
        if (s.recorded === null) return record(s, ctx, from);
        const markers = replaced(s.markers, from, true);
        return { state: { ...s, markers, complete: allMarkers(markers, ctx) } };
      },
    },
    isDone: (s, appDone) => appDone && s.complete,
  });
}

/** The recorded global state: recorded local states, and channels[from][to] as recorded by `to`. */
export interface RecordedGlobalState<L, M> {
  readonly procs: readonly L[];
  readonly channels: readonly (readonly (readonly M[])[])[];
}

/** The snapshot assembled from every process's records, or null if some process has not completed. */
export function recordedGlobalState<L, M>(procs: readonly SnapshotState<L, M>[]): RecordedGlobalState<L, M> | null {
  if (!procs.every((s) => s.complete)) return null;
  const n = procs.length;
  return {
    procs: procs.map((s) => s.recorded as L),
    channels: Array.from({ length: n }, (_, from) => Array.from({ length: n }, (_, to) => (from === to ? [] : procs[to].channels[from]))),
  };
}
