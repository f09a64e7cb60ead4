/**
 * The bully algorithm (H. Garcia-Molina, "Elections in a distributed computing system", IEEE TC
 * 31(1), 1982) with crash-stop and a perfect failure detector. Process ids are priorities: the
 * highest live process should lead.
 *
 * A process starts an election by sending ELECTION to every higher process it does not suspect; a
 * higher process answers OK (it will take over) and starts its own election. A process that
 * suspects every higher process declares itself leader and sends COORDINATOR to the others.
 *
 * Crashes are part of the model here, so that the failure detector can be one: the processes
 * listed as crashable may `crash` at any time; crashing stops the process for good (it takes no
 * step and ignores what it receives) and, as its last act, the failure detector posts DOWN to every
 * other process. A process suspects q when DOWN from q is delivered to it: a step enabled only once
 * q has crashed, at any later time (the detector is accurate and complete, not prompt).
 */
import { send, step, type Context, type Protocol, type Send } from '../protocol.ts';

export interface BullyState {
  readonly up: boolean;
  /** It has started an election. */
  readonly started: boolean;
  /** Whom it believes to be the leader, or null. */
  readonly leader: number | null;
  /** Processes its failure detector has reported crashed, ascending. */
  readonly suspected: readonly number[];
}

export type BullyMsg =
  | { readonly type: 'ELECTION' }
  | { readonly type: 'OK' }
  | { readonly type: 'COORDINATOR' }
  | { readonly type: 'DOWN' };

const ELECTION: BullyMsg = { type: 'ELECTION' };
const OK: BullyMsg = { type: 'OK' };
const COORDINATOR: BullyMsg = { type: 'COORDINATOR' };
const DOWN: BullyMsg = { type: 'DOWN' };

/** The higher processes p does not suspect. */
export function higherAlive(s: BullyState, ctx: Context): number[] {
  return ctx.others.filter((q) => q > ctx.self && !s.suspected.includes(q));
}

/** ELECTION to every higher process not suspected. */
export function electionSends(s: BullyState, ctx: Context): Send<BullyMsg>[] {
  return higherAlive(s, ctx).map((q) => send(q, ELECTION));
}

/** Bully where the processes for which `crashable(p)` holds may crash. */
export function bully(crashable: (p: number) => boolean): Protocol<BullyState, BullyMsg> {
  const start = (s: BullyState, ctx: Context) => step({ ...s, started: true }, electionSends(s, ctx));
  return {
    name: 'bully',
    init: () => ({ up: true, started: false, leader: null, suspected: [] }),
    actions: {
      start: { guard: (s) => s.up && !s.started, run: start },
      /** Every higher process is suspected (crashed): lead, and say so. */
      declare: {
        guard: (s, ctx) => s.up && s.started && s.leader !== ctx.self && higherAlive(s, ctx).length === 0,
        run: (s, ctx) => step({ ...s, leader: ctx.self }, ctx.others.filter((q) => !s.suspected.includes(q)).map((q) => send(q, COORDINATOR))),
      },
      /** Crash-stop; the failure detector tells every other process. */
      crash: {
        guard: (s, ctx) => s.up && crashable(ctx.self),
        run: (s, ctx) => step({ ...s, up: false }, ctx.others.map((q) => send(q, DOWN))),
        fair: 'none', // the environment's choice: a crash may happen, never must
      },
    },
    handlers: {
      ELECTION: (s, _m, from, ctx) => {
        if (!s.up) return step(s);
        const answer = [send(from, OK), ...(s.leader === ctx.self ? [send(from, COORDINATOR)] : [])];
        return s.started ? step(s, answer) : step({ ...s, started: true }, answer, electionSends(s, ctx));
      },
      OK: (s) => step(s),
      COORDINATOR: (s, _m, from) => (!s.up || s.suspected.includes(from) ? step(s) : step({ ...s, leader: from })),
      DOWN: (s, _m, from, ctx) => {
        if (!s.up) return step(s);
        const t: BullyState = { ...s, suspected: [...s.suspected, from].sort((a, b) => a - b) };
        // The leader is gone: elect again.
        return s.leader === from ? step({ ...t, leader: null }, s.started ? electionSends(t, ctx) : []) : step(t);
      },
    },
    isDone: (s, ctx) => !s.up || (s.started && s.leader !== null && !(s.leader !== ctx.self && higherAlive(s, ctx).length === 0)),
  };
}
