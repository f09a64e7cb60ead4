/**
 * The notes' message counts for mutual exclusion, measured by a ghost observer (no process sees it):
 *
 *   token ring:      "between 0 and N messages until a waiting process enters, 1 message to leave"
 *   central server:  "lock acquire takes one round-trip, and release is ‘free’ with asynchronous
 *                     messages" (one message)
 *
 * `waitCost` follows each process from the step in which it starts to wait (WANT) to the step in
 * which it enters (HELD), adding up the messages the algorithm's measure attributes to that wait,
 * and records the cost of the latest entry and of the latest leave (the messages sent in the step
 * that leaves the critical section). Properties read it with `ghostOf`: an invariant bounds the
 * cost, and witnesses show that the bounds are reached, so the figures are exact.
 */
import { always, alwaysNot, ghostOf, sometimes } from 'interleave';
import type { GlobalState, Observed, Observer, Property } from 'interleave';
import type { MutexView } from './mutex.ts';

/** The ghost: per process, the messages counted so far in its current wait (null: not waiting); the latest entry and leave. */
export interface WaitCost {
  readonly waiting: readonly (number | null)[];
  /** The latest entry: who entered and the messages its wait cost. */
  readonly entry: { readonly p: number; readonly cost: number } | null;
  /** The latest leave: who left and the messages it sent in that step. */
  readonly leave: { readonly p: number; readonly sent: number } | null;
}

/** How many messages of `step` count towards the wait of process `waiter`. */
export type Measure<L, M> = (step: Observed<L, M>, waiter: number) => number;

/** Token ring: every token message delivered anywhere while the process waits (a hop of the token towards it; a duplicate's delivery too). */
export const tokenHops: Measure<unknown, unknown> = (step) => (step.kind === 'receive' || step.kind === 'duplicate' ? 1 : 0);

/** Central server: the messages the waiting process sends and the messages sent to it (its lock, the coordinator's grant). */
export const exchangedWith: Measure<unknown, unknown> = (step, waiter) => step.sent.filter((s) => step.p === waiter || s.to === waiter).length;

/** The observer behind the cost properties (named `cost`). */
export function waitCost<L, M>(view: MutexView<L>, measure: Measure<L, M>): Observer<WaitCost, L, M> {
  return {
    name: 'cost',
    init: (procs) => ({ waiting: procs.map((s) => (view.waiting(s) ? 0 : null)), entry: null, leave: null }),
    observe: (g, step) => {
      let { entry, leave } = g;
      const waiting = g.waiting.map((w, p) => {
        const mine = step.p === p;
        if (w === null) {
          if (!mine) return null;
          const k = measure(step, p);
          if (view.waiting(step.after)) return k; // starts to wait: its request step counts
          if (view.inCriticalSection(step.after) && !view.inCriticalSection(step.before)) entry = { p, cost: k }; // enters at once
          return null;
        }
        const k = w + measure(step, p);
        if (mine && view.inCriticalSection(step.after)) {
          entry = { p, cost: k };
          return null;
        }
        return mine && !view.waiting(step.after) ? null : k;
      });
      if (view.inCriticalSection(step.before) && !view.inCriticalSection(step.after)) leave = { p: step.p, sent: step.sent.length };
      return { waiting, entry, leave };
    },
    show: (g) => ({
      perProcess: g.waiting.map((w) => (w === null ? {} : { waitedFor: w })),
      global: { lastEntry: g.entry ? `P${g.entry.p} after ${g.entry.cost}` : null, lastLeave: g.leave ? `P${g.leave.p} sent ${g.leave.sent}` : null },
    }),
  };
}

const plural = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;

/** Token ring: no wait costs more than N messages (the token is at most N hops away). */
export function enterWithinN<L, M>(cost: Observer<WaitCost, L, M>): Property<GlobalState<L, M>> {
  const over = (g: GlobalState<L, M>) => ghostOf(g, cost).waiting.findIndex((w) => w !== null && w > g.n);
  return always('at most N messages to enter', (g) => over(g) < 0, 'a waiting process enters after at most N token messages', (g) => {
    const p = over(g);
    return `P${p} has waited through ${plural(ghostOf(g, cost).waiting[p] ?? 0, 'token message')}, more than N = ${g.n}, and still waits`;
  });
}

/** Witness: an entry cost exactly `k` messages (k = N: the maximum is reached; k = 0: so is the minimum). */
export function enterAfter<L, M>(cost: Observer<WaitCost, L, M>, k: 'N' | 0): Property<GlobalState<L, M>> {
  return sometimes(`enter after ${k} messages`, (g) => ghostOf(g, cost).entry?.cost === (k === 'N' ? g.n : 0), `a waiting process enters after exactly ${k} token messages`);
}

/** Leaving sends exactly one message (the token to the successor; the unlock to the coordinator). */
export function oneMessageToLeave<L, M>(cost: Observer<WaitCost, L, M>): Property<GlobalState<L, M>> {
  return always('1 message to leave', (g) => (ghostOf(g, cost).leave?.sent ?? 1) === 1, 'the step that leaves the critical section sends exactly one message', (g) => {
    const l = ghostOf(g, cost).leave!;
    return `P${l.p} left the critical section sending ${plural(l.sent, 'message')}, not 1`;
  });
}

/** Witness that leaving was measured: some process has left the critical section. */
export function someoneLeft<L, M>(cost: Observer<WaitCost, L, M>): Property<GlobalState<L, M>> {
  return sometimes('someone left', (g) => ghostOf(g, cost).leave !== null, 'some process has left the critical section');
}

/** Central server: every acquire is one round trip, the lock and the grant (2 messages), however long the wait. */
export function acquireOneRoundTrip<L, M>(cost: Observer<WaitCost, L, M>): Property<GlobalState<L, M>> {
  const wrong = (g: GlobalState<L, M>): string | null => {
    const c = ghostOf(g, cost);
    const p = c.waiting.findIndex((w) => w !== null && w > 2);
    if (p >= 0) return `P${p} has exchanged ${c.waiting[p]} messages with the coordinator and still waits: more than one round trip (2)`;
    if (c.entry && c.entry.cost !== 2) return `P${c.entry.p} entered after exchanging ${plural(c.entry.cost, 'message')} with the coordinator, not one round trip (2)`;
    return null;
  };
  return alwaysNot('acquire is one round trip', wrong, 'a process enters after exactly 2 messages of its own: its lock and the grant');
}

/** Witness: a process entered after waiting while another held the lock (its acquire still cost one round trip). */
export function queuedAcquire<L, M>(view: MutexView<L>, cost: Observer<WaitCost, L, M>): Property<GlobalState<L, M>> {
  return sometimes(
    'acquire after a wait in the queue',
    (g) => {
      const c = ghostOf(g, cost);
      return c.entry !== null && c.entry.cost === 2 && c.leave !== null && c.leave.p !== c.entry.p && view.inCriticalSection(g.procs[c.entry.p]);
    },
    'a process is in the critical section after one round trip, and the latest process to leave was another one',
  );
}
