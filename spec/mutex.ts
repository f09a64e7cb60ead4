/**
 * Mutual-exclusion properties, written once and applied to every algorithm of the family
 * through a view: which local states are in the critical section, which are waiting.
 */
import { always, sometimes, type GlobalState, type Property } from 'interleave';

/** How a mutual-exclusion algorithm's local state is read by the properties. */
export interface MutexView<L> {
  /** The process is in the critical section (HELD). */
  readonly inCriticalSection: (s: L) => boolean;
  /** The process has asked and not yet entered (WANT). */
  readonly waiting: (s: L) => boolean;
}

function count<L>(procs: readonly L[], pred: (s: L) => boolean): number {
  let k = 0;
  for (let i = 0; i < procs.length; i++) if (pred(procs[i])) k++;
  return k;
}

/** At most one process HELD. */
export function mutualExclusion<L, M>(view: MutexView<L>): Property<GlobalState<L, M>> {
  return always('mutual exclusion', (g) => count(g.procs, view.inCriticalSection) <= 1, 'at most one process is in the critical section');
}

/** Witness: some process enters the critical section. */
export function criticalSectionReached<L, M>(view: MutexView<L>): Property<GlobalState<L, M>> {
  return sometimes('critical section reached', (g) => count(g.procs, view.inCriticalSection) === 1, 'some process enters the critical section');
}

/** Witness: a process is in the critical section while every other process waits for it. */
export function fullContention<L, M>(view: MutexView<L>): Property<GlobalState<L, M>> {
  return sometimes(
    'full contention',
    (g) => count(g.procs, view.inCriticalSection) === 1 && count(g.procs, view.waiting) === g.n - 1,
    'one process holds the critical section while all the others wait',
  );
}

/** The family's properties. */
export function mutexProperties<L, M>(view: MutexView<L>): Property<GlobalState<L, M>>[] {
  return [mutualExclusion(view), criticalSectionReached(view), fullContention(view)];
}
