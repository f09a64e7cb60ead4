/**
 * The snapshot family's mutants: each an override of the Chandy–Lamport layer (src/snapshot/),
 * of the bank, or of the network, with the rule it breaks. Each must fail as models/manifest.json
 * says.
 */
import { fifo, step, unordered, type Checkable, type Context, type Protocol, type Step } from 'interleave';
import { bank, type BankState, type Transfer } from '../../src/snapshot/bank.ts';
import { markersTo, type Marker, type SnapshotState } from '../../src/snapshot/chandy-lamport.ts';
import { bundledModel } from '../manifest.ts';
import correct, { snapshotSystem, type Layered, type SnapshotParams } from './chandy-lamport.ts';
import * as tokens from './chandy-lamport-tokens.ts';
import { tokensSnapshotSystem, type LayeredTokens, type TokensParams } from './chandy-lamport-tokens.ts';

type S = SnapshotState<BankState, Transfer>;
type W = Transfer | Marker;
type Handler<T> = (s: T, msg: W, from: number, ctx: Context) => Step<T, W>;

/** `p` with every handler of the application's messages (not MARKER) replaced by `wrap(h)`. */
function wrapAppHandlers(p: Layered, wrap: (h: Handler<S>) => Handler<S>): Layered {
  const hs = p.handlers as unknown as Record<string, Handler<S>>;
  return { ...p, handlers: Object.fromEntries(Object.entries(hs).map(([t, h]) => [t, t === 'MARKER' ? h : wrap(h)])) as unknown as Layered['handlers'] };
}

const mutant = (name: string, description: string, params: SnapshotParams | typeof correct.params, build: (p: SnapshotParams) => Checkable, network = correct.network) =>
  bundledModel<SnapshotParams>({ name, family: 'snapshot', description, params: params as typeof correct.params, network, mutantOf: 'chandy-lamport', build });

/** Channels are not FIFO, so a message sent after a snapshot can overtake the marker sent before it. */
export const chandyLamportUnordered = mutant(
  'chandy-lamport-unordered',
  'Broken Chandy–Lamport: unordered channels (the algorithm assumes FIFO), so an application message can overtake a marker',
  correct.params,
  // Breaks the algorithm's assumption of FIFO channels.
  (p) => snapshotSystem(p, { network: unordered }),
  'unordered',
);

/** Channels stay FIFO but may lose a message in flight, a marker or a transfer. */
export const chandyLamportLossy = mutant(
  'chandy-lamport-lossy',
  'Broken Chandy–Lamport: FIFO channels that may lose messages, though it "Assumes reliable,  in-order messages, & no failures"',
  correct.params,
  // Breaks "Assumes reliable,  in-order messages, & no failures": a message in flight may be lost.
  (p) => snapshotSystem(p, { network: { ...fifo, lossy: true } }),
  'fifo, lossy',
);

/** One process may crash-stop: its markers, and its part of the snapshot, may never come. */
export const chandyLamportCrash = mutant(
  'chandy-lamport-crash',
  'Broken Chandy–Lamport: one process may crash-stop, though it "Assumes reliable,  in-order messages, & no failures"',
  correct.params,
  // Breaks "Assumes reliable,  in-order messages, & no failures": one process may crash.
  (p) => snapshotSystem(p, { crashes: 1 }),
);

/** Processes record their local states but not their incoming channels, so money in flight is lost from the snapshot. */
export const chandyLamportNoChannelRecording = mutant(
  'chandy-lamport-no-channel-recording',
  'Broken Chandy–Lamport: channel states are not recorded (messages in flight at the cut are missing from the snapshot)',
  correct.params,
  // Breaks the notes' "starts recording Cik = { set of all post local snapshot messages received from Pk }": channels stay as they were.
  (p) => snapshotSystem(p, { layer: (l) => wrapAppHandlers(l, (h) => (s, msg, from, ctx) => { const r = h(s, msg, from, ctx); return { ...r, state: { ...r.state, channels: s.channels } }; }) }),
);

/** `msg` from `from` appended to the channel from→self as `r` leaves it. */
const recordedToo = (r: Step<S, W>, msg: W, from: number): Step<S, W> => ({ ...r, state: { ...r.state, channels: r.state.channels.map((c, q) => (q === from ? [...c, msg as Transfer] : c)) } });

/**
 * The channel on which the first marker came (Cij, from the process Pj whose marker made Pi
 * record) is not left empty: Pi records the messages Pj sends on it afterwards, which Pj sent
 * after its own snapshot. FIFO channels are what make Cij empty: everything Pj sent before its
 * snapshot arrived before its marker.
 */
