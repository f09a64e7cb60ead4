/**
 * Priorities at a coordinator: the notes' "easily supports priorities if we want them" (central
 * lock server). A ghost observer (no process sees it) watches every grant the coordinator sends
 * and records the first one made while a client of higher priority waited in its queue.
 */
import { alwaysNot, ghostOf, sometimes } from 'interleave';
import type { GlobalState, Observer, Property } from 'interleave';

/** How a system with priorities is read: the coordinator's queue, which messages are grants, and each client's priority (smaller first). */
export interface PriorityView<L, M> {
  /** The clients waiting in the coordinator's queue (undefined for a process that is not the coordinator). */
  readonly queued: (s: L) => readonly number[] | undefined;
  readonly isGrant: (m: M) => boolean;
  readonly priorityOf: (p: number) => number;
}

/** The ghost: null, or the first grant made past a waiting client of higher priority, in words. */
export type Inversion = string | null;

/** The observer behind `highest priority first` (named `grants`). */
export function grants<L, M>(view: PriorityView<L, M>): Observer<Inversion, L, M> {
  return {
    name: 'grants',
    init: () => null,
    observe: (ghost, step) => {
      if (ghost !== null) return ghost;
      const waiting = view.queued(step.before);
      if (waiting === undefined) return null;
      for (const { to, msg } of step.sent) {
        if (!view.isGrant(msg)) continue;
        const better = waiting.find((k) => k !== to && view.priorityOf(k) < view.priorityOf(to));
        if (better !== undefined) return `C granted the lock to P${to} (priority ${view.priorityOf(to)}) while P${better} (priority ${view.priorityOf(better)}) waited in its queue`;
      }
      return null;
    },
  };
}

/** Every grant goes to the waiting client of highest priority: none is made past one of higher priority. */
export function highestPriorityFirst<L, M>(observer: Observer<Inversion, L, M>): Property<GlobalState<L, M>> {
  return alwaysNot('highest priority first', (g) => ghostOf(g, observer), 'the coordinator never grants the lock while a client of higher priority waits in its queue');
}

/** Witness: two or more clients wait in the coordinator's queue, so that an unlock has to choose. */
export function severalWait<L, M>(view: PriorityView<L, M>): Property<GlobalState<L, M>> {
  return sometimes('several wait', (g) => g.procs.some((s) => (view.queued(s)?.length ?? 0) >= 2), 'two or more clients wait in the coordinator’s queue: the next grant chooses between them');
}
