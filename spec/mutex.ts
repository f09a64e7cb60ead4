/**
 * Mutual-exclusion properties, written once and applied to every algorithm of the family
 * (central server, token ring, Ricart–Agrawala, Lamport) through a view: which local states are
 * in the critical section, which are waiting, which processes compete at all (the central
 * server's coordinator does not), and which workload action asks for the critical section.
 *
 * Lecture notes, "Distributed mutual exclusion": allow only one process in a critical section;
 * be live (no deadlock); cost in messages per entry; fairness as FIFO order of requests.
 */
import { always, alwaysNot, atQuiescence, atQuiescenceNot, eachProcess, ghostOf, happensBefore, layer, leadsTo, readsLocal, sometimes, system } from 'interleave';
import type { Context, Event, GlobalState, Handlers, LocalAction, Message, Observer, Property, Protocol, Step, System } from 'interleave';

/** How a mutual-exclusion algorithm's local state is read by the properties. */
export interface MutexView<L> {
  /** The process is in the critical section (HELD). */
  readonly inCriticalSection: (s: L) => boolean;
  /** The process has asked and not yet entered (WANT). */
  readonly waiting: (s: L) => boolean;
  /** The process competes for the critical section (default: every process does). */
  readonly competes?: (s: L) => boolean;
  /** The workload action by which a process asks for the critical section (default `request`). */
  readonly request?: string;
}

function count<L>(procs: readonly L[], pred: (s: L) => boolean): number {
  let k = 0;
  for (let i = 0; i < procs.length; i++) if (pred(procs[i])) k++;
  return k;
}

const everyone = (): boolean => true;

// The properties below read local states only through the view's functions, and say so
// (`readsLocal`): under --por a step is visible to them only when it changes one of those values
// (entering or leaving the critical section, starting to wait), not whenever it changes a field
// those functions read (a request's clock, an OK counted).

/** At most one process HELD. */
export function mutualExclusion<L, M>(view: MutexView<L>): Property<GlobalState<L, M>> {
  const p = always<GlobalState<L, M>>('mutual exclusion', (g) => count(g.procs, view.inCriticalSection) <= 1, 'at most one process is in the critical section', (g) => {
    const held = g.procs.flatMap((s, p) => (view.inCriticalSection(s) ? [`P${p}`] : []));
    return `${held.slice(0, -1).join(', ')} and ${held[held.length - 1]} are ${held.length === 2 ? 'both' : 'all'} in the critical section (HELD)`;
  });
  return readsLocal(p, view.inCriticalSection);
}

/** Witness: some process enters the critical section. */
export function criticalSectionReached<L, M>(view: MutexView<L>): Property<GlobalState<L, M>> {
  return readsLocal(sometimes<GlobalState<L, M>>('critical section reached', (g) => count(g.procs, view.inCriticalSection) === 1, 'some process enters the critical section'), view.inCriticalSection);
}

/** Witness: a process is in the critical section while every other competing process waits for it. */
export function fullContention<L, M>(view: MutexView<L>): Property<GlobalState<L, M>> {
  const competes = view.competes ?? everyone;
  const p = sometimes<GlobalState<L, M>>(
    'full contention',
    (g) => count(g.procs, view.inCriticalSection) === 1 && count(g.procs, view.waiting) === count(g.procs, competes) - 1,
    'one process holds the critical section while all the others wait',
  );
  return readsLocal(p, view.inCriticalSection, view.waiting, competes);
}

/** The family's basic properties (mutual exclusion and two witnesses that it is not vacuous). */
export function mutexProperties<L, M>(view: MutexView<L>): Property<GlobalState<L, M>>[] {
  return [mutualExclusion(view), criticalSectionReached(view), fullContention(view)];
}

// ---- the token (token-passing algorithms) ---------------------------------------------------------

