/**
 * The protocol level's types: networks, roles, observers, the global state properties read, and
 * the system spec the composer (index.ts) compiles.
 */
import type { AppEvent } from '../delivery.ts';
import type { Message, Protocol, Send } from '../../src/protocol.ts';
import type { COMPILE, Compiled, Property } from '../model.ts';

/** How channels behave. One channel per ordered pair of processes. */
export interface Network {
  /** `fifo`: delivered in send order; `unordered`: any message in flight may be delivered next (a bag). */
  readonly order: 'fifo' | 'unordered';
  /** A message in flight may be lost (an environment step). */
  readonly lossy?: boolean;
  /** A delivered message may stay in the channel and be delivered again. */
  readonly duplicating?: boolean;
  /**
   * Unordered channels only: a message sent while an equal one is in flight on the same channel
   * merges with it (the channel holds a set), so that retransmission over a lossy network keeps
   * the state space finite.
   */
  readonly merging?: boolean;
}

/** Reliable FIFO channels. */
export const fifo: Network = Object.freeze({ order: 'fifo' });
/** Reliable unordered channels. */
export const unordered: Network = Object.freeze({ order: 'unordered' });

/** One role of a system: the protocol its processes run and how many there are. */
export interface Role<L = any, M extends Message = any, Out extends Message = any> {
  readonly protocol: Protocol<L, M, Out>;
  /** Number of processes of this role (at least 1). */
  readonly count: number;
}

/** One step as an observer sees it. */
export interface Observed<L, M> {
  /** The process that took the step (for `lose`, the receiver that missed the message; for `crash`, the one that crashed). */
  readonly p: number;
  /** Its role. */
  readonly role: string;
  readonly kind: 'local' | 'receive' | 'duplicate' | 'lose' | 'crash';
  /** The local action's name or the message's type (`crash` for a crash). */
  readonly action: string;
  /** For receive, duplicate and lose: the message and its sender. */
  readonly msg?: M;
  readonly from?: number;
  /** p's local state before and after the step (equal for lose and crash). */
  readonly before: L;
  readonly after: L;
  /** Messages sent in the step. */
  readonly sent: readonly Send<M>[];
}

/**
 * A pure observer of a run: it folds every step into ghost state that properties read
 * (`GlobalState.ghost[name]`). The ghost is part of the state vector, so an observer costs states
 * only where it tells states apart; the processes never see it. Anchors: Stateright's history
 * (`record_msg_in`/`record_msg_out`), P's `spec ... observes`.
 */
export interface Observer<G, L = any, M = any> {
  readonly name: string;
  /** The ghost of the initial state (given every process's initial local state). */
  readonly init: (procs: readonly L[]) => G;
  /** The ghost after a step. Pure: same ghost and step, same result. */
  readonly observe: (ghost: G, step: Observed<L, M>) => G;
  /**
   * How traces show the ghost: per process (merged into each process's fields) and as global
   * fields. Default: one global field named after the observer.
   */
  readonly show?: (ghost: G, n: number) => { readonly perProcess?: readonly Readonly<Record<string, unknown>>[]; readonly global?: Readonly<Record<string, unknown>> };
}

/** The global state as properties see it. */
export interface GlobalState<L, M> {
  readonly n: number;
  /** procs[p]: the local state of process p. */
  readonly procs: readonly L[];
  /** roles[p]: the role of process p. */
  readonly roles: readonly string[];
  /** peers[role]: the ids of that role's processes, ascending. */
  readonly peers: Readonly<Record<string, readonly number[]>>;
  /** channels[from][to]: messages in flight (send order for FIFO; for a bag, sorted by canonical key); [] for from = to. */
  readonly channels: readonly (readonly (readonly M[])[])[];
  /** used[p][action]: how many times p did a workload-limited action. */
  readonly used: readonly Readonly<Record<string, number>>[];
  /** crashed[p]: p has crash-stopped (always false unless the system allows crashes). */
  readonly crashed: readonly boolean[];
  /** sent[p]: messages p has sent so far (0 unless the system counts messages). */
  readonly sent: readonly number[];
  /** ghost[name]: the ghost state of each observer. */
  readonly ghost: Readonly<Record<string, unknown>>;
  /** events[p]: p's events so far, oldest first (empty unless the system tracks causality). */
  readonly events: readonly (readonly Event<L, M>[])[];
  /** channelTimes[from][to][i]: vector timestamp of the send of channels[from][to][i] (causal systems). */
  readonly channelTimes: readonly (readonly (readonly (readonly number[])[])[])[];
}

