/**
 * Central lock server.
 * Lecture notes, "Distributed mutual exclusion", Solution #1: central lock server.
 *
 * Nominate one process C as coordinator. If Pi wants to enter the critical section, it sends a
 * lock message to C and waits for a reply. If the resource is free, C replies to Pi with a grant
 * message; otherwise C adds Pi to a wait queue. When finished, Pi sends an unlock message to C,
 * and C sends a grant message to the first process in the wait queue.
 *
 * Two roles: the coordinator C, which only coordinates, and the clients P1 … Pn, which compete.
 * A lock costs one round trip (lock, grant) and leaving one message (unlock): 3 messages per
 * entry, the coordinator's grant included.
 */
import { send, step, type Protocol } from '../protocol.ts';

export type Mode = 'FREE' | 'WANT' | 'HELD';

/** A competing process Pi. */
export interface ClientState {
  /** FREE, WANT (lock sent, waiting for the grant) or HELD (in the critical section). */
  readonly mode: Mode;
}

/** The coordinator C. */
export interface CoordinatorState {
  /** The process C last granted the lock to and has not heard unlock from; null when the resource is free. */
  readonly holder: number | null;
  /** Processes waiting for the lock, in the order their lock messages arrived (FIFO). */
  readonly queue: readonly number[];
}

/** What clients send the coordinator. */
export type ToCoordinator = { readonly type: 'LOCK' } | { readonly type: 'UNLOCK' };
/** What the coordinator sends a client. */
export type ToClient = { readonly type: 'GRANT' };

export type CSState = ClientState | CoordinatorState;
export type CSMessage = ToCoordinator | ToClient;

/** The coordinator C. */
export const coordinator: Protocol<CoordinatorState, ToCoordinator, ToClient> = {
  name: 'coordinator',
  init: () => ({ holder: null, queue: [] }),
  actions: {},
  handlers: {
    /** If the resource is free, grant; otherwise add Pi to the wait queue. */
    LOCK: (s, _msg, from) => {
      if (s.holder === null) return step({ ...s, holder: from }, send(from, { type: 'GRANT' }));
      return step({ ...s, queue: [...s.queue, from] });
    },
    /** Grant to the first process in the wait queue, or mark the resource free. */
    UNLOCK: (s) => {
      const [next, ...rest] = s.queue;
      if (next === undefined) return step({ ...s, holder: null });
      return step({ ...s, holder: next, queue: rest }, send(next, { type: 'GRANT' }));
    },
  },
};

/** A client Pi. */
export const client: Protocol<ClientState, ToClient, ToCoordinator> = {
  name: 'client',
  init: () => ({ mode: 'FREE' }),
  actions: {
    /** Pi wants to enter: send lock to C and wait for a reply. */
    lock: {
      guard: (s) => s.mode === 'FREE',
      run: (s, ctx) => step({ ...s, mode: 'WANT' }, send(ctx.peers.coordinator[0], { type: 'LOCK' })),
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

/** The roles of a central server with n clients: the coordinator is P0, the clients P1 … Pn. */
export function centralServer(clients: number) {
  return { coordinator: { protocol: coordinator, count: 1 }, client: { protocol: client, count: clients } } as const;
}

/** The process is in the critical section (only clients ever are). */
export const inCriticalSection = (s: CSState): boolean => 'mode' in s && s.mode === 'HELD';

/** The process has sent lock and waits for the grant. */
export const waiting = (s: CSState): boolean => 'mode' in s && s.mode === 'WANT';

/** The process competes for the critical section (the coordinator does not). */
export const competes = (s: CSState): boolean => 'mode' in s;
