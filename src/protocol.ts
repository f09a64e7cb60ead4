/**
 * The protocol level: N processes, each an explicit state machine with plain-data local state,
 * named local actions with guards, and one handler per message type. A handler is pure: it
 * returns the new local state and the messages to send, and mutates nothing.
 *
 * This file is types and small helpers only: it knows nothing of the checker, which composes a
 * protocol with a network and a workload into a system it can explore.
 */

/** Every message is plain data with a `type` that selects its handler. */
export interface Message {
  readonly type: string;
}

/** What a process knows about its place in the system. */
export interface Context {
  /** This process's id, 0 … n-1. */
  readonly self: number;
  /** Number of processes. */
  readonly n: number;
  /** Every other process id, ascending. */
  readonly others: readonly number[];
}

/** One message to one process. */
export interface Send<M> {
  readonly to: number;
  readonly msg: M;
}

/**
 * What a step means to the application above the protocol (lecture notes, "Receiving versus
 * delivering"): the application messages it multicasts and those it delivers, by identity (any
 * plain data, e.g. `P0#1`). Receiving a message into a hold-back queue is the network's business
 * and declares nothing; delivering it to the application is an event of its own. The checker's
 * application-level happens-before is built from these declarations (see `checker/delivery.ts`).
 */
export interface AppEvents {
  /** Application messages multicast in this step, in order. */
  readonly multicasts?: readonly unknown[];
  /** Application messages delivered in this step, in delivery order (after this step's multicasts). */
  readonly deliver?: readonly unknown[];
}

/** The result of a handler or local action: the new local state and the messages to send. */
export interface Step<L, M> extends AppEvents {
  readonly state: L;
  readonly send?: readonly Send<M>[];
}

/** A named local action: enabled when `guard` holds; `run` is one atomic step. */
export interface LocalAction<L, M> {
  readonly guard: (state: L, ctx: Context) => boolean;
  readonly run: (state: L, ctx: Context) => Step<L, M>;
}

/** One handler per message type, receiving the message narrowed to that type. */
export type Handlers<L, M extends Message> = {
  readonly [T in M['type']]: (state: L, msg: Extract<M, { type: T }>, from: number, ctx: Context) => Step<L, M>;
};

/** A protocol: the code every process runs. */
export interface Protocol<L, M extends Message> {
  readonly name: string;
  /** Initial local state of process ctx.self. */
  readonly init: (ctx: Context) => L;
  /** Local actions, tried in this order. */
  readonly actions: Readonly<Record<string, LocalAction<L, M>>>;
  readonly handlers: Handlers<L, M>;
  /**
   * The process is at rest: it has nothing more to do of its own (e.g. FREE, not waiting). A state
   * with no enabled step is a proper end only if every live process is at rest. Default: always.
   */
  readonly isDone?: (state: L, ctx: Context) => boolean;
}

/** `msg` to process `to`. */
export function send<M>(to: number, msg: M): Send<M> {
  return { to, msg };
}

/** `msg` to every other process (a netcast: one message each, in ascending id order). */
export function multicast<M>(ctx: Context, msg: M): Send<M>[] {
  return ctx.others.map((to) => ({ to, msg }));
}

/**
 * A step to `state`, sending the given messages (single sends or lists of them); an `AppEvents`
 * among them (`{ deliver: [m] }`, `{ multicasts: [m] }`) declares what the step means to the
 * application: `step(s, multicast(ctx, msg), { multicasts: [msg.id], deliver: [msg.id] })`.
 */
export function step<L, M>(state: L, ...sends: (Send<M> | readonly Send<M>[] | AppEvents)[]): Step<L, M> {
  const flat: Send<M>[] = [];
  let multicasts: unknown[] | undefined;
  let deliver: unknown[] | undefined;
  for (const s of sends) {
    if (Array.isArray(s)) flat.push(...(s as Send<M>[]));
    else if ('to' in (s as object)) flat.push(s as Send<M>);
    else {
      const a = s as AppEvents;
      if (a.multicasts?.length) (multicasts ??= []).push(...a.multicasts);
      if (a.deliver?.length) (deliver ??= []).push(...a.deliver);
    }
  }
  return { state, ...(flat.length ? { send: flat } : {}), ...(multicasts ? { multicasts } : {}), ...(deliver ? { deliver } : {}) };
}

/** The context of process `self` among `n`. */
export function contextOf(self: number, n: number): Context {
  return Object.freeze({ self, n, others: Object.freeze(Array.from({ length: n }, (_, i) => i).filter((i) => i !== self)) });
}