/** Where a token-passing algorithm's token is: the processes whose state holds one, and the messages that carry one. */
export interface TokenView<L, M> {
  readonly holds: (s: L) => boolean;
  readonly carries: (m: M) => boolean;
}

/** The tokens in g, in words: `P0 holds one; one is in flight from P1 to P2`. */
function tokensOf<L, M>(view: TokenView<L, M>, g: GlobalState<L, M>): string[] {
  const where: string[] = [];
  g.procs.forEach((s, p) => view.holds(s) && where.push(`P${p} holds one`));
  for (let f = 0; f < g.n; f++) for (let t = 0; t < g.n; t++) for (const m of g.channels[f][t]) if (view.carries(m)) where.push(`one is in flight from P${f} to P${t}`);
  return where;
}

/**
 * Exactly one token exists, held by a process or in flight: the notes' "only 1 process ever has
 * token => mutual exclusion guaranteed by construction" (the invariant from which mutual
 * exclusion follows, checked on its own).
 */
export function exactlyOneToken<L, M>(view: TokenView<L, M>): Property<GlobalState<L, M>> {
  return alwaysNot(
    'one token',
    (g) => {
      const where = tokensOf(view, g);
      return where.length === 1 ? null : where.length === 0 ? 'there is no token: no process holds one and none is in flight' : `there are ${where.length} tokens: ${where.join('; ')}`;
    },
    'exactly one token exists: one process holds it, or it is in flight on one channel',
  );
}

/** Witness: the token is in flight (no process holds it), so the count is not of holders alone. */
export function tokenInFlight<L, M>(view: TokenView<L, M>): Property<GlobalState<L, M>> {
  return sometimes('token in flight', (g) => g.procs.every((s) => !view.holds(s)) && tokensOf(view, g).length === 1, 'no process holds the token: it is on its way to the next');
}

// ---- liveness (checked under the fairness the protocol declares) -------------------------------

/** ", while P2 is in the critical section" or nothing. */
function whoHolds<L, M>(view: MutexView<L>, g: GlobalState<L, M>): string {
  const held = g.procs.flatMap((s, p) => (view.inCriticalSection(s) ? [`P${p}`] : []));
  return held.length ? `, while ${held.join(' and ')} ${held.length === 1 ? 'is' : 'are'} in the critical section` : '';
}

/** WANT ~> HELD, for every competing process: every request is eventually granted (no starvation, no deadlock). */
export function everyRequestGranted<L, M>(view: MutexView<L>): Property<GlobalState<L, M>> {
  const competes = view.competes ?? everyone;
  return leadsTo<GlobalState<L, M>>(
    'every request is eventually granted',
    (g, i) => competes(g.procs[i]) && view.waiting(g.procs[i]),
    (g, i) => view.inCriticalSection(g.procs[i]),
    {
      ...eachProcess,
      description: 'a process that waits for the critical section enters it later (WANT ~> HELD, per process)',
      reason: (g, i) => `P${i} asked for the critical section and never enters: it still waits (WANT) in every later state${whoHolds(view, g)}`,
    },
  );
}

/** HELD ~> not HELD, for every process: every holder eventually releases the critical section. */
export function everyHolderReleases<L, M>(view: MutexView<L>): Property<GlobalState<L, M>> {
  return leadsTo<GlobalState<L, M>>(
    'every holder eventually releases',
    (g, i) => view.inCriticalSection(g.procs[i]),
    (g, i) => !view.inCriticalSection(g.procs[i]),
    {
      ...eachProcess,
      description: 'a process in the critical section leaves it later (HELD ~> not HELD, per process)',
      reason: (g, i) => `P${i} entered the critical section and never leaves: it is still HELD in every later state`,
    },
  );
}

/** The family's liveness properties. */
export function mutexLiveness<L, M>(view: MutexView<L>): Property<GlobalState<L, M>>[] {
  return [everyHolderReleases(view), everyRequestGranted(view)];
}

// ---- the workload: entries, rest, proper ends ---------------------------------------------------

