/**
 * A process group with a coordinator: fixed or dynamic membership, open or closed.
 * Lecture notes, "Process groups": multicast to all members; membership fixed or dynamic, with
 * explicit join() and leave(); closed groups only allow messages from members; a coordinator
 * "makes e.g. concurrent join/leave easier". (K. Birman, "The process group approach to reliable
 * distributed computing", CACM 36(12), 1993; Coulouris et al., "Distributed Systems", §15.2.2.)
 *
 * P0 is the coordinator and always a member. It orders every membership change and every
 * multicast in one sequence: a process joins or leaves by asking it (JOIN, LEAVE), and multicasts
 * by sending it the message (MCAST). The coordinator numbers each accepted multicast with the next
 * group sequence number and netcasts it (DATA) to the members of that moment, the sender included
 * if it is a member (so a member delivers its own multicast when the coordinator's copy arrives);
 * in a closed group it refuses a non-member's multicast. A joiner learns from WELCOME the number of
 * the first multicast ordered after its join, and delivers from there in number order, holding
 * back what arrives early (also what arrives before the WELCOME). A leaver gets no multicast
 * ordered after its leave, and still delivers those ordered before it.
 *
 * The coordinator also keeps `history`, its order of joins, leaves and multicasts: a ghost
 * variable the properties read (the protocol never does).
 */
import { send, step, type Protocol, type Step } from '../protocol.ts';
import { flush, msgId, parseMsgId, receive, type HoldBack, type Ordering } from './holdback.ts';
import { quota, type Workload } from './workload.ts';

/** The coordinator. */
export const COORDINATOR = 0;

/** Membership as the process itself knows it. */
export type Status = 'out' | 'joining' | 'member' | 'left';

/** One entry of the coordinator's order. */
export type GroupEvent =
  | { readonly op: 'join'; readonly p: number }
  | { readonly op: 'leave'; readonly p: number }
  /** An accepted multicast, numbered `gsn`. */
  | { readonly op: 'mcast'; readonly id: string; readonly gsn: number }
  /** A multicast refused (closed group, sender not a member). */
  | { readonly op: 'reject'; readonly id: string };

/** A numbered multicast, as the coordinator netcasts it. */
export interface GroupData {
  readonly type: 'DATA';
  readonly id: string;
  readonly gsn: number;
}

export type GroupMessage =
  | GroupData
  | { readonly type: 'JOIN' }
  | { readonly type: 'LEAVE' }
  /** The joiner's first multicast number. */
  | { readonly type: 'WELCOME'; readonly first: number }
  /** A multicast, sent to the coordinator to be ordered. */
  | { readonly type: 'MCAST'; readonly id: string };

export interface GroupState extends HoldBack<GroupData> {
  /** This process's membership, as it knows it. */
  readonly status: Status;
  /** Multicasts made so far (sent to the coordinator, or ordered, for the coordinator). */
  readonly sent: number;
  /** The number of the last delivered multicast; null until a joiner is welcomed. */
  readonly lastGsn: number | null;
  /** Coordinator: the current members, ascending ([] elsewhere). */
  readonly members: readonly number[];
  /** Coordinator: the next multicast number (0 elsewhere). */
  readonly nextGsn: number;
  /** Coordinator: the order of joins, leaves and multicasts (ghost, for the properties; [] elsewhere). */
  readonly history: readonly GroupEvent[];
}

export interface GroupOptions extends Workload {
  /** Dynamic membership (join and leave); else fixed, every process a member. */
  readonly dynamic: boolean;
  /** Closed group: only members may multicast. */
  readonly closed: boolean;
}

/** The members at the start: everyone (fixed), or the coordinator and P1 (dynamic; the others may join). */
export function initialMembers(n: number, dynamic: boolean): number[] {
  return dynamic ? [0, 1].filter((p) => p < n) : Array.from({ length: n }, (_, p) => p);
}

