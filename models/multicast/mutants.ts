/**
 * The multicast family's mutants: each an override of the reference protocol in src/multicast/
 * (a broken hold-back condition, or a handler or action replaced), with the rule it breaks. Each
 * must fail as models/manifest.json says.
 */
import { send, step, type Checkable, type Context, type ModelDefinition, type Protocol } from 'interleave';
import { causalMulticast, causalOrdering, nextFromSender } from '../../src/multicast/causal.ts';
import { fifoMulticast, fifoOrdering, type FifoMessage, type FifoState } from '../../src/multicast/fifo.ts';
import { deliverOne, insertHeld } from '../../src/multicast/holdback.ts';
import { numberAndSend } from '../../src/multicast/group.ts';
import { timestampOrdering, totalOrderLamport } from '../../src/multicast/lamport.ts';
import { gsnOrdering, totalOrderSequencer } from '../../src/multicast/sequencer.ts';
import { highestReceived, sendWith, totalOrderToken, type TokenState } from '../../src/multicast/token.ts';
import { quota } from '../../src/multicast/workload.ts';
import { bundledModel } from '../manifest.ts';
import causalMulticastModel from './causal-multicast.ts';
import fifoMulticastModel from './fifo-multicast.ts';
import processGroupModel, { buildGroup, crashParams } from './process-group.ts';
import totalOrderLamportModel from './total-order-lamport.ts';
import totalOrderSequencerModel from './total-order-sequencer.ts';
import totalOrderTokenModel from './total-order-token.ts';
import { causalSystem, fifoSystem, lamportSystem, sequencerSystem, tokenSystem } from './systems.ts';

const family = 'multicast';

/** A mutant of the reference model `of`: its parameters and network, with `build` in its place. */
function mutantOf(of: ModelDefinition, name: string, description: string, build: (p: Record<string, number>) => Checkable): ModelDefinition {
  return bundledModel({ name, family, description, params: of.params, network: of.network, mutantOf: of.name, build });
}

/** FIFO multicast that delivers every message on receipt. */
export const deliverOnReceipt = (o: { multicasts: number; senders?: number }) =>
  // Breaks the rule: hold back a message with SeqNo ≠ Sji+1; every message is delivered on receipt.
  ({ ...fifoMulticast(o, { ...fifoOrdering, deliverable: () => true }), name: 'fifo-multicast-no-holdback' });

export const fifoMulticastNoHoldback = mutantOf(fifoMulticastModel, 'fifo-multicast-no-holdback', 'Broken FIFO multicast: delivers every message on receipt, with no hold-back queue',
  ({ n, multicasts, senders }) => fifoSystem(n, { multicasts, senders }, undefined, deliverOnReceipt({ multicasts, senders })));

/**
 * FIFO multicast that delivers the next message from a sender, and nothing held back behind it:
 * the held-back messages wait for a receipt that never comes, so validity fails at quiescence
 * (FIFO order still holds).
 */
export const noConsecutive = (o: { multicasts: number; senders?: number }): Protocol<FifoState, FifoMessage> => {
  const p = fifoMulticast(o);
  return {
    ...p,
    name: 'fifo-multicast-no-consecutive',
    handlers: {
      // Breaks the notes' "and also deliver any consecutive messages in hold back queue": the
      // message is delivered, the queue is not flushed.
      DATA: (s, msg) => step(fifoOrdering.deliverable(s, msg) ? deliverOne(s, msg, fifoOrdering) : { ...s, held: insertHeld(s.held, msg) }),
    },
  };
};

export const fifoMulticastNoConsecutive = mutantOf(fifoMulticastModel, 'fifo-multicast-no-consecutive', 'Broken FIFO multicast: delivers the next message from a sender but not the ones held back behind it',
  ({ n, multicasts, senders }) => fifoSystem(n, { multicasts, senders }, undefined, noConsecutive({ multicasts, senders })));

/**
 * Delivery on receipt over a network that may deliver a message twice (a retransmission): with no
 * sequence-number check a receiver delivers the copy too. The correct protocol over the same
 * network keeps integrity (test/multicast checks it).
 */
export const fifoMulticastNoHoldbackDuplicating = bundledModel({
  name: 'fifo-multicast-no-holdback-duplicating',
  family,
  description: 'Broken FIFO multicast over a duplicating network: delivers on receipt, so a retransmitted copy is delivered again',
  params: { ...fifoMulticastModel.params, multicasts: { ...fifoMulticastModel.params.multicasts, default: 1 }, senders: { ...fifoMulticastModel.params.senders, default: 1 } },
  network: 'unordered, duplicating',
  mutantOf: 'fifo-multicast',
  build: ({ n, multicasts, senders }) => fifoSystem(n, { multicasts, senders }, { order: 'unordered', duplicating: true }, deliverOnReceipt({ multicasts, senders })),
});

