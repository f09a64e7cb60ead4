import { describe, expect, it } from 'vitest';
import { always, contextOf, explore, happensBefore, resolveParams, system, unordered, type GlobalState, type Report } from 'interleave';
import { multicastModels } from '../../models/multicast/index.ts';
import { deliverOnReceipt, noConsecutive, sendWithoutToken, serveLeavers } from '../../models/multicast/mutants.ts';
import { buildGroup } from '../../models/multicast/process-group.ts';
import { causalSystem, claimed, fifoSystem, multicastSystem, multicastView, tokenSystem, type Claim } from '../../models/multicast/systems.ts';
import { orderingCell } from '../../models/multicast/table.ts';
import { fifoMulticast } from '../../src/multicast/fifo.ts';
import { processGroup, type GroupState } from '../../src/multicast/group.ts';
import { totalOrderLamport, type LamportState } from '../../src/multicast/lamport.ts';
import { totalOrderSequencer } from '../../src/multicast/sequencer.ts';
import { totalOrderToken, type TokenState } from '../../src/multicast/token.ts';
import { causalBreach, fifoBreach, heldBackForOtherSender, integrityBreach, skipBreach, totalBreach, validityBreach, type MulticastView } from '../../spec/multicast.ts';
import { causalMulticast, type CausalMessage, type CausalState } from '../../src/multicast/causal.ts';

const byName = (name: string) => {
  const d = multicastModels.find((m) => m.name === name);
  if (!d) throw new Error(`no model ${name}`);
  return d;
};
const run = (name: string, params: Record<string, number> = {}): Report => {
  const d = byName(name);
  return explore(d.build(resolveParams(d, params)));
};
const stepsOf = (r: Report) => r.counterexample?.steps.map((s) => [s.actor, s.action]);
const witnessSteps = (r: Report, w: string) => r.witnesses[w]?.steps.map((s) => [s.actor, s.action]);

// Every trace below was obtained by running the checker once and is pinned here: BFS gives a
// shortest counterexample, and the engine's order of successors makes it this one.

