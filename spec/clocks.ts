/**
 * Logical-clock properties, written once and applied to any protocol through a view of its local
 * state: the scalar clock (`clockOf`) or the vector clock (`vectorOf`) after an event, which is
 * that event's timestamp. They are judged against the engine's ground truth: the system must be
 * built with `causality: true`, so that `g.events` holds every event of the run with its true
 * vector timestamp and `happensBefore` / `concurrent` decide a -> b and a ~ b whatever clocks the
 * protocol keeps (or gets wrong).
 *
 * Every property looks at the pairs of events of the run so far that involve a process's latest
 * event; since every prefix of a run is a reachable state too, an `always` property is thereby
 * checked for every pair of events of every run (see `everyNewPair`).
 */
import { always, concurrent, happensBefore, sometimes, type Event, type GlobalState, type Property } from 'interleave';
import { compareLamportTotal } from '../src/clocks/lamport.ts';
import { vconcurrent, vlt, type VectorClock } from '../src/clocks/vector.ts';

/** How a protocol's scalar (Lamport) clock is read: the clock after an event is L(event). */
export interface ScalarClockView<L> {
  readonly clockOf: (s: L) => number;
}

/** How a protocol's vector clock is read: the clock after an event is V(event). */
export interface VectorClockView<L> {
  readonly vectorOf: (s: L) => VectorClock;
}

/**
 * True if `pred` holds for every ordered pair (a, b) of distinct events of the run of which at
 * least one is the latest event of its process. That suffices for "every pair of every run": an
 * event's timestamp and the relation between two events never change once both have happened, and
 * the state reached by the step that performed the later of the two, in which it was the latest
 * event of its process, is reachable and checked too. So the first state (in BFS order) where some
 * pair fails is the same as with all pairs, at a fraction of the cost.
 */
function everyNewPair<L, M>(g: GlobalState<L, M>, pred: (a: Event<L, M>, b: Event<L, M>) => boolean): boolean {
  for (const past of g.events) {
    if (past.length === 0) continue;
    const b = past[past.length - 1];
    for (const evs of g.events) {
      for (const a of evs) if (a !== b && !(pred(a, b) && pred(b, a))) return false;
    }
  }
  return true;
}

/** The first ordered pair (a, b) that `everyNewPair` finds failing `pred`, if any. */
function badPair<L, M>(g: GlobalState<L, M>, pred: (a: Event<L, M>, b: Event<L, M>) => boolean): [Event<L, M>, Event<L, M>] | undefined {
  for (const past of g.events) {
    if (past.length === 0) continue;
    const b = past[past.length - 1];
    for (const evs of g.events) {
      for (const a of evs) {
        if (a === b) continue;
        if (!pred(a, b)) return [a, b];
        if (!pred(b, a)) return [b, a];
      }
    }
  }
  return undefined;
}

/** "P0's event 1 (send to P1)". */
function eventName<L, M>(e: Event<L, M>): string {
  return `P${e.p}'s event ${e.index + 1} (${e.kind === 'receive' ? `receive of ${e.action} from P${e.received?.from}` : e.action})`;
}

/** "a → b", "b → a" or "a ∥ b", by ground truth. */
function relation<L, M>(a: Event<L, M>, b: Event<L, M>): string {
  return happensBefore(a, b) ? '→' : happensBefore(b, a) ? '←' : '∥';
}

/** True if `pred` holds for some ordered pair of distinct events, one of them the latest of its process (see {@link everyNewPair}). */
function someNewPair<L, M>(g: GlobalState<L, M>, pred: (a: Event<L, M>, b: Event<L, M>) => boolean): boolean {
  return !everyNewPair(g, (a, b) => !pred(a, b));
}

