/**
 * The multicast family's systems: each protocol with the properties it claims, built once here and
 * shared by the model definitions, the mutants, the table and the tests.
 */
import { system, unordered, type GlobalState, type Message, type Network, type Property, type Protocol } from 'interleave';
import { declaringDeliveries, type HoldBack } from '../../src/multicast/holdback.ts';
import { causalMulticast, type CausalOptions } from '../../src/multicast/causal.ts';
import { fifoMulticast, type FifoOptions } from '../../src/multicast/fifo.ts';
import { COORDINATOR, initialMembers, processGroup, type GroupOptions, type GroupState } from '../../src/multicast/group.ts';
import { totalOrderLamport, type LamportOptions } from '../../src/multicast/lamport.ts';
import { totalOrderSequencer, type SequencerOptions } from '../../src/multicast/sequencer.ts';
import { totalOrderToken, type TokenOptions } from '../../src/multicast/token.ts';
import {
  allDelivered,
  causalOrder,
  closedGroup,
  everyMulticastDelivered,
  fifoBroken,
  fifoOrder,
  fifoTotalOrder,
  heldBack,
  heldBackForOtherSender,
  integrity,
  joinerDelivers,
  membersDeliver,
  liveMembersDeliver,
  memberCrashedOthersDeliver,
  coordinatorCrashStalls,
  noDeliveryAfterLeave,
  nonMemberRefused,
  orderedAfterLeave,
  ordersDiffer,
  totalOrder,
  validity,
  type GroupView,
  type MulticastView,
} from '../../spec/multicast.ts';
import { othersGoOnWithoutTheSlow, slowProcessHoldsUpAll } from '../../spec/asynchrony.ts';

/** Every protocol of the family keeps `sent`, `delivered` and `held`. */
type Multicaster = HoldBack<{ readonly id: string }> & { readonly sent: number };

/** The view every protocol of the family shares. */
export function multicastView<L extends Multicaster>(): MulticastView<L> {
  return { delivered: (s) => s.delivered, multicasts: (s) => s.sent, heldBack: (s) => s.held.length };
}

/** The process group's view: the coordinator's order, too. */
export function groupView(dynamic: boolean): GroupView<GroupState> {
  return { ...multicastView<GroupState>(), coordinator: COORDINATOR, initialMembers: (n) => initialMembers(n, dynamic), history: (s) => s.history };
}

/** Which properties a protocol claims (the table checks every one of them against every protocol). */
export type Claim = 'integrity' | 'validity' | 'FIFO order' | 'causal order' | 'total order' | 'FIFO-total order';

/** The family's properties by name, through the shared view. */
export function claimed<L extends Multicaster, M>(claims: readonly Claim[]): Property<GlobalState<L, M>>[] {
  const v = multicastView<L>();
  const all: Record<Claim, () => Property<GlobalState<L, M>>> = {
    integrity: () => integrity(v),
    validity: () => validity(v),
    'FIFO order': () => fifoOrder(v),
    'causal order': () => causalOrder(v),
    'total order': () => totalOrder(v),
    'FIFO-total order': () => fifoTotalOrder(v),
  };
  return claims.map((c) => all[c]());
}

/** What a multicast system is built from. */
export interface Build<L, M extends Message> {
  readonly protocol: Protocol<L, M>;
  readonly n: number;
  readonly claims: readonly Claim[];
  /** Witnesses (`sometimes`) besides the claims. */
  readonly witnesses?: readonly Property<GlobalState<L, M>>[];
  readonly network?: Network;
}

/**
 * A system over reliable unordered channels (unless told otherwise); ground-truth causality only
 * where causal order is checked. Every protocol declares its multicasts and deliveries
 * (`declaringDeliveries`), from which the engine's application-level happens-before is built.
 */
export function multicastSystem<L extends Multicaster, M extends Message>(b: Build<L, M>) {
  const claims = claimed<L, M>(b.claims);
  return system({
    protocol: declaringDeliveries(b.protocol),
    n: b.n,
    network: b.network ?? unordered,
    properties: [...claims, ...(b.witnesses ?? [])],
    causality: b.claims.includes('causal order') || (b.witnesses ?? []).some((w) => w.name === 'causality broken' || w.name === 'm2 held back until m1'),
  });
}

// ---- the protocols with their claims ------------------------------------------------------------

export const FIFO_CLAIMS: readonly Claim[] = ['integrity', 'FIFO order', 'validity'];
export const CAUSAL_CLAIMS: readonly Claim[] = ['integrity', 'FIFO order', 'causal order', 'validity'];
export const TOTAL_CLAIMS: readonly Claim[] = ['integrity', 'total order', 'FIFO-total order', 'validity'];

// Each takes the protocol as an optional last argument: the reference unless a mutant overrides it.

export function fifoSystem(n: number, o: FifoOptions, network?: Network, protocol = fifoMulticast(o)) {
  const v = multicastView();
  return multicastSystem({ protocol, n, claims: FIFO_CLAIMS, witnesses: [heldBack(v), allDelivered(v), ordersDiffer(v), othersGoOnWithoutTheSlow(v)], network });
}

/**
 * FIFO multicast with acknowledgements and retransmission over a lossy network (merging: a
 * retransmitted copy equal to one in flight merges with it). Validity is a liveness property
 * here (`every multicast is eventually delivered`, under strong delivery fairness), and deadlock
 * detection is off: a run that stops short of delivering is a stuck path, a liveness
 * counterexample.
 */