describe('the notes’ claims, as the checker finds them', () => {
  it('causal multicast holds m2 back at P2 until m1, then delivers m1 and then m2 (the notes’ causal example)', () => {
    const r = run('causal-multicast');
    expect(r.properties.find((p) => p.name === 'm2 held back until m1')?.status).toBe('witnessed');
    expect(witnessSteps(r, 'm2 held back until m1')).toEqual([
      ['P0', 'multicast'],
      ['P1', 'receives DATA(id=P0#1, vt=[1, 0, 0]) from P0'],
      ['P1', 'multicast'],
      ['P2', 'receives DATA(id=P1#1, vt=[1, 1, 0]) from P1'],
      ['P2', 'receives DATA(id=P0#1, vt=[1, 0, 0]) from P0'],
    ]);
    // One multicast each: FIFO's own case (a sender's second message first) cannot happen, so the
    // witness is met only by holding back for another sender.
    expect(run('causal-multicast', { multicasts: 1 }).properties.find((p) => p.name === 'm2 held back until m1')?.status).toBe('witnessed');
    // FIFO multicast holds back only for its sender's earlier message: the witness is not met.
    const fifo = explore(multicastSystem({ protocol: fifoMulticast({ multicasts: 2, senders: 2 }), n: 3, claims: ['integrity'], witnesses: [heldBackForOtherSender(multicastView())] }));
    expect([fifo.verdict, fifo.properties.find((p) => p.name === 'm2 held back until m1')?.status]).toEqual(['violation', 'unwitnessed']);
  });

  it('FIFO multicast must also deliver the consecutive messages held back: without, P2 holds P1#2 for ever (validity)', () => {
    const r = run('fifo-multicast-no-consecutive');
    expect([r.counterexample?.property?.name, r.counterexample?.reason]).toEqual(['validity', 'P2 never delivered P1#2']);
    // FIFO order and integrity still hold: nothing is delivered out of order, something never.
    expect(explore(multicastSystem({ protocol: noConsecutive({ multicasts: 2, senders: 2 }), n: 3, claims: ['integrity', 'FIFO order'] })).verdict).toBe('pass');
  });

  it('FIFO order by the transport alone: delivery on receipt over reliable FIFO channels holds it, with nothing held back ("like TCP/IP")', () => {
    const r = run('fifo-multicast-tcp');
    expect([r.verdict, r.distinctStates]).toEqual(['pass', 1852]);
    expect(r.properties.filter((p) => p.kind !== 'sometimes').map((p) => [p.name, p.status])).toEqual([
      ['integrity', 'holds'],
      ['FIFO order', 'holds'],
      ['validity', 'holds'],
    ]);
    // Three senders with one multicast each, and one sender with three: still FIFO.
    for (const params of [{ multicasts: 1, senders: 3 }, { multicasts: 3, senders: 1 }]) {
      expect(run('fifo-multicast-tcp', params).properties.find((p) => p.name === 'FIFO order')?.status).toBe('holds');
    }
  });

  it('FIFO multicast is not causal: m1 → m2, yet P2 delivers m2 first (the notes’ trace)', () => {
    const r = run('fifo-multicast-is-not-causal');
    expect([r.verdict, r.exitCode, r.counterexample?.property?.name]).toEqual(['violation', 12, 'causal order']);
    expect(stepsOf(r)).toEqual([
      ['P0', 'multicast'],
      ['P1', 'receives DATA(id=P0#1, seq=1) from P0'],
      ['P1', 'multicast'],
      ['P2', 'receives DATA(id=P1#1, seq=1) from P1'],
    ]);
    const last = r.counterexample?.steps[3].state as Record<string, { delivered: string[] }>;
    expect(last.P2.delivered).toEqual(['P1#1']);
  });

  it('total order does not imply FIFO: the Lamport protocol without the wait keeps total order, yet P1 delivers P0#2 first', () => {
    const r = run('total-order-lamport-non-fifo');
    expect(r.verdict).toBe('pass');
    expect(r.properties.find((p) => p.name === 'total order')?.status).toBe('holds');
    expect(witnessSteps(r, 'FIFO broken')).toEqual([
      ['P0', 'multicast'],
      ['P0', 'multicast'],
      ['P1', 'receives DATA(id=P0#2, ts=2) from P0'],
      ['P2', 'receives DATA(id=P0#2, ts=2) from P0'],
      ['P0', 'receives PROPOSE(id=P0#2, time=3) from P1'],
      ['P0', 'receives PROPOSE(id=P0#2, time=3) from P2'],
      ['P1', 'receives FINAL(id=P0#2, time=3, pid=2) from P0'],
    ]);
  });

  it('causal order implies FIFO order: the causal protocol keeps both', () => {
    const r = run('causal-multicast');
    expect(r.properties.filter((p) => p.kind === 'always').map((p) => [p.name, p.status])).toEqual([
      ['integrity', 'holds'],
      ['FIFO order', 'holds'],
      ['causal order', 'holds'],
    ]);
  });

  it('FIFO and causal multicast are not total: two processes deliver two concurrent multicasts in different orders', () => {
    const r = run('fifo-multicast');
    expect(witnessSteps(r, 'orders differ')).toEqual([
      ['P0', 'multicast'],
      ['P1', 'multicast'],
      ['P1', 'receives DATA(id=P0#1, seq=1) from P0'],
      ['P0', 'receives DATA(id=P1#1, seq=1) from P1'],
    ]);
  });
});