/** Clock condition: a -> b implies C(a) < C(b), for every pair of events. */
export function clockCondition<L, M>(view: ScalarClockView<L>): Property<GlobalState<L, M>> {
  return always(
    'clock condition',
    (g) => everyNewPair(g, (a, b) => !happensBefore(a, b) || view.clockOf(a.state) < view.clockOf(b.state)),
    'a -> b implies C(a) < C(b), for every pair of events of the run',
    (g) => {
      const pair = badPair(g, (a, b) => !happensBefore(a, b) || view.clockOf(a.state) < view.clockOf(b.state));
      if (!pair) return undefined;
      const [a, b] = pair;
      return `${eventName(a)} → ${eventName(b)}, yet C(a) = ${view.clockOf(a.state)} is not less than C(b) = ${view.clockOf(b.state)}`;
    },
  );
}

/** (L, process id) is a total order on the events that extends happens-before. */
export function lamportTotalOrder<L, M>(view: ScalarClockView<L>): Property<GlobalState<L, M>> {
  return always(
    'total order',
    (g) =>
      everyNewPair(g, (a, b) => {
        const order = compareLamportTotal({ time: view.clockOf(a.state), pid: a.p }, { time: view.clockOf(b.state), pid: b.p });
        // Total: distinct events never tie. Extends ->: a -> b puts a first.
        return order !== 0 && (!happensBefore(a, b) || order < 0);
      }),
    '(L, process id) orders any two distinct events, and a -> b puts a before b',
    (g) => {
      const pair = badPair(g, (a, b) => {
        const order = compareLamportTotal({ time: view.clockOf(a.state), pid: a.p }, { time: view.clockOf(b.state), pid: b.p });
        return order !== 0 && (!happensBefore(a, b) || order < 0);
      });
      if (!pair) return undefined;
      const [a, b] = pair;
      const la = `(${view.clockOf(a.state)}, P${a.p})`;
      const lb = `(${view.clockOf(b.state)}, P${b.p})`;
      return la === lb ? `${eventName(a)} and ${eventName(b)} both have (L, id) = ${la}` : `${eventName(a)} → ${eventName(b)}, yet (L, id) = ${la} is not before ${lb}`;
    },
  );
}

/** The slide's warning, as a witness: two concurrent events a, b with L(a) < L(b). */
export function lamportConcurrencyWarning<L, M>(view: ScalarClockView<L>): Property<GlobalState<L, M>> {
  return sometimes(
    'concurrent events with ordered clocks',
    (g) => someNewPair(g, (a, b) => concurrent(a, b) && view.clockOf(a.state) < view.clockOf(b.state)),
    'given L(a) < L(b), we know nothing about the order of a and b: here a and b are concurrent',
  );
}

/**
 * The notes' "(recall that Lamport timestamps can be identical)", as a witness: two events of
 * different processes with the same L, which (L, process id) orders by the id alone.
 */
export function lamportTimestampsIdentical<L, M>(view: ScalarClockView<L>): Property<GlobalState<L, M>> {
  return sometimes(
    'identical timestamps',
    (g) => someNewPair(g, (a, b) => a.p !== b.p && view.clockOf(a.state) === view.clockOf(b.state)),
    'Lamport timestamps can be identical: two events of different processes with L(a) = L(b), ordered by process id alone',
  );
}

/**
 * The notes' "Element Vi[j] captures #events at Pj observed by Pi": after each event e of Pi,
 * Vi[j] is the number of Pj's events in e's causal past (e itself included when j = i), the
 * engine's true vector time of e. Stronger than characterising causality, which an
 * order-preserving clock of other numbers also does (`vector-clocks-double-tick`). Checked on
 * each process's latest event (an event's timestamp never changes after it).
 */
export function vectorCountsObservedEvents<L, M>(view: VectorClockView<L>): Property<GlobalState<L, M>> {
  const wrong = (g: GlobalState<L, M>): Event<L, M> | undefined => {
    for (const evs of g.events) {
      const e = evs[evs.length - 1];
      if (e === undefined) continue;
      const v = view.vectorOf(e.state);
      if (v.length !== e.vt.length || v.some((x, j) => x !== e.vt[j])) return e;
    }
    return undefined;
  };
  return always(
    'Vi[j] counts the events of Pj observed by Pi',
    (g) => wrong(g) === undefined,
    "after every event of Pi, Vi[j] is the number of Pj's events that happened before it (or are it): the engine's true vector time",
    (g) => {
      const e = wrong(g);
      return e === undefined ? undefined : `after ${eventName(e)}, P${e.p}'s clock is [${view.vectorOf(e.state).join(', ')}], but it has observed [${e.vt.join(', ')}] events of each process`;
    },
  );
}