/** Requests process p has made so far (its count of the view's workload action). */
function requestsOf<L, M>(view: MutexView<L>, g: GlobalState<L, M>, p: number): number {
  return g.used[p][view.request ?? 'request'] ?? 0;
}

/** Every live competing process is at rest (neither waiting nor in the critical section) and has made `entries` requests. */
export function workloadFinished<L, M>(view: MutexView<L>, entries: number): (g: GlobalState<L, M>) => boolean {
  const competes = view.competes ?? everyone;
  return (g) => {
    for (let p = 0; p < g.n; p++) {
      if (g.crashed[p]) continue;
      const s = g.procs[p];
      if (!competes(s)) continue;
      if (view.waiting(s) || view.inCriticalSection(s) || requestsOf(view, g, p) < entries) return false;
    }
    return true;
  };
}

/**
 * A proper end for the engine's deadlock check: the workload is finished and nothing is in flight
 * to a live process. A state with no enabled step that is not a proper end is a deadlock (exit 11).
 */
export function properEnd<L, M>(view: MutexView<L>, entries: number): (g: GlobalState<L, M>) => boolean {
  const finished = workloadFinished<L, M>(view, entries);
  return (g) => finished(g) && channelsEmpty(g, true);
}

function channelsEmpty<L, M>(g: GlobalState<L, M>, liveOnly: boolean): boolean {
  for (let f = 0; f < g.n; f++) for (let t = 0; t < g.n; t++) if (g.channels[f][t].length && !(liveOnly && g.crashed[t])) return false;
  return true;
}

/** Why the workload is not finished in g: which live competing process waits, holds, or has requests left. */
function unfinished<L, M>(view: MutexView<L>, entries: number, g: GlobalState<L, M>): string | null {
  const competes = view.competes ?? everyone;
  const why: string[] = [];
  for (let p = 0; p < g.n; p++) {
    if (g.crashed[p]) continue;
    const s = g.procs[p];
    if (!competes(s)) continue;
    if (view.waiting(s)) why.push(`P${p} waits (WANT)${waitingFor(g, p)}`);
    else if (view.inCriticalSection(s)) why.push(`P${p} is in the critical section`);
    else if (requestsOf(view, g, p) < entries) why.push(`P${p} has made ${requestsOf(view, g, p)} of its ${entries} request(s)`);
  }
  if (!why.length) return null;
  const crashed = g.crashed.flatMap((c, p) => (c ? [`P${p}`] : []));
  return `no step is enabled: ${why.join('; ')}${crashed.length ? `; ${crashed.join(', ')} crashed` : ''}`;
}

/** ", and nothing is in flight to it" or the messages in flight to p. */
function waitingFor<L, M>(g: GlobalState<L, M>, p: number): string {
  const live = [];
  for (let q = 0; q < g.n; q++) if (q !== p && g.channels[q][p].length) live.push(`P${q}`);
  return live.length ? `, with messages in flight to it from ${live.join(', ')}` : ', and nothing is in flight to it';
}

/**
 * Witness: a process crashed with entries left while another is in the critical section (with
 * `no deadlock` holding, the others then finish without it: a crash that is not a point of failure).
 */
export function entersWhileCrashed<L, M>(view: MutexView<L>, entries: number): Property<GlobalState<L, M>> {
  const competes = view.competes ?? everyone;
  return sometimes(
    'another in the critical section while it is down',
    (g) => g.crashed.some((c, p) => c && competes(g.procs[p]) && requestsOf(view, g, p) < entries) && g.procs.some((s, q) => !g.crashed[q] && view.inCriticalSection(s)),
    'a process crashed before its last entry, and a live process is in the critical section',
  );
}

/** Witness: every process has finished its workload (the runs do end). */
export function everyEntryDone<L, M>(view: MutexView<L>, entries: number): Property<GlobalState<L, M>> {
  const finished = workloadFinished<L, M>(view, entries);
  return readsLocal(sometimes('every entry done', finished, `every process has entered the critical section ${entries} time(s) and left`), view.inCriticalSection, view.waiting, view.competes ?? everyone);
}