describe('mutants: shortest counterexamples', () => {
  const cases: [string, string, string[][]][] = [
    [
      'fifo-multicast-no-holdback',
      'FIFO order',
      [
        ['P0', 'multicast'],
        ['P0', 'multicast'],
        ['P1', 'receives DATA(id=P0#2, seq=2) from P0'],
      ],
    ],
    [
      // Every message delivered but the last one P2 receives: P1#2, held back, waits behind P1#1 for ever.
      'fifo-multicast-no-consecutive',
      'validity',
      [
        ['P0', 'multicast'],
        ['P0', 'multicast'],
        ['P1', 'multicast'],
        ['P1', 'multicast'],
        ['P1', 'receives DATA(id=P0#1, seq=1) from P0'],
        ['P1', 'receives DATA(id=P0#2, seq=2) from P0'],
        ['P2', 'receives DATA(id=P0#1, seq=1) from P0'],
        ['P2', 'receives DATA(id=P0#2, seq=2) from P0'],
        ['P0', 'receives DATA(id=P1#1, seq=1) from P1'],
        ['P0', 'receives DATA(id=P1#2, seq=2) from P1'],
        ['P2', 'receives DATA(id=P1#2, seq=2) from P1'],
        ['P2', 'receives DATA(id=P1#1, seq=1) from P1'],
      ],
    ],
    [
      // Delivery on receipt is FIFO only over FIFO channels ("like TCP/IP"): these reorder.
      'fifo-multicast-tcp-reordering',
      'FIFO order',
      [
        ['P0', 'multicast'],
        ['P0', 'multicast'],
        ['P1', 'receives DATA(id=P0#2) from P0'],
      ],
    ],
    [
      'fifo-multicast-no-holdback-duplicating',
      'integrity',
      [
        ['P0', 'multicast'],
        ['P1', 'receives DATA(id=P0#1, seq=1) from P0 (a duplicate stays in flight)'],
        ['P1', 'receives DATA(id=P0#1, seq=1) from P0'],
      ],
    ],
    [
      // The notes' trace: P1 delivers P0#1, then multicasts (P0#1 → P1#1); P2 checks only P1's entry and delivers P1#1 first.
      'causal-multicast-sender-only',
      'causal order',
      [
        ['P0', 'multicast'],
        ['P1', 'receives DATA(id=P0#1, vt=[1, 0, 0]) from P0'],
        ['P1', 'multicast'],
        ['P2', 'receives DATA(id=P1#1, vt=[1, 1, 0]) from P1'],
      ],
    ],
    [
      'total-order-sequencer-no-gap-holdback',
      'total order',
      [
        ['P0', 'multicast'],
        ['P0', 'multicast'],
        ['P1', 'receives DATA(id=P0#2, gsn=2) from P0'],
      ],
    ],
    [
      // P0 (token) and P1 (no token) both number a message 1; P1 then delivers P0's 2 after its own 1, and P0#1 never before it.
      'total-order-token-send-without-token',
      'total order',
      [
        ['P0', 'multicast'],
        ['P0', 'multicast'],
        ['P1', 'multicastWithoutToken'],
        ['P1', 'receives DATA(id=P0#2, gsn=2) from P0'],
      ],
    ],
    [
      // P1#1 and P0#2 are both agreed at time 4 (by P0 and by P2): P1 delivers P1#1 then P0#2, and P0
      // delivers P0#2 without P1#1 (before P1#1's final time reaches it), so P0 can deliver P1#1 only after it.
      'total-order-lamport-no-tiebreak',
      'total order',
      [
        ['P0', 'multicast'],
        ['P1', 'multicast'],
        ['P1', 'receives DATA(id=P0#1, ts=1) from P0'],
        ['P2', 'receives DATA(id=P0#1, ts=1) from P0'],
        ['P0', 'receives PROPOSE(id=P0#1, time=2) from P1'],
        ['P2', 'receives DATA(id=P1#1, ts=1) from P1'],
        ['P0', 'receives PROPOSE(id=P0#1, time=2) from P2'],
        ['P0', 'multicast'],
        ['P1', 'receives FINAL(id=P0#1, time=2, pid=2) from P0'],
        ['P1', 'receives DATA(id=P0#2, ts=3) from P0'],
        ['P2', 'receives DATA(id=P0#2, ts=3) from P0'],
        ['P0', 'receives DATA(id=P1#1, ts=1) from P1'],
        ['P1', 'receives PROPOSE(id=P1#1, time=4) from P0'],
        ['P0', 'receives PROPOSE(id=P0#2, time=4) from P1'],
        ['P0', 'receives PROPOSE(id=P0#2, time=4) from P2'],
        ['P1', 'receives PROPOSE(id=P1#1, time=3) from P2'],
        ['P1', 'receives FINAL(id=P0#2, time=4, pid=2) from P0'],
      ],
    ],
    [
      // P0 multicasts twice without waiting for P0#1's agreed time; P0#2 is agreed first (time 3) and P1 delivers it, holding nothing from P0.
      'total-order-lamport-no-fifo-wait',
      'FIFO-total order',
      [
        ['P0', 'multicast'],
        ['P0', 'multicast'],
        ['P1', 'receives DATA(id=P0#2, ts=2) from P0'],
        ['P2', 'receives DATA(id=P0#2, ts=2) from P0'],
        ['P0', 'receives PROPOSE(id=P0#2, time=3) from P1'],
        ['P0', 'receives PROPOSE(id=P0#2, time=3) from P2'],
        ['P1', 'receives FINAL(id=P0#2, time=3, pid=2) from P0'],
      ],
    ],
    [
      'process-group-accept-non-members',
      'closed group',
      [
        ['P2', 'multicast'],
        ['P0', 'receives MCAST(id=P2#1) from P2'],
      ],
    ],
    [
      'process-group-serve-leavers',
      'no delivery after leave',
      [
        ['P1', 'leave'],
        ['P0', 'receives LEAVE from P1'],
        ['P0', 'multicast'],
        ['P1', 'receives DATA(id=P0#1, gsn=1) from P0'],
      ],
    ],
    [
      // P2#1 (numbered 2, after P2's join) overtakes the WELCOME and is dropped; P2 never delivers it.
      'process-group-discard-early',
      'joined member delivers later multicasts',
      [
        ['P1', 'leave'],
        ['P1', 'multicast'],
        ['P2', 'join'],
        ['P2', 'multicast'],
        ['P0', 'receives LEAVE from P1'],
        ['P0', 'multicast'],
        ['P0', 'receives MCAST(id=P1#1) from P1'],
        ['P0', 'receives JOIN from P2'],
        ['P0', 'receives MCAST(id=P2#1) from P2'],
        ['P2', 'receives DATA(id=P2#1, gsn=2) from P0'],
        ['P2', 'receives WELCOME(first=2) from P0'],
        ['P2', 'leave'],
        ['P0', 'receives LEAVE from P2'],
      ],
    ],
    [
      // P0's own multicast goes to P1 alone, to be passed on; P1 crashes before it does, and P2, live, never gets P0#1.
      'process-group-chain',
      'live members deliver',
      [
        ['P0', 'multicast'],
        ['P2', 'multicast'],
        ['P0', 'receives MCAST(id=P2#1) from P2'],
        ['env', 'P1 crashes'],
      ],
    ],
  ];

  it('every mutant of the family is here', () => {
    // Liveness mutants, and the lossy network's safety mutant, have their own tests (test/multicast/lossy.test.ts).
    expect(multicastModels.filter((m) => m.mutantOf && m.expect.verdict !== 'liveness' && m.name !== 'fifo-multicast-lossy-renumber').map((m) => m.name).sort()).toEqual(cases.map((c) => c[0]).sort());
  });

  it.each(cases)('%s violates %s', (name, property, steps) => {
    const r = run(name);
    expect([r.verdict, r.exitCode, r.counterexample?.property?.name]).toEqual(['violation', 12, property]);
    expect(stepsOf(r)).toEqual(steps);
  });

  it('the token mutant breaks total order: P1 delivers P0#2 numbered 2 after its own number 1, and never P0#1 before it; with one multicast each, validity', () => {
    const r = run('total-order-token-send-without-token');
    expect(r.counterexample?.reason).toBe('P0 delivered P0#1 before P0#2, P1 delivered P0#2 without P0#1');
    // One multicast each: P0 (token) and P1 (no token) both number their message 1; P1 and P2
    // deliver P1#1, P0 P0#1, and neither the other one ever (total order holds vacuously).
    const one = run('total-order-token-send-without-token', { multicasts: 1 });
    expect([one.counterexample?.property?.name, one.counterexample?.reason]).toEqual(['validity', 'P0 never delivered P1#1']);
    expect(stepsOf(one)).toEqual([
      ['P0', 'multicast'],
      ['P0', 'passToken'],
      ['P1', 'multicastWithoutToken'],
      ['P1', 'receives DATA(id=P0#1, gsn=1) from P0'],
      ['P1', 'receives TOKEN(next=2, idle=1) from P0'],
      ['P1', 'passToken'],
      ['P2', 'receives DATA(id=P0#1, gsn=1) from P0'],
      ['P0', 'receives DATA(id=P1#1, gsn=1) from P1'],
      ['P2', 'receives DATA(id=P1#1, gsn=1) from P1'],
      ['P2', 'receives TOKEN(next=2, idle=2) from P1'],
      ['P2', 'passToken'],
    ]);
  });

  it('serving leavers in a closed group first lets the leaver’s own later multicast in', () => {
    const r = explore(buildGroup({ n: 3, multicasts: 1, dynamic: 1, closed: 1 }, serveLeavers));
    expect(r.counterexample?.property?.name).toBe('closed group');
    expect(stepsOf(r)).toEqual([
      ['P1', 'leave'],
      ['P1', 'multicast'],
      ['P0', 'receives LEAVE from P1'],
      ['P0', 'receives MCAST(id=P1#1) from P1'],
    ]);
  });
});

