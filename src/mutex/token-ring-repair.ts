/**
 * Token passing round a ring that routes around crashed processes.
 * Lecture notes, "Token passing: pros and cons": "If a process crashes must repair ring (route
 * around)", "And worse: may need to regenerate token – tricky!".
 *
 * The ring of `token-ring.ts`, in which a process may crash-stop while it neither holds the token
 * nor is in the critical section (the notes' easy case: the token survives; regenerating a lost
 * token is the tricky one, see token-ring-regenerate). A crashed process (DOWN) takes no step of
 * its own. A message sent to it comes back to the sender (`BOUNCE`), as a refused connection
 * does: that is how the ring learns of the crash. A process that gets its token back marks the
 * successor dead and passes the token to the next process it does not know to be dead (skipping
 * over it: "route around"); a process that knows every other process dead keeps the token.
 *
 * The crash is a local step (`crash`, never forced) of one process, `victim`, rather than the
 * engine's crash-stop, because the engine's crashed process swallows messages, and the ring could
 * then only regenerate the token. One crash per run: with two, a token bounced back to a process
 * that has crashed meanwhile would be lost with it.
 */
import { send, step, type Context, type Protocol } from '../protocol.ts';

export type Mode = 'FREE' | 'WANT' | 'HELD' | 'DOWN';

export interface RepairState {
  /** FREE, WANT, HELD as in the token ring; DOWN once crashed. */
  readonly mode: Mode;
  /** This process possesses the token. */
  readonly token: boolean;
  /** The processes this one knows to have crashed (ascending). */
  readonly dead: readonly number[];
}

export type RepairMessage = { readonly type: 'TOKEN' } | { readonly type: 'BOUNCE' };

/** The next process after ctx.self, round the ring, not known to be dead; ctx.self when there is none. */
export function nextLive(s: RepairState, ctx: Context): number {
  for (let k = 1; k < ctx.n; k++) {
    const q = (ctx.self + k) % ctx.n;
    if (!s.dead.includes(q)) return q;
  }
  return ctx.self;
}

/** Pass the token on to the next live process (keep it when there is none). */
function passOn(s: RepairState, ctx: Context, mode: Mode) {
  const to = nextLive(s, ctx);
  if (to === ctx.self) return step<RepairState, RepairMessage>({ ...s, mode, token: true });
  return step<RepairState, RepairMessage>({ ...s, mode, token: false }, send(to, { type: 'TOKEN' }));
}

export interface RepairOptions {
  /** The process the environment may crash (one crash per run; the ring is symmetric but for who starts with the token). */
  readonly victim: number;
}

/** The token ring with repair. */
export function tokenRingRepair(options: RepairOptions): Protocol<RepairState, RepairMessage> {
  return {
    name: 'token-ring-repair',
    init: (ctx) => ({ mode: 'FREE', token: ctx.self === 0, dead: [] }),
    actions: {
      /** The process wants the critical section. */
      request: { guard: (s) => s.mode === 'FREE', run: (s) => step({ ...s, mode: 'WANT' }), fair: 'none' },
      /** With the token in hand, enter. */
      enter: { guard: (s) => s.mode === 'WANT' && s.token, run: (s) => step({ ...s, mode: 'HELD' }) },
      /** When finished, leave and pass the token on. */
      exit: { guard: (s) => s.mode === 'HELD', run: (s, ctx) => passOn(s, ctx, 'FREE') },
      /** Not needing the critical section, pass the token on at once (unless no one else is alive). */
      pass: { guard: (s, ctx) => s.mode === 'FREE' && s.token && nextLive(s, ctx) !== ctx.self, run: (s, ctx) => passOn(s, ctx, 'FREE') },
      /** Crash-stop, only while neither holding the token nor in the critical section. */
      crash: { guard: (s, ctx) => ctx.self === options.victim && (s.mode === 'FREE' || s.mode === 'WANT') && !s.token, run: (s) => step({ ...s, mode: 'DOWN' }), fair: 'none' },
    },
    handlers: {
      /** The token arrives: keep it; a crashed process's network sends it back. */
      TOKEN: (s, _msg, from, ctx) => {
        if (s.mode === 'DOWN') return step(s, send(from, { type: 'BOUNCE' }));
        if (s.token) throw new Error(`P${ctx.self} already holds a token and received another from P${from}`);
        return step({ ...s, token: true });
      },
      /** The token came back from a crashed successor: mark it dead, and route around it (or enter, if waiting). */
      BOUNCE: (s, _msg, from) => step({ ...s, token: true, dead: [...s.dead, from].sort((a, b) => a - b) }),
    },
    isDone: (s) => s.mode === 'FREE' || s.mode === 'DOWN',
  };
}

/** The process is in the critical section. */
export const inCriticalSection = (s: RepairState): boolean => s.mode === 'HELD';

/** The process waits for the token. */
export const waiting = (s: RepairState): boolean => s.mode === 'WANT';

/** The process competes (a crashed one no longer does). */
export const competes = (s: RepairState): boolean => s.mode !== 'DOWN';