export const recordsFirstChannel = (l: Layered): Layered =>
  wrapAppHandlers(l, (h) => (s, msg, from, ctx) => {
    const r = h(s, msg, from, ctx);
    // Breaks "sets Cij to {}": the channel of the first marker records what arrives on it afterwards.
    return s.recordedOn === `MARKER from P${from}` ? recordedToo(r, msg, from) : r;
  });

export const chandyLamportRecordsFirstChannel = mutant(
  'chandy-lamport-records-first-channel',
  'Broken Chandy–Lamport: on its first marker, from Pj, a process does not keep to "sets Cij to {}": it records what Pj sends afterwards',
  correct.params,
  (p) => snapshotSystem(p, { layer: recordsFirstChannel }),
);

/**
 * A later marker from Pk closes channel Cik for completion, but Pi goes on recording what
 * arrives on it: messages Pk sent after its own snapshot.
 */
export const keepsRecording = (l: Layered): Layered =>
  wrapAppHandlers(l, (h) => (s, msg, from, ctx) => {
    const r = h(s, msg, from, ctx);
    // Breaks "Stops recording Cik": after Pk's marker, Pi still records what arrives from Pk.
    return s.recorded !== null && s.markers[from] && s.recordedOn !== `MARKER from P${from}` ? recordedToo(r, msg, from) : r;
  });

export const chandyLamportKeepsRecording = mutant(
  'chandy-lamport-keeps-recording',
  'Broken Chandy–Lamport: after M from Pk a process never "Stops recording Cik", so what Pk sends after its snapshot enters the snapshot',
  correct.params,
  (p) => snapshotSystem(p, { layer: keepsRecording }),
);

/** Recorded, with the markers still to send (the mutant's own field). */
type Late = S & { readonly markersOwed: boolean };

/**
 * A process records in one step and sends its markers in a later one, so it can resume
 * application sends in between, and a message sent after its snapshot reaches a neighbour before
 * the marker that should have closed the channel.
 */
export function lateMarkers(l: Layered): Protocol<Late, W> {
  const p = l as unknown as Protocol<Late, W>;
  const handlers = p.handlers as unknown as Record<string, Handler<Late>>;
  /** The step that records sends no markers: they are owed. */
  const defer = (s: Late, r: Step<Late, W>): Step<Late, W> => (s.recorded === null && r.state.recorded !== null ? { state: { ...r.state, markersOwed: true } } : r);
  return {
    ...p,
    init: (ctx) => ({ ...p.init(ctx), markersOwed: false }),
    actions: {
      ...p.actions,
      initiate: { ...p.actions.initiate, run: (s, ctx) => defer(s, p.actions.initiate.run(s, ctx)) },
      /** The markers owed since the recording go out now. */
      sendMarkers: { guard: (s) => s.markersOwed, run: (s, ctx) => ({ state: { ...s, markersOwed: false }, send: markersTo(ctx) }) },
    },
    handlers: { ...handlers, MARKER: (s: Late, msg: W, from: number, ctx: Context) => defer(s, handlers.MARKER(s, msg, from, ctx)) } as unknown as Protocol<Late, W>['handlers'],
    isDone: (s, ctx) => (p.isDone ? p.isDone(s, ctx) : true) && !s.markersOwed,
  };
}

export const chandyLamportLateMarkers = mutant(
  'chandy-lamport-late-markers',
  'Broken Chandy–Lamport: markers are sent in a later step than the recording, after application sends may have resumed',
  correct.params,
  // Breaks the notes' "It pauses all communication, takes local snapshot & sets Cij to {}": the markers go out in a later step than the recording.
  (p) => snapshotSystem(p, { layer: lateMarkers }),
);

/**
 * A process that records on its first marker does not send markers itself, so the others wait
 * for ever for a marker on its channels (termination fails). Its default bank is idle
 * (transfers=0), so that the shortest counterexample is the one this mutant is about:
 * termination. With transfers the shortest counterexample comes earlier and is an inconsistent
 * cut (a non-forwarding process's later transfers reach a process that has not recorded yet,
 * unannounced by any marker); test/snapshot pins both.
 */
export const noForwarding = (l: Layered): Layered => ({
  ...l,
  // Breaks the notes' "Then sends M to all other processes Pk": only initiators send markers.
  handlers: { ...l.handlers, MARKER: (s, msg, from, ctx) => ({ state: l.handlers.MARKER(s, msg, from, ctx).state }) },
});

