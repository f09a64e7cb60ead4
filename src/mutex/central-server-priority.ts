/**
 * Central lock server with priorities.
 * Lecture notes, "Central lock server: pros and cons": "Fair (if queue is fair, e.g. FIFO), and
 * easily supports priorities if we want them".
 *
 * The central server of central-server.ts, with one change at each end: a client's lock message
 * carries its priority, and the coordinator's wait queue is ordered by priority (a smaller number
 * first; among equals, by arrival), so an unlock grants the waiting client of highest priority.
 * Here client Pi's priority is its index among the clients (P1 first), a fixed rank.
 *
 * What it gives up is the notes' fairness: a client of low priority waits as long as clients of
 * higher priority keep asking (models/mutex/priority.ts shows it starve).
 */
import { send, step, type Protocol } from '../protocol.ts';
import type { ClientState } from './central-server.ts';

export type { ClientState, Mode } from './central-server.ts';

/** The coordinator C. */
export interface PriorityCoordinatorState {
  /** The process C last granted the lock to and has not heard unlock from; null when the resource is free. */
  readonly holder: number | null;
  /** Processes waiting for the lock with their priorities, highest priority (smallest number) first, equals by arrival. */
  readonly queue: readonly { readonly p: number; readonly priority: number }[];
}

/** What clients send the coordinator: a lock carries the client's priority. */
export type ToCoordinator = { readonly type: 'LOCK'; readonly priority: number } | { readonly type: 'UNLOCK' };
/** What the coordinator sends a client. */
export type ToClient = { readonly type: 'GRANT' };

export type CSPState = ClientState | PriorityCoordinatorState;
export type CSPMessage = ToCoordinator | ToClient;

/** The coordinator C: grants at once when free, else queues by priority. */
export const priorityCoordinator: Protocol<PriorityCoordinatorState, ToCoordinator, ToClient> = {
  name: 'coordinator',
  init: () => ({ holder: null, queue: [] }),
  actions: {},
  handlers: {
    /** If the resource is free, grant; otherwise queue Pi behind every waiting process of its priority or higher. */
    LOCK: (s, msg, from) => {
      if (s.holder === null) return step({ ...s, holder: from }, send(from, { type: 'GRANT' }));
      const at = s.queue.findIndex((w) => w.priority > msg.priority);
      const entry = { p: from, priority: msg.priority };
      return step({ ...s, queue: at < 0 ? [...s.queue, entry] : [...s.queue.slice(0, at), entry, ...s.queue.slice(at)] });
    },
    /** Grant to the first process in the queue (the highest priority), or mark the resource free. */
    UNLOCK: (s) => {
      const [next, ...rest] = s.queue;
      if (next === undefined) return step({ ...s, holder: null });
      return step({ ...s, holder: next.p, queue: rest }, send(next.p, { type: 'GRANT' }));
    },
  },
};

/** A client Pi, whose priority is its index among the clients (0 for P1, the highest). */
export const priorityClient: Protocol<ClientState, ToClient, ToCoordinator> = {
  name: 'client',
  init: () => ({ mode: 'FREE' }),
  actions: {
    /** Pi wants to enter: send lock, with its priority, to C and wait for a reply. */
    lock: {
      guard: (s) => s.mode === 'FREE',
      run: (s, ctx) => step({ ...s, mode: 'WANT' }, send(ctx.peers.coordinator[0], { type: 'LOCK', priority: ctx.index })),
      fair: 'none', // the environment asks when it likes: never forced
    },
    /** When finished, Pi sends unlock to C. */
    unlock: {
      guard: (s) => s.mode === 'HELD',
      run: (s, ctx) => step({ ...s, mode: 'FREE' }, send(ctx.peers.coordinator[0], { type: 'UNLOCK' })),
    },
  },
  handlers: {
    /** The grant arrives: enter the critical section. */
    GRANT: (s, _msg, from, ctx) => {
      if (s.mode !== 'WANT') throw new Error(`P${ctx.self} received GRANT from P${from} in mode ${s.mode}, not WANT`);
      return step({ ...s, mode: 'HELD' });
    },
  },
  isDone: (s) => s.mode === 'FREE',
};

/** The roles of a central server with priorities and n clients: the coordinator is P0, the clients P1 … Pn. */
export function centralServerPriority(clients: number) {
  return { coordinator: { protocol: priorityCoordinator, count: 1 }, client: { protocol: priorityClient, count: clients } } as const;
}

/** The priority of client p (its index among the clients: P1 is 0, the highest). */
export const priorityOf = (p: number): number => p - 1;

/** The process is in the critical section (only clients ever are). */
export const inCriticalSection = (s: CSPState): boolean => 'mode' in s && s.mode === 'HELD';

/** The process has sent lock and waits for the grant. */
export const waiting = (s: CSPState): boolean => 'mode' in s && s.mode === 'WANT';

/** The process competes for the critical section (the coordinator does not). */
export const competes = (s: CSPState): boolean => 'mode' in s;