export const causalMulticastSenderOnly = mutantOf(causalMulticastModel, 'causal-multicast-sender-only', "Broken causal multicast: checks only the sender's entry of the vector timestamp",
  ({ n, multicasts, senders }) =>
    causalSystem(n, { multicasts, senders }, {
      // Breaks the rule: hold back until every dependency is delivered; only the sender's entry is checked, so it is FIFO, not causal.
      ...causalMulticast({ multicasts, senders }, { ...causalOrdering, deliverable: nextFromSender }),
      name: 'causal-multicast-sender-only',
    }));

export const totalOrderSequencerNoGapHoldback = mutantOf(totalOrderSequencerModel, 'total-order-sequencer-no-gap-holdback', 'Broken sequencer: delivers a message whose GSN is above the last delivered, without waiting for the gap to fill',
  ({ n, multicasts, senders }) =>
    sequencerSystem(n, { multicasts, senders }, {
      // Breaks the rule: deliver in GSN order; a message is delivered even while an earlier GSN is missing.
      ...totalOrderSequencer({ multicasts, senders }, { ...gsnOrdering, deliverable: (s, m) => m.gsn > s.lastGsn }),
      name: 'total-order-sequencer-no-gap-holdback',
    }));

/**
 * A process may send without the token, numbering its message after the highest number it has
 * received, so two messages can share a number. With two multicasts each (the default) the checker
 * first finds a process that delivers P0#2 without P0#1, which the others deliver before it
 * ('total order', 4 steps). With one each (`--param multicasts=1`) the second message numbered g
 * is never delivered where the first came in first: validity fails (11 steps).
 */
export const sendWithoutToken = (o: { multicasts: number; senders?: number }) => {
  const p = totalOrderToken(o);
  return {
    ...p,
    name: 'total-order-token-send-without-token',
    actions: {
      multicast: p.actions.multicast,
      // Breaks the notes' "Only process with token can send": a process without the token numbers its message after the highest it has received.
      multicastWithoutToken: {
        guard: (s: TokenState, ctx: Context) => s.sent < quota(o, ctx) && s.token === null && !s.retired,
        run: (s: TokenState, ctx: Context) => sendWith(s, ctx, highestReceived(s) + 1),
      },
      passToken: p.actions.passToken,
    },
  };
};

export const totalOrderTokenSendWithoutToken = bundledModel({
  name: 'total-order-token-send-without-token',
  family,
  description: 'Broken token protocol: a process sends without the token, so two messages can get the same number',
  params: totalOrderTokenModel.params,
  network: totalOrderTokenModel.network,
  mutantOf: 'total-order-token',
  build: ({ n, multicasts, senders }) => tokenSystem(n, { multicasts, senders }, sendWithoutToken({ multicasts, senders })),
});

export const totalOrderLamportNoTiebreak = mutantOf(totalOrderLamportModel, 'total-order-lamport-no-tiebreak', 'Broken Lamport total order: equal agreed times are not ordered by process id',
  ({ n, multicasts, senders }) =>
    lamportSystem(n, { multicasts, senders }, {
      // Breaks the rule: ties are broken by process id; held-back messages are compared by time only.
      ...totalOrderLamport({ multicasts, senders }, { ...timestampOrdering, deliverable: (s, m) => m.final && s.held.every((e) => e.id === m.id || !(e.time < m.time)) }),
      name: 'total-order-lamport-no-tiebreak',
    }));

/**
 * The FIFO-total protocol without its wait between one's own multicasts, held to the reference's
 * claims: total order still holds (as `total-order-lamport-non-fifo` shows), FIFO-total order does
 * not: a sender's second multicast can be agreed a time before its first.
 */
export const totalOrderLamportNoFifoWait = mutantOf(totalOrderLamportModel, 'total-order-lamport-no-fifo-wait', "Broken FIFO-total order: the Lamport protocol multicasts again before its previous multicast's time is agreed",
  ({ n, multicasts, senders }) => {
    const reference = totalOrderLamport({ multicasts, senders });
    return lamportSystem(n, { multicasts, senders }, {
      ...reference,
      name: 'total-order-lamport-no-fifo-wait',
      actions: {
        ...reference.actions,
        // Breaks the rule: multicast only when the own previous multicast's time is agreed (the FIFO wait); the guard keeps only the quota.
        multicast: { ...reference.actions.multicast, guard: (s, ctx) => s.sent < quota({ multicasts, senders }, ctx) },
      },
    });
  });