/**
 * No deadlock, at quiescence: every state without enabled steps has every live process's workload
 * finished. (With the family's `properEnd` as `isEnd` this is the engine's own deadlock check; as a
 * named property it makes the counterexample name what broke: exit 12 instead of 11.)
 */
export function noDeadlock<L, M>(view: MutexView<L>, entries: number): Property<GlobalState<L, M>> {
  return atQuiescenceNot('no deadlock', (g) => unfinished(view, entries, g), 'every state without enabled steps has every live process at rest with its entries done');
}

// ---- message cost (systems with countMessages) ----------------------------------------------------

/**
 * Idle: no process waits or holds the critical section and no message is in flight. In an idle
 * state every request made so far has been served completely, so its messages are all counted.
 */
function idle<L, M>(view: MutexView<L>, g: GlobalState<L, M>): boolean {
  for (let p = 0; p < g.n; p++) if (view.waiting(g.procs[p]) || view.inCriticalSection(g.procs[p])) return false;
  return channelsEmpty(g, false);
}

function totals<L, M>(view: MutexView<L>, g: GlobalState<L, M>): { sent: number; entries: number } {
  const competes = view.competes ?? everyone;
  let sent = 0;
  let entries = 0;
  for (let p = 0; p < g.n; p++) {
    sent += g.sent[p];
    if (competes(g.procs[p])) entries += requestsOf(view, g, p);
  }
  return { sent, entries };
}

/**
 * Message cost, exact: in every idle state, the messages sent by all processes (a coordinator's
 * too) are exactly `perEntry` times the entries made. Needs `countMessages: true`.
 */
export function messageCost<L, M>(view: MutexView<L>, perEntry: number, formula: string): Property<GlobalState<L, M>> {
  return alwaysNot(
    'message cost',
    (g) => {
      if (!idle(view, g)) return null;
      const t = totals(view, g);
      return t.sent === perEntry * t.entries ? null : `nothing is pending, and ${t.sent} messages were sent for ${t.entries} entr${t.entries === 1 ? 'y' : 'ies'}, not ${formula} = ${perEntry} per entry (${perEntry * t.entries})`;
    },
    `whenever nothing is pending, exactly ${formula} = ${perEntry} messages have been sent per entry`,
  );
}

/** Message cost, bounded: in every idle state at most `perEntry` messages per entry (for variants that may save some). */
export function messageCostAtMost<L, M>(view: MutexView<L>, perEntry: number, formula: string): Property<GlobalState<L, M>> {
  return alwaysNot(
    'message cost at most',
    (g) => {
      if (!idle(view, g)) return null;
      const t = totals(view, g);
      return t.sent <= perEntry * t.entries ? null : `nothing is pending, and ${t.sent} messages were sent for ${t.entries} entr${t.entries === 1 ? 'y' : 'ies'}, more than ${formula} = ${perEntry} per entry (${perEntry * t.entries})`;
    },
    `whenever nothing is pending, at most ${formula} = ${perEntry} messages have been sent per entry`,
  );
}

/** Witness: an idle state in which fewer than `perEntry` messages per entry were sent (some entry cost less). */
export function cheaperEntry<L, M>(view: MutexView<L>, perEntry: number): Property<GlobalState<L, M>> {
  return sometimes(
    'cheaper entry',
    (g) => {
      if (!idle(view, g)) return false;
      const t = totals(view, g);
      return t.entries > 0 && t.sent < perEntry * t.entries;
    },
    `some entry cost fewer than ${perEntry} messages`,
  );
}

