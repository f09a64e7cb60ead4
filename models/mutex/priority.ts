/**
 * central-server-priority: the notes' "Fair (if queue is fair, e.g. FIFO), and easily supports
 * priorities if we want them" (central lock server), both halves. The central server with a wait
 * queue ordered by the clients' priorities (src/mutex/central-server-priority.ts; P1 first).
 * Checked: mutual exclusion, and `highest priority first` (a ghost observer of the grants,
 * spec/mutex-priority.ts); the witness `several wait` shows that grants had a choice to make.
 * With `entries=0` (request forever) the price: `every request is eventually granted` fails, a
 * client of low priority starving while those above it keep asking. Its mutant (mutants.ts)
 * queues in arrival order, the plain server's FIFO queue.
 */
import { fifo, system, type Checkable, type Protocol } from 'interleave';
import * as csp from '../../src/mutex/central-server-priority.ts';
import { everyEntryDone, mutexLiveness, mutexProperties, properEnd, type MutexView } from '../../spec/mutex.ts';
import { grants, highestPriorityFirst, severalWait, type PriorityView } from '../../spec/mutex-priority.ts';
import { bundledModel } from '../manifest.ts';

export type PriorityParams = { readonly n: number; readonly entries: number };

export const priorityMutexView: MutexView<csp.CSPState> = { inCriticalSection: csp.inCriticalSection, waiting: csp.waiting, competes: csp.competes, request: 'lock' };

export const priorityView: PriorityView<csp.CSPState, csp.CSPMessage> = {
  queued: (s) => ('queue' in s ? s.queue.map((w) => w.p) : undefined),
  isGrant: (m) => m.type === 'GRANT',
  priorityOf: csp.priorityOf,
};

/** The central server with priorities and n clients (`coordinator`: the reference, or a mutant's). */
export function prioritySystem({ n, entries }: PriorityParams, coordinator: Protocol<csp.PriorityCoordinatorState, csp.ToCoordinator, csp.ToClient> = csp.priorityCoordinator, name = 'central-server-priority'): Checkable {
  const observer = grants(priorityView);
  const view = priorityMutexView;
  return system<csp.CSPState, csp.CSPMessage>({
    name,
    roles: { coordinator: { protocol: coordinator, count: 1 }, client: { protocol: csp.priorityClient, count: n } },
    network: fifo,
    // entries=0: the lock is not limited (request forever), and liveness is checked.
    workload: entries > 0 ? { lock: entries } : {},
    observers: [observer],
    properties: [...mutexProperties(view), highestPriorityFirst(observer), severalWait(priorityView), ...(entries > 0 ? [everyEntryDone(view, entries)] : mutexLiveness(view))],
    isEnd: properEnd(view, entries),
    shade: { label: 'critical section', holds: view.inCriticalSection },
  });
}

export const priorityParams = {
  n: { default: 3, min: 2, max: 8, description: 'number of clients (P1 has the highest priority, then P2, …)' },
  entries: { default: 2, min: 0, max: 10, description: 'critical-section entries per client (0: request forever, and check liveness)' },
};

export default bundledModel<PriorityParams>({
  name: 'central-server-priority',
  family: 'mutex',
  description: 'Central server with priorities: the wait queue is ordered by priority, so every grant goes to the highest waiting; requesting forever, a low one starves',
  params: priorityParams,
  network: 'fifo',
  ruledOut: ({ n }) => ({ 'several wait': n < 3 ? 'needs n ≥ 3: two clients waiting besides the holder' : undefined }),
  build: (p) => prioritySystem(p),
});
