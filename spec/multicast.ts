/**
 * Ordered-multicast properties, written once and applied to every protocol of the family through a
 * view: a process's delivery log (identities `P<sender>#<number>`, in delivery order) and how many
 * multicasts it has made. Lecture notes, "FIFO ordering", "Stronger orderings", "Causal ordering",
 * "Total ordering"; Coulouris et al., "Distributed Systems", §15.4 (integrity, validity, FIFO,
 * causal and total ordering).
 *
 * Also the process-group properties, through the coordinator's order of joins, leaves and
 * multicasts (lecture notes, "Process groups").
 */
import { always, alwaysNot, atQuiescence, atQuiescenceNot, happensBefore, leadsTo, sometimes, stable, type Event, type GlobalState, type Property } from 'interleave';
import { msgId, parseMsgId, type MsgId } from '../src/multicast/holdback.ts';
import type { GroupEvent } from '../src/multicast/group.ts';

/** How an ordered-multicast protocol's local state is read by the properties. */
export interface MulticastView<L> {
  /** The delivery log, oldest first. */
  readonly delivered: (s: L) => readonly MsgId[];
  /** How many multicasts the process has made (its multicasts are numbered 1 … this). */
  readonly multicasts: (s: L) => number;
  /** How many received messages the process holds back (for the witness that hold-back is used). */
  readonly heldBack: (s: L) => number;
}

type G<L, M> = GlobalState<L, M>;

// ---- the checks, as plain functions (also used by the tests and the table) --------------------------

/** Why integrity fails in g, or null: nothing is delivered twice, nothing that was not multicast. */
export function integrityBreach<L, M>(view: MulticastView<L>, g: G<L, M>): string | null {
  for (let p = 0; p < g.n; p++) {
    const log = view.delivered(g.procs[p]);
    const seen = new Set<MsgId>();
    for (const id of log) {
      if (seen.has(id)) return `P${p} delivered ${id} twice`;
      seen.add(id);
      const { sender, seq } = parseMsgId(id);
      if (sender >= g.n || seq < 1 || seq > view.multicasts(g.procs[sender])) return `P${p} delivered ${id}, which was not multicast`;
    }
  }
  return null;
}

/** Every multicast made so far, by sender then number. */
export function allMulticasts<L, M>(view: MulticastView<L>, g: G<L, M>): MsgId[] {
  const ids: MsgId[] = [];
  for (let s = 0; s < g.n; s++) for (let k = 1; k <= view.multicasts(g.procs[s]); k++) ids.push(msgId(s, k));
  return ids;
}

/** Why FIFO order fails, or null: each process delivers a sender's multicasts 1, 2, 3, … (none before all earlier ones). */
export function fifoBreach<L, M>(view: MulticastView<L>, g: G<L, M>): string | null {
  for (let p = 0; p < g.n; p++) {
    const next = new Array<number>(g.n).fill(1);
    for (const id of view.delivered(g.procs[p])) {
      const { sender, seq } = parseMsgId(id);
      if (seq !== next[sender]) return `P${p} delivered ${id} before ${msgId(sender, next[sender])}`;
      next[sender]++;
    }
  }
  return null;
}

/**
 * Why total order fails on the messages two processes both delivered, or null: any two processes
 * deliver those in the same order. (What a group whose members change can promise: a process
 * delivers only what was multicast while it was a member. A fixed group promises more: see
 * `skipBreach`.)
 */
export function totalBreach<L, M>(view: MulticastView<L>, g: G<L, M>): string | null {
  for (let p = 0; p < g.n; p++) {
    const lp = view.delivered(g.procs[p]);
    for (let q = p + 1; q < g.n; q++) {
      const lq = view.delivered(g.procs[q]);
      const at = new Map<MsgId, number>();
      lq.forEach((id, i) => at.set(id, i));
      let prev: MsgId | undefined;
      let prevAt = -1;
      for (const id of lp) {
        const i = at.get(id);
        if (i === undefined) continue;
        if (i < prevAt) return `P${p} delivered ${prev} before ${id}, P${q} the other way round`;
        prev = id;
        prevAt = i;
      }
    }
  }
  return null;
}

