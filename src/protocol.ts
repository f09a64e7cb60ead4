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
  /** This process's id, 0 … n-1 (ids are numbered across roles, in the order the roles are declared). */
  readonly self: number;
  /** Number of processes (of every role). */
  readonly n: number;
  /** Every other process id, ascending. */
  readonly others: readonly number[];
  /** This process's role (a single-role system has one, named after its protocol). */
  readonly role: string;
  /** This process's position among the processes of its role, from 0. */
  readonly index: number;
  /** peers[role]: the ids of that role's processes, ascending (this process's own included). */
  readonly peers: Readonly<Record<string, readonly number[]>>;
}

/** One message to one process. */
export interface Send<M> {
  readonly to: number;
  readonly msg: M;
}

/** The result of a handler or local action: the new local state and the messages to send. */
export interface Step<L, M> {
  readonly state: L;
  readonly send?: readonly Send<M>[];
}

/** A named local action: enabled when `guard` holds; `run` is one atomic step. */
export interface LocalAction<L, M> {
  readonly guard: (state: L, ctx: Context) => boolean;
  readonly run: (state: L, ctx: Context) => Step<L, M>;
}

/** One handler per message type, receiving the message narrowed to that type; steps send `Out`. */
export type Handlers<L, M extends Message, Out = M> = {
  readonly [T in M['type']]: (state: L, msg: Extract<M, { type: T }>, from: number, ctx: Context) => Step<L, Out>;
};

/**
 * A protocol: the code every process of one role runs. It handles the messages `M` and sends
 * `Out` (the same type unless the role talks to another role: a client handles GRANT and sends
 * LOCK, its coordinator the other way round).
 */
