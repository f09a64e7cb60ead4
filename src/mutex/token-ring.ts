/**
 * Token passing round a logical ring.
 * Lecture notes, "Distributed mutual exclusion", Solution #2: token passing.
 *
 * Processes are arranged in a logical ring; each knows its successor. A single token passes
 * continuously round the ring. A process can only enter the critical section while it possesses
 * the token, and passes the token on when finished (or at once if it does not need to enter).
 * Process 0 holds the token at the start; the successor of Pi is P(i+1 mod n).
 *
 * The notes warn: "may need to regenerate token – tricky!" (models/mutex shows why: regenerating
 * it on a timeout lets two tokens exist, since a slow token cannot be told from a lost one).
 */
import { send, step, type Context, type Protocol } from '../protocol.ts';

export type Mode = 'FREE' | 'WANT' | 'HELD';

export interface TRState {
  /** FREE, WANT (waiting for the token) or HELD (in the critical section, holding the token). */
  readonly mode: Mode;
  /** This process possesses the token. */
  readonly token: boolean;
}

export type TRMessage = { readonly type: 'TOKEN' };

/** The successor of process ctx.self on the ring. */
export const successor = (ctx: Context): number => (ctx.self + 1) % ctx.n;

/** The token ring. */
export function tokenRing(): Protocol<TRState, TRMessage> {
  const actions: Protocol<TRState, TRMessage>['actions'] = {
    /** The process wants the critical section: WANT, and wait for the token. */
    request: {
      guard: (s) => s.mode === 'FREE',
      run: (s) => step({ ...s, mode: 'WANT' }),
    },
    /** With the token in hand, enter the critical section. */
    enter: {
      guard: (s) => s.mode === 'WANT' && s.token,
      run: (s) => step({ ...s, mode: 'HELD' }),
    },
    /** When finished, leave and pass the token on to the successor. */
    exit: {
      guard: (s) => s.mode === 'HELD',
      run: (s, ctx) => step({ mode: 'FREE', token: false }, send(successor(ctx), { type: 'TOKEN' })),
    },
    /** Not needing the critical section, pass the token on at once. */
    pass: {
      guard: (s) => s.mode === 'FREE' && s.token,
      run: (s, ctx) => step({ ...s, token: false }, send(successor(ctx), { type: 'TOKEN' })),
    },
  };
  return {
    name: 'token-ring',
    init: (ctx) => ({ mode: 'FREE', token: ctx.self === 0 }),
    actions,
    handlers: {
      /** The token arrives: keep it (to enter, or to pass on). With one token this never finds a token already here. */
      TOKEN: (s, _msg, from, ctx) => {
        if (s.token) throw new Error(`P${ctx.self} already holds a token and received another from P${from}`);
        return step({ ...s, token: true });
      },
    },
    isDone: (s) => s.mode === 'FREE',
  };
}

/** The process is in the critical section. */
export const inCriticalSection = (s: TRState): boolean => s.mode === 'HELD';

/** The process waits for the token. */
export const waiting = (s: TRState): boolean => s.mode === 'WANT';