/** One event of a run, with its ground-truth vector timestamp (causal systems). */
export interface Event<L, M> {
  /** The process. */
  readonly p: number;
  /** Position among p's events, from 0. */
  readonly index: number;
  /** A local action, or the delivery of a message. */
  readonly kind: 'local' | 'receive';
  /** The local action's name, or the delivered message's type. */
  readonly action: string;
  /** True vector timestamp, computed by the engine whatever clocks the protocol keeps. */
  readonly vt: readonly number[];
  /** p's local state after the event. */
  readonly state: L;
  /** For a receive: the message, its sender, and its send event's timestamp. */
  readonly received?: { readonly from: number; readonly msg: M; readonly sentAt: readonly number[] };
  /** Messages sent in this event. */
  readonly sent: readonly Send<M>[];
  /**
   * The application-level events of this step (its declared multicasts and deliveries, or one
   * `local` event for a local action that declares nothing), with their application-level vector
   * timestamps: see `checker/delivery.ts`. Empty for a receipt that delivers nothing.
   */
  readonly app?: readonly AppEvent[];
}

/** a → b: a happened before b (by their true vector timestamps). */
export function happensBefore(a: { readonly vt: readonly number[] }, b: { readonly vt: readonly number[] }): boolean {
  let strict = false;
  for (let i = 0; i < a.vt.length; i++) {
    if (a.vt[i] > b.vt[i]) return false;
    if (a.vt[i] < b.vt[i]) strict = true;
  }
  return strict;
}

/** a ∥ b: neither happened before the other, and they are different events. */
export function concurrent(a: { readonly vt: readonly number[] }, b: { readonly vt: readonly number[] }): boolean {
  return !happensBefore(a, b) && !happensBefore(b, a) && a.vt.some((x, i) => x !== b.vt[i]);
}

export interface SystemSpec<L, M extends Message> {
  readonly name?: string;
  /** One role: the protocol every process runs… */
  readonly protocol?: Protocol<L, M, any>;
  /** …and the number of processes (at least 1). */
  readonly n?: number;
  /**
   * Or several roles, in id order: `{ coordinator: { protocol: c, count: 1 }, client: { protocol:
   * p, count: 3 } }` gives the coordinator id 0 and the clients ids 1–3. Anchors: Stateright's
   * actor kinds, P's machines.
   */
  readonly roles?: Readonly<Record<string, Role>>;
  readonly network: Network;
  /** Per process, the most times each named local action may run (actions not named are unlimited; a name applies in every role that has that action). */
  readonly workload?: Readonly<Record<string, number>>;
  readonly properties?: readonly Property<GlobalState<L, M>>[];
  /** Observers whose ghosts the properties read (`GlobalState.ghost`). */
  readonly observers?: readonly Observer<any, L, M>[];
  /** A proper end. Default: every channel empty and every workload-limited action used up. */
  readonly isEnd?: (g: GlobalState<L, M>) => boolean;
  readonly checkDeadlock?: boolean;
  /**
   * Ground-truth happens-before: the engine gives every event (local action, or delivery) a true
   * vector timestamp, every message carries its send event's, and properties see each process's
   * events (`GlobalState.events`). Adds the run's causal history to the state, so the state count
   * grows; a system that does not ask pays nothing.
   */
  readonly causality?: boolean;
  /** At most this many processes crash-stop in a run (a crash is an environment step). Default 0. */
  readonly crashes?: number;
  /**
   * With `crashes`: which live process may crash, judged on its own local state (default: any, at
   * any time). E.g. one named process, only while it neither waits nor holds a resource.
   */
  readonly mayCrash?: (p: number, s: L) => boolean;
  /** Count the messages each process has sent (`GlobalState.sent`): an observer, so it adds the counters to the state. */
  readonly countMessages?: boolean;
  /** A local-state predicate that diagrams shade on the process lines (e.g. the critical section, from the family's view). */
  readonly shade?: { readonly label: string; readonly holds: (s: L) => boolean };
  /**
   * The processes of these roles (true: of every role) are interchangeable, for `--symmetry`:
   * renaming them maps runs to runs. Checked on the first states explored (checker/reduce/).
   */
  readonly symmetric?: boolean | readonly string[];
}

/** What `system` returns: the explorer accepts it. */
export interface System<L, M extends Message> {
  readonly name: string;
  readonly spec: SystemSpec<L, M>;
  /** The number of processes, of every role. */
  readonly n: number;
  readonly [COMPILE]: () => Compiled;
}

/** The ghost of observer `o` in g (typed as the observer's). */
export function ghostOf<G>(g: GlobalState<unknown, unknown>, o: Observer<G, any, any>): G {
  if (!(o.name in g.ghost)) throw new Error(`observer ${o.name} is not part of this system`);
  return g.ghost[o.name] as G;
}