export interface Protocol<L, M extends Message, Out extends Message = M> {
  readonly name: string;
  /** Initial local state of process ctx.self. */
  readonly init: (ctx: Context) => L;
  /** Local actions, tried in this order. */
  readonly actions: Readonly<Record<string, LocalAction<L, Out>>>;
  readonly handlers: Handlers<L, M, Out>;
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

/** A step to `state`, sending the given messages (single sends or lists of them). */
export function step<L, M>(state: L, ...sends: (Send<M> | readonly Send<M>[])[]): Step<L, M> {
  const flat: Send<M>[] = [];
  for (const s of sends) {
    if (Array.isArray(s)) flat.push(...(s as Send<M>[]));
    else flat.push(s as Send<M>);
  }
  return flat.length ? { state, send: flat } : { state };
}

/**
 * The context of process `self` among `n`. `peers` gives each role's ids (default: one role,
 * `process`, of every id).
 */
export function contextOf(self: number, n: number, peers?: Readonly<Record<string, readonly number[]>>): Context {
  const all = Object.freeze(Array.from({ length: n }, (_, i) => i));
  const roles: Readonly<Record<string, readonly number[]>> = peers ?? Object.freeze({ process: all });
  const role = Object.keys(roles).find((r) => roles[r].includes(self));
  if (role === undefined) throw new Error(`contextOf: process ${self} has no role`);
  return Object.freeze({ self, n, others: Object.freeze(all.filter((i) => i !== self)), role, index: roles[role].indexOf(self), peers: roles });
}

// ---- layers: a protocol that wraps another -------------------------------------------------------

/** What the wrapped protocol just did, as a layer sees it. */
export type LayerEvent<M, W = M> =
  | { readonly kind: 'local'; readonly action: string }
  /** `msg` as the inner protocol saw it; `wrapped` as it travelled. */
  | { readonly kind: 'receive'; readonly msg: M; readonly wrapped: W; readonly from: number };

/**
 * A layer around an inner protocol (Chandy–Lamport around a bank; ghost bookkeeping around a mutual
 * exclusion algorithm). The inner protocol keeps its own actions (names and guards) and handlers;
 * the layer keeps its state beside the inner one, sees each inner step, and may add local actions
 * and message types of its own. L, M: the inner state and messages; S, W: the layer's.
 */
export interface LayerSpec<L, M extends Message, S, W extends Message> {
  /** Name of the layered protocol (default `inner+layer`). */
  readonly name: string;
  /** The layered state of a process whose inner protocol starts in `inner`. */
  readonly init: (inner: L, ctx: Context) => S;
  /** The inner state inside a layered one. */
  readonly inner: (s: S) => L;
  /**
   * The layered step after the inner protocol took `res` in event `ev` (the inner state is
   * `res.state`; its sends are `res.send`). Converts the sends to the layer's messages.
   */
  readonly after: (s: S, res: Step<L, M>, ev: LayerEvent<M, W>, ctx: Context) => Step<S, W>;
  /** The inner message inside a layered one (default: the message itself). */
  readonly unwrap?: (msg: W) => M;
  /** An extra condition on the inner protocol's local actions (default: none). */
  readonly allow?: (s: S, action: string, ctx: Context) => boolean;
  /** The layer's own local actions; their names must not clash with the inner protocol's. */
  readonly actions?: Readonly<Record<string, LocalAction<S, W>>>;
  /** Handlers of the layer's own message types; the inner protocol must not have these types. */
  readonly handlers?: Readonly<Record<string, (s: S, msg: W, from: number, ctx: Context) => Step<S, W>>>;
  /** At rest, given whether the inner protocol is (default: when the inner protocol is). */
  readonly isDone?: (s: S, innerDone: boolean, ctx: Context) => boolean;
}

/** The protocol `inner` wrapped in a layer (see LayerSpec). Name clashes are errors. */
export function layer<L, M extends Message, S, W extends Message>(inner: Protocol<L, M>, spec: LayerSpec<L, M, S, W>): Protocol<S, W> {
  for (const a of Object.keys(spec.actions ?? {})) {
    if (a in inner.actions) throw new Error(`layer ${spec.name}: ${inner.name} has its own local action '${a}'`);
  }
  for (const t of Object.keys(spec.handlers ?? {})) {
    if (t in inner.handlers) throw new Error(`layer ${spec.name}: ${inner.name} has its own message type '${t}'`);
  }
  const unwrap = spec.unwrap ?? ((msg: W) => msg as unknown as M);
  const allow = spec.allow;
  const actions: Record<string, LocalAction<S, W>> = {};
  for (const [name, a] of Object.entries(inner.actions)) {
    const ev: LayerEvent<M, W> = Object.freeze({ kind: 'local', action: name });
    actions[name] = {
      guard: allow ? (s, ctx) => allow(s, name, ctx) && a.guard(spec.inner(s), ctx) : (s, ctx) => a.guard(spec.inner(s), ctx),
      run: (s, ctx) => spec.after(s, a.run(spec.inner(s), ctx), ev, ctx),
    };
  }
  Object.assign(actions, spec.actions);
  type Handler = (s: S, msg: W, from: number, ctx: Context) => Step<S, W>;
  const handlers: Record<string, Handler> = {};
  const innerHandlers = inner.handlers as unknown as Readonly<Record<string, (s: L, msg: M, from: number, ctx: Context) => Step<L, M>>>;
  for (const [type, h] of Object.entries(innerHandlers)) {
    handlers[type] = (s, msg, from, ctx) => {
      const m = unwrap(msg);
      return spec.after(s, h(spec.inner(s), m, from, ctx), { kind: 'receive', msg: m, wrapped: msg, from }, ctx);
    };
  }
  Object.assign(handlers, spec.handlers);
  const innerDone = inner.isDone;
  const isDone = spec.isDone;
  return {
    name: spec.name,
    init: (ctx) => spec.init(inner.init(ctx), ctx),
    actions,
    // The one cast of a layer: the handler table is built by type name at run time.
    handlers: handlers as unknown as Handlers<S, W>,
    ...(isDone || innerDone
      ? {
          isDone: (s: S, ctx: Context) => {
            const done = innerDone ? innerDone(spec.inner(s), ctx) : true;
            return isDone ? isDone(s, done, ctx) : done;
          },
        }
      : {}),
  };
}