/**
 * Why total order as the notes define it fails in a fixed group beyond `totalBreach`, or null:
 * "if any processes delivers a message m1 before m2, then all processes will deliver m1 before m2".
 * A process that has delivered m2 without m1, while another delivered m1 before m2, can now deliver
 * m1 only after m2, or never: the order is broken already, whether or not it ever delivers m1.
 */
export function skipBreach<L, M>(view: MulticastView<L>, g: G<L, M>): string | null {
  for (let p = 0; p < g.n; p++) {
    const lp = view.delivered(g.procs[p]);
    for (let q = 0; q < g.n; q++) {
      if (q === p) continue;
      const lq = new Set(view.delivered(g.procs[q]));
      let missing: MsgId | undefined; // the first message P<p> delivered that P<q> has not
      for (const id of lp) {
        if (!lq.has(id)) missing ??= id;
        else if (missing !== undefined) return `P${p} delivered ${missing} before ${id}, P${q} delivered ${id} without ${missing}`;
      }
    }
  }
  return null;
}

/**
 * The application-level vector timestamp of each multicast event, from the engine's ground truth
 * (`checker/delivery.ts`): the protocol declares its multicasts and deliveries, and the engine's
 * application-level happens-before runs from each multicast to its deliveries, not through a
 * receipt into a hold-back queue.
 */
export function multicastTimes<L, M>(view: MulticastView<L>, g: G<L, M>): Map<MsgId, readonly number[]> {
  const times = new Map<MsgId, readonly number[]>();
  for (let s = 0; s < g.n; s++) {
    const made = view.multicasts(g.procs[s]);
    if (made === 0) continue;
    const events: readonly Event<L, M>[] = g.events[s];
    if (events.length === 0) throw new Error(`causal order needs the engine's happens-before: build the system with causality: true (P${s} has multicast ${made} times but has no events)`);
    for (const e of events) for (const a of e.app ?? []) if (a.kind === 'multicast') times.set(a.id as MsgId, a.avt);
    if (!times.has(msgId(s, made))) throw new Error(`causal order needs the protocol to declare its multicasts and deliveries (Step.multicasts, Step.deliver): P${s} has multicast ${made} times, and no step declared ${msgId(s, made)}`);
  }
  return times;
}

/**
 * Why causal order fails, or null: if multicast(m1) → multicast(m2) (the engine's application-level
 * happens-before), every process that delivers m2 has delivered m1 before it.
 */
export function causalBreach<L, M>(view: MulticastView<L>, g: G<L, M>): string | null {
  const times = multicastTimes(view, g);
  const ids = [...times.keys()];
  for (let p = 0; p < g.n; p++) {
    const log = view.delivered(g.procs[p]);
    const at = new Map<MsgId, number>();
    log.forEach((id, i) => at.set(id, i));
    for (let j = 0; j < log.length; j++) {
      const t2 = times.get(log[j]);
      if (!t2) continue; // not multicast: integrity's business
      for (const m1 of ids) {
        if (m1 === log[j] || !happensBefore({ vt: times.get(m1) as readonly number[] }, { vt: t2 })) continue;
        const i = at.get(m1);
        if (i === undefined || i > j) return `${m1} → ${log[j]}, yet P${p} delivered ${log[j]} ${i === undefined ? 'without' : 'before'} ${m1}`;
      }
    }
  }
  return null;
}

/** Why validity fails, or null: every process delivered every multicast. */
export function validityBreach<L, M>(view: MulticastView<L>, g: G<L, M>): string | null {
  const ids = allMulticasts(view, g);
  for (let p = 0; p < g.n; p++) {
    const log = new Set(view.delivered(g.procs[p]));
    for (const id of ids) if (!log.has(id)) return `P${p} never delivered ${id}`;
  }
  return null;
}

// ---- the properties -----------------------------------------------------------------------------------

/** Nothing is delivered twice, and nothing is delivered that was not multicast. */
export function integrity<L, M>(view: MulticastView<L>): Property<G<L, M>> {
  return alwaysNot('integrity', (g) => integrityBreach(view, g), 'no process delivers a message twice, or one that was not multicast');
}