/** Witness: messages are still sent after every process has finished its workload (the cost per entry is unbounded). */
export function trafficWhenDone<L, M>(view: MutexView<L>, entries: number, beyond: number): Property<GlobalState<L, M>> {
  const finished = workloadFinished<L, M>(view, entries);
  return sometimes(
    'traffic when done',
    (g) => {
      if (!finished(g)) return false;
      const t = totals(view, g);
      return t.sent > beyond * t.entries;
    },
    `every entry is done and more than ${beyond} messages per entry have been sent`,
  );
}

// ---- fairness by happens-before, on the engine's causal histories (systems with causality) ---------
// The reference definition. The -fifo models use the equivalent bookkeeping further down
// (`withRequestKnowledge`), which needs several times fewer states; test/mutex cross-checks them.

/** p's latest request event (its last event that is the workload action), if any. */
function latestRequest<L, M>(request: string, events: readonly Event<L, M>[]): Event<L, M> | undefined {
  for (let i = events.length - 1; i >= 0; i--) if (events[i].kind === 'local' && events[i].action === request) return events[i];
  return undefined;
}

/**
 * A waiting process a and the process b in the critical section whose latest requests are
 * causally ordered as `ordered(ea, eb)` says, by ground-truth happens-before; undefined if none.
 * Needs `causality: true`.
 */
function contention<L, M>(view: MutexView<L>, g: GlobalState<L, M>, ordered: (ea: Event<L, M>, eb: Event<L, M>) => boolean): [number, number] | undefined {
  const request = view.request ?? 'request';
  for (let b = 0; b < g.n; b++) {
    if (!view.inCriticalSection(g.procs[b])) continue;
    const eb = latestRequest(request, g.events[b]);
    if (!eb) continue;
    for (let a = 0; a < g.n; a++) {
      if (a === b || !view.waiting(g.procs[a])) continue;
      const ea = latestRequest(request, g.events[a]);
      if (ea && ordered(ea, eb)) return [a, b];
    }
  }
  return undefined;
}

/** Overtaking: a still-waiting process's request happened before the holder's. Returns [waiting, holder]. */
function overtaking<L, M>(view: MutexView<L>, g: GlobalState<L, M>): [number, number] | undefined {
  return contention(view, g, (ea, eb) => happensBefore(ea, eb));
}

/** FIFO fairness: no process enters for a request that happened after a request still waiting. */
export function fifoFairness<L, M>(view: MutexView<L>): Property<GlobalState<L, M>> {
  return alwaysNot(
    'FIFO fairness',
    (g) => {
      const o = overtaking(view, g);
      return o ? `P${o[0]}'s request → P${o[1]}'s request, yet P${o[1]} is in the critical section while P${o[0]} still waits` : null;
    },
    'no process is in the critical section while a process whose request happened before its request still waits',
  );
}

/** Witness of unfairness: a process whose request happened before another's is still waiting while the other is in the critical section. */
export function overtaken<L, M>(view: MutexView<L>): Property<GlobalState<L, M>> {
  return sometimes(
    'overtaken',
    (g) => overtaking(view, g) !== undefined,
    'a process whose request happened before another’s still waits while the other is in the critical section',
  );
}

/**
 * Witness that FIFO fairness is not vacuous: a process waits for one in the critical section whose
 * request happened before its own (causally ordered requests do meet).
 */
export function orderedContention<L, M>(view: MutexView<L>): Property<GlobalState<L, M>> {
  return sometimes(
    'ordered contention',
    (g) => contention(view, g, (ea, eb) => happensBefore(eb, ea)) !== undefined,
    'a process waits for the one in the critical section, whose request happened before its own',
  );
}

// ---- fairness in real time (a ghost observer) -------------------------------------------------------

/**
 * A system observed in real time: the explorer's interleaving order is the real-time order of a
 * run, which no process sees and ground-truth happens-before does not record. This composes the
 * system with a ghost observer that keeps `requests`: the waiting and holding processes in the
 * order they asked (a request is a step in which a process starts to wait, or enters at once).
 * The ghost is part of the state (so the count grows), and it changes nothing the processes do.
 *
 * Properties: the system's own, plus `FIFO fairness (real time)` (an invariant: a process in the
 * critical section asked before every process still waiting) or `overtaken (real time)` (a
 * witness that some process entered ahead of one that asked before it), as `fair` chooses.
 */