/** Vector clocks characterise causality: V(a) < V(b) iff a -> b, and incomparable iff concurrent. */
export function vectorsCharacteriseCausality<L, M>(view: VectorClockView<L>): Property<GlobalState<L, M>> {
  return always(
    'vector clocks characterise causality',
    (g) =>
      everyNewPair(g, (a, b) => {
        const va = view.vectorOf(a.state);
        const vb = view.vectorOf(b.state);
        return vlt(va, vb) === happensBefore(a, b) && vconcurrent(va, vb) === concurrent(a, b);
      }),
    'V(a) < V(b) iff a -> b, and V(a), V(b) are incomparable iff a and b are concurrent, for every pair of events',
    (g) => {
      const pair = badPair(g, (a, b) => {
        const va = view.vectorOf(a.state);
        const vb = view.vectorOf(b.state);
        return vlt(va, vb) === happensBefore(a, b) && vconcurrent(va, vb) === concurrent(a, b);
      });
      if (!pair) return undefined;
      const [a, b] = pair;
      const va = view.vectorOf(a.state);
      const vb = view.vectorOf(b.state);
      const clocks = vlt(va, vb) ? '<' : vlt(vb, va) ? '>' : vconcurrent(va, vb) ? 'incomparable' : '=';
      return `${eventName(a)} ${relation(a, b)} ${eventName(b)} (ground truth), yet their vector clocks [${va.join(', ')}] and [${vb.join(', ')}] are ${clocks === 'incomparable' || clocks === '=' ? clocks : `ordered ${clocks}`}`;
    },
  );
}

/** Witness: two concurrent events whose vector clocks show it (incomparable). */
export function vectorConcurrencyDetected<L, M>(view: VectorClockView<L>): Property<GlobalState<L, M>> {
  return sometimes(
    'concurrency detected',
    (g) => someNewPair(g, (a, b) => a.p !== b.p && concurrent(a, b) && vconcurrent(view.vectorOf(a.state), view.vectorOf(b.state))),
    'two concurrent events on different processes have incomparable vector clocks',
  );
}

/**
 * Witness (ground truth only): a -> b for events of two processes p and r although r has received
 * no message from p up to b, so the causality is transitive, through a third process. This is the
 * case the slides single out ("this incorporates the changes from P1 that P2 already saw"); a run
 * without it would test the clocks only on direct messages.
 */
export function transitiveCausality<L, M>(): Property<GlobalState<L, M>> {
  return sometimes(
    'transitive causality',
    (g) =>
      someNewPair(g, (a, b) => {
        if (a.p === b.p || !happensBefore(a, b)) return false;
        const past = g.events[b.p];
        for (let i = 0; i <= b.index; i++) if (past[i].received?.from === a.p) return false;
        return true;
      }),
    'a -> b through a third process: b\'s process has received nothing directly from a\'s',
  );
}

/** The witnesses that need no view; transitive causality needs a third process, so `n` >= 3. */
function groundTruthWitnesses<L, M>(n: number): Property<GlobalState<L, M>>[] {
  return n >= 3 ? [transitiveCausality()] : [];
}

/** The Lamport-clock properties for a system of `n` processes (which must track causality). */
export function lamportClockProperties<L, M>(view: ScalarClockView<L>, n: number): Property<GlobalState<L, M>>[] {
  return [clockCondition(view), lamportTotalOrder(view), lamportConcurrencyWarning(view), lamportTimestampsIdentical(view), ...groundTruthWitnesses<L, M>(n)];
}

/** The vector-clock properties for a system of `n` processes (which must track causality). */
export function vectorClockProperties<L, M>(view: VectorClockView<L>, n: number): Property<GlobalState<L, M>>[] {
  return [vectorsCharacteriseCausality(view), vectorCountsObservedEvents(view), vectorConcurrencyDetected(view), ...groundTruthWitnesses<L, M>(n)];
}