export const processGroupAcceptNonMembers = mutantOf(processGroupModel, 'process-group-accept-non-members', "Broken closed group: the coordinator orders a non-member's multicast",
  // Breaks the notes' "Closed groups only allow messages from members": the coordinator numbers every multicast it is sent.
  ({ n, multicasts, dynamic, closed }) => buildGroup({ n, multicasts, dynamic, closed }, buildGroupVariant('process-group-accept-non-members', () => ({ MCAST: (s, msg) => numberAndSend(s, msg.id) }))));

/**
 * Checked as an open group by default: in a closed group the same bug first lets the leaver's own
 * later multicast in (`--param closed=1` finds that, 'closed group').
 */
export const processGroupServeLeavers = bundledModel({
  name: 'process-group-serve-leavers',
  family,
  description: 'Broken group: the coordinator keeps a leaver on its list and sends it later multicasts',
  params: { ...processGroupModel.params, closed: { ...processGroupModel.params.closed, default: 0 } },
  network: processGroupModel.network,
  mutantOf: 'process-group',
  // Breaks the rule: remove the leaver; the coordinator records the leave but keeps sending to it.
  build: ({ n, multicasts, dynamic, closed }) => buildGroup({ n, multicasts, dynamic, closed }, serveLeavers),
});

/** The coordinator records a leave but keeps the leaver on its list. */
export const serveLeavers = buildGroupVariant('process-group-serve-leavers', () => ({ LEAVE: (s, _msg, from) => step({ ...s, history: [...s.history, { op: 'leave' as const, p: from }] }) }));

export const processGroupDiscardEarly = mutantOf(processGroupModel, 'process-group-discard-early', 'Broken group: a joiner drops multicasts that overtake its WELCOME instead of holding them back',
  // Breaks the rule: hold back what arrives early; a joiner not yet welcomed discards a multicast.
  ({ n, multicasts, dynamic, closed }) => buildGroup({ n, multicasts, dynamic, closed }, buildGroupVariant('process-group-discard-early', (g) => ({ DATA: (s, msg, from, ctx) => (s.lastGsn === null ? step(s) : g.handlers.DATA(s, msg, from, ctx)) }))));

type Group = Parameters<Parameters<typeof buildGroup>[1] & object>[0];

/** The group protocol named `name` with `handlers` replacing its own. */
function buildGroupVariant(name: string, handlers: (g: Group) => Partial<Group['handlers']>): (g: Group) => Group {
  return (g) => ({ ...g, name, handlers: { ...g.handlers, ...handlers(g) } });
}

/**
 * A group whose coordinator hands each multicast to the first other member only, and each member
 * passes it on to the next (fixed membership: P1, P2, …): with no crash it delivers as the
 * reference does; a crashed member cuts off every member after it.
 */
export const processGroupChain = bundledModel({
  name: 'process-group-chain',
  family,
  description: 'Broken fault tolerance: the coordinator sends each multicast to P1 only, and each member passes it on to the next; a crashed member cuts off the rest',
  params: crashParams,
  network: processGroupModel.network,
  mutantOf: 'process-group-crash',
  // Breaks the notes' "Allows fault-tolerant systems even if some processes fail": a member relays the others' copies.
  build: ({ n, multicasts, dynamic, closed }) => buildGroup({ n, multicasts, dynamic, closed }, chain, 1),
});

/** Only the first DATA a coordinator's step sends is kept; a member forwards every DATA it receives to the next process. */
function chain(g: Group): Group {
  const firstOnly = <T extends { readonly send?: readonly { readonly msg: { readonly type: string } }[] }>(r: T): T => {
    let kept = false;
    return { ...r, send: (r.send ?? []).filter((x) => x.msg.type !== 'DATA' || (!kept && (kept = true))) };
  };
  const multicast = g.actions.multicast;
  return {
    ...g,
    name: 'process-group-chain',
    actions: { ...g.actions, multicast: { ...multicast, run: (s, ctx) => (ctx.self === 0 ? firstOnly(multicast.run(s, ctx)) : multicast.run(s, ctx)) } },
    handlers: {
      ...g.handlers,
      MCAST: (s, msg, from, ctx) => firstOnly(g.handlers.MCAST(s, msg, from, ctx)),
      DATA: (s, msg, from, ctx) => {
        const r = g.handlers.DATA(s, msg, from, ctx);
        return ctx.self + 1 < ctx.n ? { ...r, send: [...(r.send ?? []), send(ctx.self + 1, msg)] } : r;
      },
    },
  };
}