export function inRealTime<L, M extends Message>(sys: System<L, M>, view: MutexView<L>, fair: boolean): System<L, M> {
  const requests = requestOrder<L, M>(view);
  /** The process in the critical section is not the oldest request: it overtook someone still waiting. */
  const overtakenNow = (g: GlobalState<L, M>): boolean => {
    const q = ghostOf(g, requests);
    return q.findIndex((p) => view.inCriticalSection(g.procs[p])) > 0;
  };
  const ghostProperty: Property<GlobalState<L, M>> = fair
    ? always('FIFO fairness (real time)', (g) => !overtakenNow(g), 'the process in the critical section asked before every process still waiting', (g) => {
        const q = ghostOf(g, requests);
        const at = q.findIndex((p) => view.inCriticalSection(g.procs[p]));
        return `P${q[0]} asked first (requests in real-time order: ${q.map((p) => `P${p}`).join(', ')}), yet P${q[at]} is in the critical section while P${q[0]} still waits`;
      })
    : sometimes('overtaken (real time)', overtakenNow, 'a process is in the critical section while one that asked before it still waits');
  const spec = sys.spec;
  return system({ ...spec, name: sys.name, observers: [...(spec.observers ?? []), requests], properties: [...(spec.properties ?? []), ghostProperty] });
}

/**
 * The observer behind `inRealTime`: `requests`, the waiting and holding processes in the order they
 * asked. A process joins at the back in the step in which it starts to wait (or enters at once),
 * and drops out in the step in which it leaves.
 */
export function requestOrder<L, M>(view: MutexView<L>): Observer<readonly number[], L, M> {
  const active = (s: L): boolean => view.waiting(s) || view.inCriticalSection(s);
  return {
    name: 'requests',
    init: (procs) => procs.flatMap((s, p) => (active(s) ? [p] : [])),
    observe: (q, step) => {
      const was = active(step.before);
      const now = active(step.after);
      if (was === now) return q;
      return now ? [...q, step.p] : q.filter((p) => p !== step.p);
    },
    show: (q) => ({ global: { requests: q.map((p) => `P${p}`) } }),
  };
}

// ---- fairness by happens-before, compactly (protocol-level bookkeeping) ----------------------------

/** The ghost a process carries: requests in its causal past, per process. */
export interface RequestKnowledge {
  /** seen[q]: how many of q's requests happened before (or are) this process's latest event. */
  readonly seen: readonly number[];
  /** `seen` as it was at this process's latest request event. */
  readonly seenAtRequest: readonly number[];
}

/**
 * The protocol with exact happens-before between request events, kept as protocol-level
 * bookkeeping instead of the engine's full causal histories: each process counts the requests of
 * every process in its causal past (a vector clock restricted to request events) and every message
 * carries the sender's counts; receiving takes the element-wise maximum. Request a happened before
 * request b exactly when b's counts at b include a's index. The counts are bounded by the workload,
 * so, unlike full histories, this stays finite when a run does not end. The protocol's own
 * behaviour is unchanged; messages show the ghost as `seen`.
 */