export function lossyFifoSystem<L extends Multicaster, M extends Message>(n: number, protocol: Protocol<L, M>, perSender: number) {
  const v = multicastView<L>();
  return system({
    protocol,
    n,
    network: { order: 'unordered', lossy: true, merging: true },
    properties: [...claimed<L, M>(['integrity', 'FIFO order']), everyMulticastDelivered(v, perSender), heldBack(v), allDelivered(v)],
    checkDeadlock: false,
  });
}

export function causalSystem(n: number, o: CausalOptions, protocol = causalMulticast(o)) {
  const v = multicastView();
  return multicastSystem({ protocol, n, claims: CAUSAL_CLAIMS, witnesses: [heldBack(v), heldBackForOtherSender(v), allDelivered(v), ordersDiffer(v)] });
}

export function sequencerSystem(n: number, o: SequencerOptions, protocol = totalOrderSequencer(o)) {
  const v = multicastView();
  return multicastSystem({ protocol, n, claims: TOTAL_CLAIMS, witnesses: [heldBack(v), allDelivered(v)] });
}

export function tokenSystem(n: number, o: TokenOptions, protocol = totalOrderToken(o)) {
  const v = multicastView();
  return multicastSystem({ protocol, n, claims: TOTAL_CLAIMS, witnesses: [heldBack(v), allDelivered(v)] });
}

export function lamportSystem(n: number, o: LamportOptions, protocol = totalOrderLamport(o)) {
  const v = multicastView();
  const fifo = o.fifo ?? true;
  // Without FIFO the protocol claims total order only, and the witness shows FIFO is not implied.
  const claims: readonly Claim[] = fifo ? TOTAL_CLAIMS : ['integrity', 'total order', 'validity'];
  return multicastSystem({ protocol, n, claims, witnesses: [allDelivered(v), ...(fifo ? [] : [fifoBroken(v)]), slowProcessHoldsUpAll(v)] });
}

export function groupSystem(n: number, o: GroupOptions, protocol = processGroup(o), crashes = 0) {
  const v = groupView(o.dynamic);
  const props: Property<GlobalState<GroupState, unknown>>[] = [integrity(v), totalOrder(v, 'changing')];
  if (o.closed) props.push(closedGroup(v));
  if (o.dynamic) props.push(noDeliveryAfterLeave(v));
  // With crashes, a crashed member delivers nothing more: the live ones, while the coordinator is up.
  props.push(crashes > 0 ? liveMembersDeliver(v) : membersDeliver(v));
  if (o.closed && o.dynamic) props.push(nonMemberRefused(v));
  if (o.dynamic) props.push(orderedAfterLeave(v), joinerDelivers(v));
  if (crashes > 0) props.push(memberCrashedOthersDeliver(v), coordinatorCrashStalls(v));
  return system({ protocol: declaringDeliveries(protocol), n, network: unordered, properties: props, ...(crashes > 0 ? { crashes } : {}) });
}

// ---- parameters ---------------------------------------------------------------------------------

/** The parameters of an ordering protocol's model, with its defaults. */
export function orderingParams(defaults: { n?: number; multicasts?: number; senders?: number } = {}) {
  return {
    n: { default: defaults.n ?? 3, min: 2, max: 5, description: 'number of processes (group members)' },
    multicasts: { default: defaults.multicasts ?? 2, min: 1, max: 4, description: 'multicasts each sending process makes' },
    senders: { default: defaults.senders ?? 2, min: 1, max: 5, description: 'how many processes multicast (P0 first); the others only deliver' },
  };
}

/**
 * Why an ordering instance's parameters rule a witness out (`ModelDefinition.ruledOut`): the
 * first reason that applies, or undefined. `test/models/ruled-out.test.ts` checks each one it
 * gives: the witness is unreachable there.
 */
type OrderingParams = Readonly<Record<string, number>>;
type Need = (p: OrderingParams) => string | undefined;
export function firstNeed(p: OrderingParams, ...needs: Need[]): string | undefined {
  for (const need of needs) {
    const why = need(p);
    if (why !== undefined) return why;
  }
  return undefined;
}
/** Two multicasts in all. */
export const twoMulticasts: Need = (p) => (p.multicasts * Math.min(p.senders, p.n) < 2 ? 'needs multicasts × senders ≥ 2: two multicasts in all' : undefined);
/** Two multicasts from one sender. */
export const twoFromOneSender =
  (why: string): Need =>
  (p) =>
    p.multicasts < 2 ? `needs multicasts ≥ 2: ${why}` : undefined;
/** Two multicasts in all, for a hold-back: a lone one is next in every order. */
export const twoToHoldBack: Need = (p) => (p.multicasts * Math.min(p.senders, p.n) < 2 ? 'needs multicasts × senders ≥ 2: a lone multicast is next in every order' : undefined);
/** Two senders. */
export const twoSenders =
  (why: string): Need =>
  (p) =>
    Math.min(p.senders, p.n) < 2 ? `needs senders ≥ 2: ${why}` : undefined;
/** The slow process is the last, P(n-1): two multicasts from the others. */
export const twoFromTheOthers: Need = (p) => (p.multicasts * Math.min(p.senders, p.n - 1) < 2 ? 'needs two multicasts from processes other than the last, the slow one (multicasts × min(senders, n − 1) ≥ 2)' : undefined);
/** Two senders other than the last process. */
export const twoSendersBesidesTheLast =
  (why: string): Need =>
  (p) =>
    Math.min(p.senders, p.n - 1) < 2 ? `needs two senders other than the last process, the slow one (min(senders, n − 1) ≥ 2): ${why}` : undefined;