describe('design choices, checked', () => {
  it('the notes’ stamps (delivery counts) are causal at the application level, not under the network-level happens-before', () => {
    // Network level: P1 has received P0#2 (held back: P0#1 is missing), so P0#1 → P1#1 through that
    // receipt; stamped with P1's delivery counts [0, 1, 0], P1#1 depends on nothing and P1 delivers it
    // at once. Application level: P1 delivered nothing from P0, so P0#1 and P1#1 are concurrent.
    const v = multicastView<CausalState>();
    /** Causal order judged by the network-level timestamps: the k-th multicast is the first event after which k were made. */
    const networkLevel = always<GlobalState<CausalState, CausalMessage>>('causal order', (g) => {
      const times = new Map<string, readonly number[]>();
      for (let s = 0; s < g.n; s++) {
        let k = 0;
        for (const e of g.events[s]) while (k < e.state.sent) times.set(`P${s}#${++k}`, e.vt);
      }
      for (let p = 0; p < g.n; p++) {
        const log = g.procs[p].delivered;
        for (let j = 0; j < log.length; j++) {
          for (const [m1, t1] of times) {
            if (m1 === log[j] || !happensBefore({ vt: t1 }, { vt: times.get(log[j]) as readonly number[] })) continue;
            const i = log.indexOf(m1);
            if (i < 0 || i > j) return false;
          }
        }
      }
      return true;
    });
    const textbook = explore(system({ protocol: causalMulticast({ multicasts: 2, senders: 2 }), n: 3, network: unordered, causality: true, properties: [networkLevel] }));
    void v;
    expect(textbook.counterexample?.property?.name).toBe('causal order');
    expect(stepsOf(textbook)).toEqual([
      ['P0', 'multicast'],
      ['P0', 'multicast'],
      ['P1', 'receives DATA(id=P0#2, vt=[2, 0, 0]) from P0'],
      ['P1', 'multicast'],
    ]);
    const last = textbook.counterexample?.steps[3].state as Record<string, { delivered: string[] }>;
    expect(last.P1.delivered).toEqual(['P1#1']);
    expect(explore(causalSystem(3, { multicasts: 2, senders: 2 })).verdict).toBe('pass');
  });

  it('the hold-back queue keeps FIFO multicast correct over a duplicating network, where delivery on receipt is not', () => {
    const build = (holdBack: boolean, claims: Claim[]) =>
      system({ protocol: holdBack ? fifoMulticast({ multicasts: 2, senders: 1 }) : deliverOnReceipt({ multicasts: 2, senders: 1 }), n: 3, network: { order: 'unordered', duplicating: true }, properties: claimed(claims) });
    const ok = explore(build(true, ['integrity', 'FIFO order']));
    expect([ok.verdict, ok.distinctStates]).toEqual(['pass', 555]);
    expect(explore(build(false, ['integrity'])).counterexample?.property?.name).toBe('integrity');
  });

  it('fifo multicast over reliable channels with one multicast each never holds anything back (so the default has two)', () => {
    const r = explore(fifoSystem(3, { multicasts: 1 }));
    expect(r.properties.find((p) => p.name === 'held back')?.status).toBe('unwitnessed');
    expect(explore(fifoSystem(3, { multicasts: 2, senders: 2 })).properties.find((p) => p.name === 'held back')?.status).toBe('witnessed');
  });

  it('the token mutant is caught whichever way its duplicate number shows', () => {
    expect(explore(tokenSystem(3, { multicasts: 1, senders: 2 }, sendWithoutToken({ multicasts: 1, senders: 2 }))).counterexample?.property?.name).toBe('validity');
  });
});

