/**
 * Central lock server.
 * Lecture notes, "Distributed mutual exclusion", Solution #1: central lock server.
 *
 * Nominate one process C as coordinator. If Pi wants to enter the critical section, it sends a
 * lock message to C and waits for a reply. If the resource is free, C replies to Pi with a grant
 * message; otherwise C adds Pi to a wait queue. When finished, Pi sends an unlock message to C,
 * and C sends a grant message to the first process in the wait queue.
 *
 * Here the coordinator is process 0 and only coordinates; processes 1 … n compete. A lock costs
 * one round trip (lock, grant) and leaving one message (unlock): 3 messages per entry, the
 * coordinator's grant included.
 */
import { send, step, type Context, type Protocol } from '../protocol.ts';

/** The coordinator C. */
export const COORDINATOR = 0;

export type Mode = 'FREE' | 'WANT' | 'HELD';

/** A competing process Pi. */
export interface ClientState {
  readonly role: 'client';
  /** FREE, WANT (lock sent, waiting for the grant) or HELD (in the critical section). */
  readonly mode: Mode;
}

/** The coordinator C. */
export interface CoordinatorState {
  readonly role: 'coordinator';
  /** The process C last granted the lock to and has not heard unlock from; null when the resource is free. */
  readonly holder: number | null;
  /** Processes waiting for the lock, in the order their lock messages arrived (FIFO). */
  readonly queue: readonly number[];
}

export type CSState = ClientState | CoordinatorState;

export type CSMessage = { readonly type: 'LOCK' } | { readonly type: 'GRANT' } | { readonly type: 'UNLOCK' };

export interface CSOptions {
  /** C grants only when the resource is free (default true). False: C grants every lock at once (a broken variant). */
  readonly checkHolder?: boolean;
}

function asClient(s: CSState, what: string, ctx: Context): ClientState {
  if (s.role !== 'client') throw new Error(`${what} reached the coordinator P${ctx.self} (state ${JSON.stringify(s)})`);
  return s;
}

function asCoordinator(s: CSState, what: string, from: number, ctx: Context): CoordinatorState {
  if (s.role !== 'coordinator') throw new Error(`${what} from P${from} reached P${ctx.self}, which is not the coordinator P${COORDINATOR}`);
  return s;
}

/** The central lock server, optionally without the holder check (a broken variant). */
export function centralServer(options: CSOptions = {}): Protocol<CSState, CSMessage> {
  const checkHolder = options.checkHolder ?? true;
  return {
    name: checkHolder ? 'central-server' : 'central-server-no-holder-check',
    init: (ctx) => (ctx.self === COORDINATOR ? { role: 'coordinator', holder: null, queue: [] } : { role: 'client', mode: 'FREE' }),
    actions: {
      /** Pi wants to enter: send lock to C and wait for a reply. */
      lock: {
        guard: (s) => s.role === 'client' && s.mode === 'FREE',
        run: (s, ctx) => step({ ...asClient(s, 'lock', ctx), mode: 'WANT' }, send(COORDINATOR, { type: 'LOCK' })),
        fair: 'none', // the environment asks when it likes: never forced
      },
      /** When finished, Pi sends unlock to C. */
      unlock: {
        guard: (s) => s.role === 'client' && s.mode === 'HELD',
        run: (s, ctx) => step({ ...asClient(s, 'unlock', ctx), mode: 'FREE' }, send(COORDINATOR, { type: 'UNLOCK' })),
      },
    },
    handlers: {
      /** At C: if the resource is free, grant; otherwise add Pi to the wait queue. */
      LOCK: (s, _msg, from, ctx) => {
        const c = asCoordinator(s, 'LOCK', from, ctx);
        if (c.holder === null || !checkHolder) return step({ ...c, holder: from }, send(from, { type: 'GRANT' }));
        return step({ ...c, queue: [...c.queue, from] });
      },
      /** At Pi: the grant arrives; enter the critical section. */
      GRANT: (s, _msg, from, ctx) => {
        const p = asClient(s, 'GRANT', ctx);
        if (p.mode !== 'WANT') throw new Error(`P${ctx.self} received GRANT from P${from} in mode ${p.mode}, not WANT`);
        return step({ ...p, mode: 'HELD' });
      },
      /** At C: grant to the first process in the wait queue, or mark the resource free. */
      UNLOCK: (s, _msg, from, ctx) => {
        const c = asCoordinator(s, 'UNLOCK', from, ctx);
        const [next, ...rest] = c.queue;
        if (next === undefined) return step({ ...c, holder: null });
        return step({ ...c, holder: next, queue: rest }, send(next, { type: 'GRANT' }));
      },
    },
    isDone: (s) => s.role === 'coordinator' || s.mode === 'FREE',
  };
}

/** The process is in the critical section. */
export const inCriticalSection = (s: CSState): boolean => s.role === 'client' && s.mode === 'HELD';

/** The process has sent lock and waits for the grant. */
export const waiting = (s: CSState): boolean => s.role === 'client' && s.mode === 'WANT';

/** The process competes for the critical section (the coordinator does not). */
export const competes = (s: CSState): boolean => s.role === 'client';