export const chandyLamportNoForwarding = mutant(
  'chandy-lamport-no-forwarding',
  'Broken Chandy–Lamport: a process that records on a marker does not forward markers, so snapshots never complete',
  { ...correct.params, transfers: { ...correct.params.transfers, default: 0 } } as typeof correct.params,
  (p) => snapshotSystem(p, { layer: noForwarding }),
);

/**
 * In the application: every credited transfer loses a fee of 1 that goes nowhere. The snapshot
 * algorithm is right, so the cut is consistent, the channels are right and the recorded state is
 * one the (leaky) bank can reach; conservation is what catches it — the use of snapshots the notes
 * name first ("distributed debugging").
 */
export const leakyBank = (balance: number): Protocol<BankState, Transfer> => ({
  ...bank({ balance }),
  name: 'leaky-bank',
  // Breaks the bank's rule: credit the amount; a fee of 1 vanishes on every credit.
  handlers: { TRANSFER: (s, msg) => step({ ...s, balance: s.balance + msg.amount - 1 }) },
});

export const chandyLamportLeakyBank = mutant(
  'chandy-lamport-leaky-bank',
  'Chandy–Lamport around a broken bank that loses a fee of 1 on every credit: the snapshot shows money missing',
  correct.params,
  (p) => snapshotSystem(p, { app: leakyBank }),
);

/**
 * The layer wraps the application's local actions but forgets their guards, so a branch can
 * transfer money it does not have. Money is still conserved, the cut is consistent and the
 * channels are right: only "the recorded state could have occurred" catches it, because the bank
 * on its own never overdraws. Its default balance is 1, so that the guard matters (with 10 it
 * never blocks).
 */
export const ignoresGuards = (l: Layered): Layered => ({
  ...l,
  // Breaks the rule: the application's behaviour is unchanged; its local actions lose their guards.
  actions: Object.fromEntries(Object.entries(l.actions).map(([name, a]) => [name, name === 'initiate' ? a : { ...a, guard: () => true }])),
});

export const chandyLamportIgnoresGuards = mutant(
  'chandy-lamport-ignores-guards',
  "Broken Chandy–Lamport layer that drops the application's guards: a branch overdraws, a state the bank alone never reaches",
  { ...correct.params, balance: { ...correct.params.balance, default: 1 } } as typeof correct.params,
  (p) => snapshotSystem(p, { layer: ignoresGuards }),
);

/** The markers a recording step sends, minus the one to its predecessor on the ring (a channel the token ring never uses). */
function skipPredecessor<L, M extends { readonly type: string }>(r: Step<L, M>, ctx: Context): Step<L, M> {
  const pred = (ctx.self + ctx.n - 1) % ctx.n;
  return r.send ? { ...r, send: r.send.filter((x) => !(x.msg.type === 'MARKER' && x.to === pred)) } : r;
}

/**
 * On the token ring that runs for ever (chandy-lamport-tokens): a recording process sends markers
 * only where the application sends messages, and skips the channel back to its predecessor on
 * the ring, which never carries a token. The predecessor waits for ever for a marker on that
 * channel. Nothing is ever quiescent, so `termination` cannot see it: the liveness check finds a
 * fair cycle (the tokens go round, the snapshot never completes). n ≥ 3 (with two processes the
 * predecessor is the successor).
 */
export const skipsChannel = (l: LayeredTokens): LayeredTokens => ({
  ...l,
  actions: { ...l.actions, initiate: { ...l.actions.initiate, run: (s, ctx) => skipPredecessor(l.actions.initiate.run(s, ctx), ctx) } },
  // Breaks the rule: send M on every outgoing channel; the channel to its predecessor, idle, gets no marker.
  handlers: { ...l.handlers, MARKER: (s, msg, from, ctx) => skipPredecessor(l.handlers.MARKER(s, msg, from, ctx), ctx) },
});

export const chandyLamportTokensSkipsChannel = bundledModel<TokensParams>({
  name: 'chandy-lamport-tokens-skips-channel',
  family: 'snapshot',
  description: 'Broken Chandy–Lamport on a token ring that runs for ever: no marker on the idle channel back to the predecessor, so the snapshot never completes (a fair cycle)',
  params: { ...tokens.params, n: { ...tokens.params.n, min: 3 } },
  network: 'fifo',
  mutantOf: 'chandy-lamport-tokens',
  build: (p) => tokensSnapshotSystem(p, skipsChannel),
});