describe('protocol steps', () => {
  const ctx = (self: number, n = 3) => contextOf(self, n);

  it('sequencer: a member asks for a GSN and sends only once granted; the sequencer numbers in order', () => {
    const p = totalOrderSequencer({ multicasts: 1 });
    const s1 = p.init(ctx(1));
    const asked = p.actions.multicast.run(s1, ctx(1));
    expect(asked.send).toEqual([{ to: 0, msg: { type: 'REQUEST' } }]);
    expect(p.actions.multicast.guard(asked.state, ctx(1))).toBe(false);
    const seq = p.handlers.REQUEST(p.init(ctx(0)), { type: 'REQUEST' }, 1, ctx(0));
    expect(seq.send).toEqual([{ to: 1, msg: { type: 'GRANT', gsn: 1 } }]);
    expect(seq.state.nextGsn).toBe(2);
    const sent = p.handlers.GRANT(asked.state, { type: 'GRANT', gsn: 1 }, 0, ctx(1));
    expect(sent.send?.map((x) => [x.to, x.msg])).toEqual([
      [0, { type: 'DATA', id: 'P1#1', gsn: 1 }],
      [2, { type: 'DATA', id: 'P1#1', gsn: 1 }],
    ]);
    expect(sent.state.delivered).toEqual(['P1#1']);
  });

  it('token: the holder holds its own message back while an earlier number is missing, and must send before passing', () => {
    const p = totalOrderToken({ multicasts: 1 });
    const got = p.handlers.TOKEN(p.init(ctx(1)), { type: 'TOKEN', next: 2, idle: 0 }, 0, ctx(1)).state;
    expect(p.actions.passToken.guard(got, ctx(1))).toBe(false);
    const sent = p.actions.multicast.run(got, ctx(1)).state as TokenState;
    expect(sent.held.map((m) => [m.id, m.gsn])).toEqual([['P1#1', 2]]);
    expect(sent.delivered).toEqual([]);
    expect(p.actions.passToken.guard(sent, ctx(1))).toBe(true);
    const later = p.handlers.DATA(sent, { type: 'DATA', id: 'P0#1', gsn: 1 }, 0, ctx(1)).state;
    expect(later.delivered).toEqual(['P0#1', 'P1#1']);
  });

  it('Lamport: the sender agrees the largest (time, id) proposed, ties going to the larger id', () => {
    const p = totalOrderLamport({ multicasts: 1 });
    let s: LamportState = p.actions.multicast.run(p.init(ctx(0)), ctx(0)).state;
    s = p.handlers.PROPOSE(s, { type: 'PROPOSE', id: 'P0#1', time: 3 }, 1, ctx(0)).state;
    const done = p.handlers.PROPOSE(s, { type: 'PROPOSE', id: 'P0#1', time: 3 }, 2, ctx(0));
    expect(done.send?.[0].msg).toEqual({ type: 'FINAL', id: 'P0#1', time: 3, pid: 2 });
    expect(done.state.delivered).toEqual(['P0#1']);
    expect(done.state.clock).toBe(3);
    expect(() => p.handlers.PROPOSE(done.state, { type: 'PROPOSE', id: 'P0#1', time: 3 }, 1, ctx(0))).toThrow('P0#1');
  });

  it('group: a joiner holds back a multicast that overtakes its WELCOME, and delivers it once welcomed', () => {
    const p = processGroup({ multicasts: 1, dynamic: true, closed: true });
    const joining = p.actions.join.run(p.init(ctx(2)), ctx(2)).state;
    const early: GroupState = p.handlers.DATA(joining, { type: 'DATA', id: 'P0#1', gsn: 3 }, 0, ctx(2)).state;
    expect([early.delivered, early.held.length]).toEqual([[], 1]);
    const welcomed = p.handlers.WELCOME(early, { type: 'WELCOME', first: 3 }, 0, ctx(2)).state;
    expect([welcomed.status, welcomed.delivered, welcomed.held]).toEqual(['member', ['P0#1'], []]);
  });

  it('group: the coordinator refuses a non-member in a closed group and orders it in an open one', () => {
    const closed = processGroup({ multicasts: 1, dynamic: true, closed: true });
    const r = closed.handlers.MCAST(closed.init(ctx(0)), { type: 'MCAST', id: 'P2#1' }, 2, ctx(0));
    expect([r.send ?? [], r.state.history]).toEqual([[], [{ op: 'reject', id: 'P2#1' }]]);
    const open = processGroup({ multicasts: 1, dynamic: true, closed: false });
    const o = open.handlers.MCAST(open.init(ctx(0)), { type: 'MCAST', id: 'P2#1' }, 2, ctx(0));
    expect(o.send).toEqual([{ to: 1, msg: { type: 'DATA', id: 'P2#1', gsn: 1 } }]);
    expect(o.state.delivered).toEqual(['P2#1']);
  });
});