/** At quiescence, every process delivered every multicast. */
export function validity<L, M>(view: MulticastView<L>): Property<G<L, M>> {
  return atQuiescenceNot('validity', (g) => validityBreach(view, g), 'in every state with no enabled step, every process delivered every multicast');
}

/** Each process delivers each sender's multicasts in the order they were sent. */
export function fifoOrder<L, M>(view: MulticastView<L>): Property<G<L, M>> {
  return alwaysNot('FIFO order', (g) => fifoBreach(view, g), "every process delivers a sender's multicasts in the order it sent them, none before all earlier ones");
}

/** If multicast(m1) → multicast(m2), every process delivers m1 before m2 (needs `causality: true` and declared multicasts and deliveries). */
export function causalOrder<L, M>(view: MulticastView<L>): Property<G<L, M>> {
  return alwaysNot('causal order', (g) => causalBreach(view, g), "if multicast(m1) → multicast(m2) (the application-level happens-before: multicast and deliver events), every process that delivers m2 delivered m1 before it");
}

/**
 * Total order, as the notes define it for a group of fixed members: if a process delivers m1 before
 * m2, every process delivers m1 before m2 (none delivers them the other way round, and none delivers
 * m2 without m1). With `members: 'changing'` (a group that processes join and leave) only the
 * messages two processes both delivered are compared.
 */
export function totalOrder<L, M>(view: MulticastView<L>, members: 'fixed' | 'changing' = 'fixed'): Property<G<L, M>> {
  if (members === 'changing') return alwaysNot('total order', (g) => totalBreach(view, g), 'any two processes deliver the messages they both deliver in the same order');
  return alwaysNot('total order', (g) => totalBreach(view, g) ?? skipBreach(view, g), 'if a process delivers m1 before m2, every process delivers m1 before m2: none the other way round, none m2 without m1');
}

/** FIFO and total order together. */
export function fifoTotalOrder<L, M>(view: MulticastView<L>): Property<G<L, M>> {
  return alwaysNot('FIFO-total order', (g) => fifoBreach(view, g) ?? totalBreach(view, g) ?? skipBreach(view, g), "total order, with each sender's multicasts in the order it sent them");
}

/** Witness: some process holds a received message back (the hold-back queue is used). */
export function heldBack<L, M>(view: MulticastView<L>): Property<G<L, M>> {
  return sometimes('held back', (g) => g.procs.some((s) => view.heldBack(s) > 0), 'some process holds a received message back');
}

/**
 * The notes' causal example ("Causal ordering"): m1 → m2, m2 from another sender, "but P2 sees m2
 * before m1"; "To be correct, must hold back (delay) delivery of m2 at P2", and "Once m1 received,
 * can deliver m1 and then m2". Met where some process delivered, in one step, m1 and then m2 from
 * two different senders with multicast(m1) → multicast(m2) (the engine's application-level
 * happens-before): m2 was received earlier and held back for m1, not for an earlier multicast of
 * its own sender (which is FIFO's hold-back, the `held back` witness's first case). Stable: the
 * events it reads only grow.
 */
export function heldBackForOtherSender<L, M>(view: MulticastView<L>): Property<G<L, M>> {
  const found = (g: G<L, M>): { p: number; m1: MsgId; m2: MsgId } | null => {
    let times: Map<MsgId, readonly number[]> | undefined;
    for (let p = 0; p < g.n; p++) {
      for (const e of g.events[p]) {
        const delivered = (e.app ?? []).filter((a) => a.kind === 'deliver').map((a) => a.id as MsgId);
        for (let j = 1; j < delivered.length; j++) {
          for (let i = 0; i < j; i++) {
            const m1 = delivered[i];
            const m2 = delivered[j];
            if (parseMsgId(m1).sender === parseMsgId(m2).sender) continue;
            times ??= multicastTimes(view, g);
            const t1 = times.get(m1);
            const t2 = times.get(m2);
            if (t1 && t2 && happensBefore({ vt: t1 }, { vt: t2 })) return { p, m1, m2 };
          }
        }
      }
    }
    return null;
  };
  return stable(
    sometimes(
      'm2 held back until m1',
      (g) => found(g) !== null,
      "the notes' causal example: multicast(m1) → multicast(m2), m2 from another sender reached a process first and was held back, and that process delivered m1 and then m2 in one step",
    ),
  );
}