/** Delivery in number order, once welcomed. */
export const groupOrdering: Ordering<GroupState, GroupData> = {
  deliverable: (s, m) => s.lastGsn !== null && m.gsn === s.lastGsn + 1,
  onDeliver: (s, m) => ({ ...s, lastGsn: m.gsn }),
  compare: (a, b) => a.gsn - b.gsn,
};

/** The coordinator numbers multicast `id` and netcasts it to the members. */
export function numberAndSend(s: GroupState, id: string): Step<GroupState, GroupMessage> {
  const msg: GroupData = { type: 'DATA', id, gsn: s.nextGsn };
  const next = receive({ ...s, nextGsn: s.nextGsn + 1, history: [...s.history, { op: 'mcast', id, gsn: msg.gsn }] }, msg, groupOrdering);
  return step(next, s.members.filter((p) => p !== COORDINATOR).map((p) => send(p, msg)));
}

/** The process group. */
export function processGroup(options: GroupOptions): Protocol<GroupState, GroupMessage> {
  const { dynamic, closed } = options;
  /** The coordinator orders multicast `id`: refuses it from a non-member of a closed group, else numbers it and netcasts it. */
  const order = (s: GroupState, id: string): Step<GroupState, GroupMessage> => {
    if (closed && !s.members.includes(parseMsgId(id).sender)) return step({ ...s, history: [...s.history, { op: 'reject', id }] });
    return numberAndSend(s, id);
  };
  return {
    name: 'process-group',
    init: (ctx) => {
      const initial = initialMembers(ctx.n, dynamic);
      const member = initial.includes(ctx.self);
      const coord = ctx.self === COORDINATOR;
      return {
        status: member ? 'member' : 'out',
        sent: 0,
        lastGsn: member ? 0 : null,
        members: coord ? initial : [],
        nextGsn: coord ? 1 : 0,
        history: [],
        delivered: [],
        held: [],
      };
    },
    actions: {
      /** join(): ask the coordinator to be let in. */
      join: {
        guard: (s, ctx) => dynamic && ctx.self !== COORDINATOR && s.status === 'out',
        run: (s) => step({ ...s, status: 'joining' }, send(COORDINATOR, { type: 'JOIN' })),
      },
      /** leave(): tell the coordinator; nothing ordered after it will come. */
      leave: {
        guard: (s, ctx) => dynamic && ctx.self !== COORDINATOR && s.status === 'member',
        run: (s) => step({ ...s, status: 'left' }, send(COORDINATOR, { type: 'LEAVE' })),
      },
      /** Multicast to the group: the coordinator orders its own at once; anyone else sends it to the coordinator. */
      multicast: {
        guard: (s, ctx) => s.sent < quota(options, ctx),
        run: (s, ctx) => {
          const id = msgId(ctx.self, s.sent + 1);
          if (ctx.self === COORDINATOR) return order({ ...s, sent: s.sent + 1 }, id);
          return step({ ...s, sent: s.sent + 1 }, send(COORDINATOR, { type: 'MCAST', id }));
        },
      },
    },
    handlers: {
      /** Coordinator: add the joiner; it will deliver from the next multicast number on. */
      JOIN: (s, _msg, from) =>
        step({ ...s, members: [...s.members, from].sort((a, b) => a - b), history: [...s.history, { op: 'join', p: from }] }, send(from, { type: 'WELCOME', first: s.nextGsn })),
      /** Coordinator: remove the leaver. */
      LEAVE: (s, _msg, from) => step({ ...s, members: s.members.filter((p) => p !== from), history: [...s.history, { op: 'leave', p: from }] }),
      /** Coordinator: order a multicast. */
      MCAST: (s, msg) => order(s, msg.id),
      /** Joiner: a member now, delivering from multicast `first` on (and whatever of that it already holds). */
      WELCOME: (s, msg) => {
        return step(flush({ ...s, status: 'member', lastGsn: msg.first - 1 }, groupOrdering));
      },
      /** Receive: deliver in number order, holding back what arrives early. */
      DATA: (s, msg) => step(receive(s, msg, groupOrdering)),
    },
    isDone: (s, ctx) => s.sent === quota(options, ctx) && s.status !== 'joining',
  };
}