describe('the properties on hand-built states', () => {
  type L = { readonly sent: number; readonly delivered: readonly string[]; readonly held: readonly unknown[] };
  const view: MulticastView<L> = { delivered: (s) => s.delivered, multicasts: (s) => s.sent, heldBack: (s) => s.held.length };
  const g = (procs: L[], events: GlobalState<L, never>['events'] = procs.map(() => [])): GlobalState<L, never> => ({
    n: procs.length,
    procs,
    roles: procs.map(() => 'process'),
    peers: { process: procs.map((_, p) => p) },
    ghost: {},
    channels: procs.map(() => procs.map(() => [])),
    used: procs.map(() => ({})),
    crashed: procs.map(() => false),
    sent: procs.map(() => 0),
    events,
    channelTimes: procs.map(() => procs.map(() => [])),
  });
  const P = (sent: number, delivered: string[]): L => ({ sent, delivered, held: [] });

  it('integrity: a duplicate, or a message never multicast, is named', () => {
    expect(integrityBreach(view, g([P(1, ['P0#1']), P(0, ['P0#1'])]))).toBeNull();
    expect(integrityBreach(view, g([P(1, ['P0#1']), P(0, ['P0#1', 'P0#1'])]))).toBe('P1 delivered P0#1 twice');
    expect(integrityBreach(view, g([P(1, ['P0#1']), P(0, ['P0#2'])]))).toBe('P1 delivered P0#2, which was not multicast');
    expect(integrityBreach(view, g([P(1, []), P(0, ['P5#1'])]))).toBe('P1 delivered P5#1, which was not multicast');
  });

  it('FIFO: a gap is a breach, another sender in between is not', () => {
    expect(fifoBreach(view, g([P(2, ['P0#1', 'P1#1', 'P0#2']), P(1, [])]))).toBeNull();
    expect(fifoBreach(view, g([P(2, ['P0#2']), P(0, [])]))).toBe('P0 delivered P0#2 before P0#1');
  });

  it('total order among the messages both processes delivered (a group whose members change)', () => {
    expect(totalBreach(view, g([P(1, ['P0#1', 'P1#1']), P(1, ['P1#1']), P(0, ['P0#1'])]))).toBeNull();
    expect(totalBreach(view, g([P(1, ['P0#1', 'P1#1']), P(1, ['P1#1', 'P0#1'])]))).toBe('P0 delivered P0#1 before P1#1, P1 the other way round');
  });

  it("total order as the notes define it (a fixed group): delivering m2 without m1, which another delivered before m2, breaks it", () => {
    // P1 has delivered P1#1 but not P0#1, which P0 delivered before P1#1: P1 can deliver P0#1 only after P1#1, or never.
    expect(skipBreach(view, g([P(1, ['P0#1', 'P1#1']), P(1, ['P1#1']), P(0, ['P0#1'])]))).toBe('P0 delivered P0#1 before P1#1, P1 delivered P1#1 without P0#1');
    // Behind, not out of order: P1 has delivered a prefix of P0's order, P2 nothing yet.
    expect(skipBreach(view, g([P(1, ['P0#1', 'P1#1']), P(1, ['P0#1']), P(0, [])]))).toBeNull();
    expect(skipBreach(view, g([P(1, ['P0#1', 'P1#1']), P(1, ['P0#1', 'P1#1']), P(0, ['P0#1', 'P1#1'])]))).toBeNull();
    // Either process may be the one ahead: here P1 delivered P1#1 first and P0 skipped it.
    expect(skipBreach(view, g([P(1, ['P0#1']), P(1, ['P1#1', 'P0#1'])]))).toBe('P1 delivered P1#1 before P0#1, P0 delivered P0#1 without P1#1');
  });

  it('validity: every process must have every multicast', () => {
    expect(validityBreach(view, g([P(1, ['P0#1']), P(0, ['P0#1'])]))).toBeNull();
    expect(validityBreach(view, g([P(1, ['P0#1']), P(0, [])]))).toBe('P1 never delivered P0#1');
  });

  describe('causal order, from the events’ true vector timestamps', () => {
    type A = { kind: 'multicast' | 'deliver'; id: string; avt: number[] };
    const ev = (p: number, index: number, vt: number[], state: L, app: A[]) => ({ p, index, kind: 'local' as const, action: 'x', vt, state, sent: [], app });
    const p0 = P(1, ['P0#1']);
    // P0 multicasts m1; P1 delivers it, then multicasts m2 (m1 → m2), or multicasts without delivering (concurrent).
    const after = [ev(0, 0, [1, 0, 0], p0, [{ kind: 'multicast', id: 'P0#1', avt: [1, 0, 0] }])];
    const chain = [
      ev(1, 0, [1, 1, 0], P(0, ['P0#1']), [{ kind: 'deliver', id: 'P0#1', avt: [1, 1, 0] }]),
      ev(1, 1, [1, 2, 0], P(1, ['P0#1', 'P1#1']), [{ kind: 'multicast', id: 'P1#1', avt: [1, 2, 0] }]),
    ];
    const alone = [ev(1, 0, [0, 1, 0], P(1, ['P1#1']), [{ kind: 'multicast', id: 'P1#1', avt: [0, 1, 0] }])];
    // P1 received P0#1 (network: m1 → m2) but delivered nothing before multicasting (application: concurrent).
    const heldOnly = [ev(1, 0, [1, 1, 0], P(0, []), []), ev(1, 1, [1, 2, 0], P(1, ['P1#1']), [{ kind: 'multicast', id: 'P1#1', avt: [0, 1, 0] }])];

    it('m1 → m2 and P2 delivered m2 without m1: a breach, naming both', () => {
      expect(causalBreach(view, g([p0, P(1, ['P0#1', 'P1#1']), P(0, ['P1#1'])], [after, chain, []]))).toBe('P0#1 → P1#1, yet P2 delivered P1#1 without P0#1');
      expect(causalBreach(view, g([p0, P(1, ['P0#1', 'P1#1']), P(0, ['P1#1', 'P0#1'])], [after, chain, []]))).toBe('P0#1 → P1#1, yet P2 delivered P1#1 before P0#1');
      expect(causalBreach(view, g([p0, P(1, ['P0#1', 'P1#1']), P(0, ['P0#1', 'P1#1'])], [after, chain, []]))).toBeNull();
    });

    it('concurrent multicasts may be delivered in either order', () => {
      expect(causalBreach(view, g([p0, P(1, ['P1#1']), P(0, ['P1#1'])], [after, alone, []]))).toBeNull();
    });

    it('a receipt into the hold-back queue orders nothing: only deliveries do', () => {
      expect(causalBreach(view, g([p0, P(1, ['P1#1']), P(0, ['P1#1'])], [after, heldOnly, []]))).toBeNull();
    });

    it('without the engine’s events, or without declared multicasts, it says what is missing', () => {
      expect(() => causalBreach(view, g([p0, P(0, [])]))).toThrow('causality: true');
      const undeclared = [{ ...after[0], app: [] }];
      expect(() => causalBreach(view, g([p0, P(0, [])], [undeclared, []]))).toThrow('declare its multicasts and deliveries');
    });
  });
});