export function withRequestKnowledge<L extends object, M extends Message>(
  protocol: Protocol<L, M>,
  request = 'request',
): Protocol<L & { readonly hb: RequestKnowledge }, M & { readonly seen: readonly number[] }> {
  type GL = L & { readonly hb: RequestKnowledge };
  type GM = M & { readonly seen: readonly number[] };
  return layer<L, M, GL, GM>(protocol, {
    name: protocol.name,
    init: (inner, ctx) => {
      const zero = Array.from({ length: ctx.n }, () => 0);
      return { ...inner, hb: { seen: zero, seenAtRequest: zero } };
    },
    // The inner protocol reads its own fields and ignores `hb`.
    inner: (s) => s,
    unwrap: ({ seen: _seen, ...inner }) => inner as unknown as M,
    after: (s, res, ev, ctx) => {
      let hb = s.hb;
      if (ev.kind === 'local' && ev.action === request) {
        const seen = hb.seen.map((k, q) => (q === ctx.self ? k + 1 : k));
        hb = { seen, seenAtRequest: seen };
      } else if (ev.kind === 'receive') {
        const carried = ev.wrapped.seen; // the protocol saw the message without them
        hb = { seen: hb.seen.map((k, q) => Math.max(k, carried[q])), seenAtRequest: hb.seenAtRequest };
      }
      const state = { ...res.state, hb } as GL;
      return res.send ? { state, send: res.send.map((x) => ({ to: x.to, msg: { ...x.msg, seen: hb.seen } as GM })) } : { state };
    },
  });
}

/** The view of a protocol under `withRequestKnowledge`. */
export function knowingView<L>(view: MutexView<L>): MutexView<L & { readonly hb: RequestKnowledge }> {
  return view as MutexView<L & { readonly hb: RequestKnowledge }>;
}

/** Some process in the critical section asked after (causally) a process that still waits. */
function overtakingByKnowledge<L extends { readonly hb: RequestKnowledge }, M>(view: MutexView<L>, g: GlobalState<L, M>): boolean {
  return overtakerByKnowledge(view, g) !== undefined;
}

/** [waiting, holder] where the holder's request causally follows the waiting one's (see overtakingByKnowledge). */
function overtakerByKnowledge<L extends { readonly hb: RequestKnowledge }, M>(view: MutexView<L>, g: GlobalState<L, M>): [number, number] | undefined {
  for (let b = 0; b < g.n; b++) {
    const sb = g.procs[b];
    if (!view.inCriticalSection(sb)) continue;
    for (let a = 0; a < g.n; a++) {
      const sa = g.procs[a];
      if (a === b || !view.waiting(sa)) continue;
      const index = sa.hb.seen[a]; // a's pending request is its latest: number `index`
      if (index > 0 && sb.hb.seenAtRequest[a] >= index) return [a, b];
    }
  }
  return undefined;
}

/** FIFO fairness over `withRequestKnowledge` (same meaning as `fifoFairness`, without `causality`). */
export function fifoFairnessByKnowledge<L extends { readonly hb: RequestKnowledge }, M>(view: MutexView<L>): Property<GlobalState<L, M>> {
  return always(
    'FIFO fairness',
    (g) => !overtakingByKnowledge(view, g),
    'no process is in the critical section while a process whose request happened before its request still waits',
    (g) => {
      const o = overtakerByKnowledge(view, g);
      return o ? `P${o[0]}'s request ${g.procs[o[0]].hb.seen[o[0]]} → P${o[1]}'s latest request, yet P${o[1]} is in the critical section while P${o[0]} still waits` : undefined;
    },
  );
}

/** Witness that FIFO fairness is not vacuous (same meaning as `orderedContention`). */
export function orderedContentionByKnowledge<L extends { readonly hb: RequestKnowledge }, M>(view: MutexView<L>): Property<GlobalState<L, M>> {
  return sometimes(
    'ordered contention',
    (g) => {
      for (let b = 0; b < g.n; b++) {
        const sb = g.procs[b];
        if (!view.inCriticalSection(sb)) continue;
        for (let a = 0; a < g.n; a++) {
          const sa = g.procs[a];
          if (a !== b && view.waiting(sa) && sa.hb.seenAtRequest[b] >= sb.hb.seen[b] && sb.hb.seen[b] > 0) return true;
        }
      }
      return false;
    },
    'a process waits for the one in the critical section, whose request happened before its own',
  );
}