/** Witness: two or more multicasts, each delivered everywhere (validity is not vacuous). */
export function allDelivered<L, M>(view: MulticastView<L>): Property<G<L, M>> {
  return sometimes('all delivered', (g) => allMulticasts(view, g).length >= 2 && validityBreach(view, g) === null, 'at least two multicasts have been made, and every process delivered every one of them');
}

/**
 * Liveness: every multicast is eventually delivered by every live member. One instance per
 * (receiver r, sender s, number k ≤ perSender): once s has made its k-th multicast and r (live,
 * not s) has not delivered it, r delivers it later (or crashes).
 */
export function everyMulticastDelivered<L, M>(view: MulticastView<L>, perSender: number): Property<G<L, M>> {
  const decode = (g: G<L, M>, i: number) => ({ r: i % g.n, s: Math.floor(i / g.n) % g.n, k: Math.floor(i / (g.n * g.n)) + 1 });
  const done = (g: G<L, M>, i: number): boolean => {
    const { r, s, k } = decode(g, i);
    return g.crashed[r] || view.delivered(g.procs[r]).includes(msgId(s, k));
  };
  return leadsTo<G<L, M>>(
    'every multicast is eventually delivered',
    (g, i) => {
      const { r, s, k } = decode(g, i);
      return r !== s && view.multicasts(g.procs[s]) >= k && !done(g, i);
    },
    done,
    {
      instances: (g) => g.n * g.n * perSender,
      instanceName: (g, i) => {
        const { r, s, k } = decode(g, i);
        return `P${r} delivers ${msgId(s, k)}`;
      },
      description: 'every multicast is eventually delivered by every live member (per receiver, sender and number)',
      reason: (g, i) => {
        const { r, s, k } = decode(g, i);
        const inFlight = g.channels.some((row) => row[r].length > 0);
        return `P${s} multicast P${s}#${k}, and P${r} never delivers it: P${r} has delivered [${view.delivered(g.procs[r]).join(', ')}]${inFlight ? '' : ', and nothing is in flight to it'}`;
      },
    },
  );
}

/** Witness: two processes deliver two messages in different orders (the ordering is not total). */
export function ordersDiffer<L, M>(view: MulticastView<L>): Property<G<L, M>> {
  return sometimes('orders differ', (g) => totalBreach(view, g) !== null, 'two processes deliver the same two messages in different orders (not total order)');
}

/** Witness: some process delivers a sender's multicast before an earlier one (the ordering is not FIFO). */
export function fifoBroken<L, M>(view: MulticastView<L>): Property<G<L, M>> {
  return sometimes('FIFO broken', (g) => fifoBreach(view, g) !== null, "some process delivers a sender's multicast before that sender's earlier one (not FIFO)");
}

/** Witness: a process delivers m2 and not yet m1 although multicast(m1) → multicast(m2) (the ordering is not causal). */
export function causalityBroken<L, M>(view: MulticastView<L>): Property<G<L, M>> {
  return sometimes('causality broken', (g) => causalBreach(view, g) !== null, 'some process delivers m2 before m1 although multicast(m1) → multicast(m2) (not causal order)');
}

// ---- process groups ---------------------------------------------------------------------------------

/** How a process group is read: the ordered-multicast view, plus the coordinator's order. */
export interface GroupView<L> extends MulticastView<L> {
  /** The coordinator's process id. */
  readonly coordinator: number;
  /** The members before anything is ordered. */
  readonly initialMembers: (n: number) => readonly number[];
  /** The coordinator's order of joins, leaves and multicasts (read from its state). */
  readonly history: (coordinatorState: L) => readonly GroupEvent[];
}

/** The coordinator's order, walked once: where each multicast stands and who was a member then. */
export interface GroupOrder {
  /** Each accepted multicast: its position in the order, its sender, and the members at that point. */
  readonly mcasts: ReadonlyMap<MsgId, { readonly at: number; readonly sender: number; readonly members: ReadonlySet<number> }>;
  /** Position of each process's join / leave. */
  readonly joinAt: ReadonlyMap<number, number>;
  readonly leaveAt: ReadonlyMap<number, number>;
  /** Positions of refused multicasts. */
  readonly rejects: number;
}