describe('the table, cell by cell (the cheap cells; `npx tsx models/multicast/table.ts` prints them all)', () => {
  it.each([
    ['fifo-multicast', 'causal order', 'violated', 4],
    ['causal-multicast', 'total order', 'violated', 3],
    ['total-order-token', 'FIFO-total order', 'holds', undefined],
    ['total-order-lamport-non-fifo', 'FIFO order', 'violated', 7],
  ] as const)('%s × %s: %s', (protocol, column, cell, steps) => {
    const c = orderingCell(protocol, column);
    expect([c.cell, c.steps]).toEqual([cell, steps]);
  });

  it('an unknown protocol is an error that lists the rows', () => {
    expect(() => orderingCell('nope', 'integrity')).toThrow('fifo-multicast, causal-multicast');
  });

  it('the sequencer is causal at the application level: what P1 has only received (held back) does not order its multicast', () => {
    // The network-level judgement's shortest counterexample: P1 asks first and is granted GSN 1,
    // but receives P0#1 (GSN 2, held back) before the grant. P1 has not delivered P0#1, so at the
    // application level P0#1 and P1#1 are concurrent, and GSN order may put P1#1 first.
    const r = orderingCell('total-order-sequencer', 'causal order').report;
    expect(r.verdict).toBe('pass');
    expect(r.distinctStates).toBe(113_839);
  });
});