const orders = new WeakMap<object, GroupOrder>();

/** The coordinator's order as positions and memberships (cached per history, which is frozen data). */
export function groupOrder(history: readonly GroupEvent[], initial: readonly number[]): GroupOrder {
  const cached = orders.get(history);
  if (cached) return cached;
  const members = new Set(initial);
  const mcasts = new Map<MsgId, { at: number; sender: number; members: ReadonlySet<number> }>();
  const joinAt = new Map<number, number>();
  const leaveAt = new Map<number, number>();
  let rejects = 0;
  history.forEach((e, at) => {
    if (e.op === 'join') {
      members.add(e.p);
      joinAt.set(e.p, at);
    } else if (e.op === 'leave') {
      members.delete(e.p);
      leaveAt.set(e.p, at);
    } else if (e.op === 'mcast') mcasts.set(e.id, { at, sender: parseMsgId(e.id).sender, members: new Set(members) });
    else rejects++;
  });
  const r = { mcasts, joinAt, leaveAt, rejects };
  orders.set(history, r);
  return r;
}

function orderOf<L, M>(view: GroupView<L>, g: G<L, M>): GroupOrder {
  return groupOrder(view.history(g.procs[view.coordinator]), view.initialMembers(g.n));
}

/** A closed group never delivers a non-member's message: the sender was a member where its multicast was ordered. */
export function closedGroup<L, M>(view: GroupView<L>): Property<G<L, M>> {
  return alwaysNot(
    'closed group',
    (g) => {
      const o = orderOf(view, g);
      for (let p = 0; p < g.n; p++) {
        for (const id of view.delivered(g.procs[p])) {
          const m = o.mcasts.get(id);
          if (m && !m.members.has(m.sender)) return `P${p} delivered ${id}, although P${m.sender} was not a member where the coordinator ordered it`;
        }
      }
      return null;
    },
    "no process delivers a multicast whose sender was not a member where the coordinator ordered it",
  );
}

/** A member that left delivers no multicast ordered after its leave. */
export function noDeliveryAfterLeave<L, M>(view: GroupView<L>): Property<G<L, M>> {
  return alwaysNot(
    'no delivery after leave',
    (g) => {
      const o = orderOf(view, g);
      for (const [p, left] of o.leaveAt) {
        for (const id of view.delivered(g.procs[p])) {
          const m = o.mcasts.get(id);
          if (m && m.at > left) return `P${p} left, yet delivered ${id}, which the coordinator ordered after its leave`;
        }
      }
      return null;
    },
    'a process that left delivers no multicast ordered after its leave',
  );
}

/** At quiescence, every process delivered every multicast ordered while it was a member (a joiner, all after its join). */
export function membersDeliver<L, M>(view: GroupView<L>): Property<G<L, M>> {
  return atQuiescenceNot(
    'joined member delivers later multicasts',
    (g) => {
      const o = orderOf(view, g);
      for (let p = 0; p < g.n; p++) {
        const log = new Set(view.delivered(g.procs[p]));
        for (const [id, m] of o.mcasts) if (m.members.has(p) && !log.has(id)) return `no step is enabled, and P${p} never delivered ${id}, ordered while it was a member`;
      }
      return null;
    },
    'in every state with no enabled step, every process delivered every multicast ordered while it was a member (a joiner: every one after its join)',
  );
}

/** A multicast process p made that the coordinator has neither ordered nor refused, if any. */
function unordered<L, M>(view: GroupView<L>, g: G<L, M>, p: number): MsgId | undefined {
  const seen = new Set(view.history(g.procs[view.coordinator]).flatMap((e) => (e.op === 'mcast' || e.op === 'reject' ? [e.id] : [])));
  for (let k = 1; k <= view.multicasts(g.procs[p]); k++) if (!seen.has(msgId(p, k))) return msgId(p, k);
  return undefined;
}

/**
 * The notes' "Allows fault-tolerant systems even if some processes fail": while the coordinator
 * is up, the live members go on whatever other members crash. At quiescence with the coordinator
 * live, every live process delivered every multicast ordered while it was a member, and every
 * multicast a live process made was ordered (its MCAST reached the coordinator).
 */
export function liveMembersDeliver<L, M>(view: GroupView<L>): Property<G<L, M>> {
  return atQuiescenceNot(
    'live members deliver',
    (g) => {
      if (g.crashed[view.coordinator]) return null;
      const o = orderOf(view, g);
      for (let p = 0; p < g.n; p++) {
        if (g.crashed[p]) continue;
        const missing = unordered(view, g, p);
        if (missing !== undefined) return `no step is enabled, the coordinator is up, and P${p}'s multicast ${missing} was never ordered`;
        const log = new Set(view.delivered(g.procs[p]));
        for (const [id, m] of o.mcasts) if (m.members.has(p) && !log.has(id)) return `no step is enabled, the coordinator is up, and the live P${p} never delivered ${id}, ordered while it was a member${g.crashed.some((c) => c) ? ` (P${g.crashed.findIndex((c) => c)} crashed)` : ''}`;
      }
      return null;
    },
    'in every state with no enabled step and the coordinator up, every live process delivered every multicast ordered while it was a member, and every multicast a live process made was ordered',
  );
}

/**
 * Witness that `live members deliver` is not vacuous: a member crashed, and a multicast it never
 * delivered was delivered by every live member.
 */
export function memberCrashedOthersDeliver<L, M>(view: GroupView<L>): Property<G<L, M>> {
  return sometimes(
    'a member crashed, the others deliver',
    (g) => {
      const crashed = g.crashed.findIndex((c, p) => c && p !== view.coordinator);
      if (crashed < 0 || g.crashed[view.coordinator]) return false;
      const missed = new Set(view.delivered(g.procs[crashed]));
      const o = orderOf(view, g);
      for (const [id, m] of o.mcasts) {
        if (!m.members.has(crashed) || missed.has(id)) continue;
        let all = true;
        for (let p = 0; p < g.n && all; p++) if (!g.crashed[p] && m.members.has(p) && !view.delivered(g.procs[p]).includes(id)) all = false;
        if (all) return true;
      }
      return false;
    },
    'a member crashed, and every live member delivered a multicast the crashed one never did',
  );
}

/**
 * Witness of the notes' "… but may require extra work to elect coordinator": the coordinator has
 * crashed, and a live member's multicast was never ordered: without a new coordinator, no one
 * delivers it.
 */
export function coordinatorCrashStalls<L, M>(view: GroupView<L>): Property<G<L, M>> {
  return sometimes(
    'a crashed coordinator stalls the group',
    (g) => {
      if (!g.crashed[view.coordinator]) return false;
      for (let p = 0; p < g.n; p++) if (!g.crashed[p] && unordered(view, g, p) !== undefined) return true;
      return false;
    },
    "the coordinator crashed before ordering a live member's multicast, which no one will deliver",
  );
}

/** Witness: the closed group refuses a non-member's multicast. */
export function nonMemberRefused<L, M>(view: GroupView<L>): Property<G<L, M>> {
  return sometimes('non-member refused', (g) => orderOf(view, g).rejects > 0, "the coordinator refuses a non-member's multicast");
}

/** Witness: a member leaves, and a multicast is ordered after its leave (the leave property is not vacuous). */
export function orderedAfterLeave<L, M>(view: GroupView<L>): Property<G<L, M>> {
  return sometimes(
    'multicast after a leave',
    (g) => {
      const o = orderOf(view, g);
      return [...o.leaveAt.values()].some((left) => [...o.mcasts.values()].some((m) => m.at > left));
    },
    'a multicast is ordered after some member left',
  );
}

/** Witness: a joiner delivers a multicast ordered after its join. */
export function joinerDelivers<L, M>(view: GroupView<L>): Property<G<L, M>> {
  return sometimes(
    'joiner delivers',
    (g) => {
      const o = orderOf(view, g);
      for (const [p, joined] of o.joinAt) for (const id of view.delivered(g.procs[p])) if ((o.mcasts.get(id)?.at ?? -1) > joined) return true;
      return false;
    },
    'a process that joined delivers a multicast ordered after its join',
  );
}
