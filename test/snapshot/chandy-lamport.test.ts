import { describe, expect, it } from 'vitest';
import { always, contextOf, explore, fifo, resolveParams, system, unordered, type Report, type Step } from 'interleave';
import { withSnapshots, MARKER, type Marker, type SnapshotState } from '../../src/snapshot/chandy-lamport.ts';
import { bank, type BankState, type Transfer } from '../../src/snapshot/bank.ts';
import { consistentCut, cutOf, describeCutOf, type SnapshotGlobal } from '../../spec/snapshot.ts';
import { deliveredWereSent } from '../../src/causality/cuts.ts';
import type { Run, RunEvent } from '../../src/causality/run.ts';
import correct, { bankSystem, snapshotSystem, type SnapshotParams } from '../../models/snapshot/chandy-lamport.ts';
import {
  chandyLamportCrash as crashMutant,
  chandyLamportIgnoresGuards as ignoresGuards,
  chandyLamportKeepsRecording as keepsRecording,
  chandyLamportLossy as lossyMutant,
  chandyLamportRecordsFirstChannel as recordsFirstChannel,
  chandyLamportLateMarkers as lateMarkers,
  chandyLamportLeakyBank as leakyBank,
  chandyLamportNoChannelRecording as noChannelRecording,
  chandyLamportNoForwarding as noForwarding,
  chandyLamportUnordered as unorderedMutant,
  lateMarkers as deferMarkers,
  noForwarding as forwardNoMarkers,
} from '../../models/snapshot/mutants.ts';
import { pinnedStates } from '../../models/manifest.ts';
import { snapshotModels } from '../../models/snapshot/index.ts';

type S = SnapshotState<BankState, Transfer>;
type W = Transfer | Marker;

const app = bank({ balance: 10 });
const layer = withSnapshots(app, { initiators: [0] });
const ctx0 = contextOf(0, 3);
const ctx1 = contextOf(1, 3);
const handle = (s: S, msg: W, from: number, ctx = ctx1): Step<S, W> =>
  (layer.handlers as unknown as Record<string, (s: S, m: W, f: number, c: typeof ctx) => Step<S, W>>)[msg.type](s, msg, from, ctx);
const transfer = (amount: number): Transfer => ({ type: 'TRANSFER', amount });

describe('the snapshot layer, step by step', () => {
  it('initiating records the local state and sends a marker on every outgoing channel in the same step', () => {
    const s0 = layer.init(ctx0);
    const t = layer.actions.transfer.run(s0, ctx0);
    expect(t.state.events).toBe(1);
    const r = layer.actions.initiate.run(t.state, ctx0);
    expect(r.state).toMatchObject({ app: { balance: 9, made: 1 }, recorded: { balance: 9, made: 1 }, recordedAt: 1, recordedOn: 'initiate', complete: false });
    expect(r.send).toEqual([
      { to: 1, msg: MARKER },
      { to: 2, msg: MARKER },
    ]);
    // Recording is not an application step: the application state is untouched.
    expect(r.state.app).toBe(t.state.app);
  });

  it('only initiators may initiate, and only before they have recorded', () => {
    const s0 = layer.init(ctx0);
    expect(layer.actions.initiate.guard(s0, ctx0)).toBe(true);
    expect(layer.actions.initiate.guard(layer.init(ctx1), ctx1)).toBe(false);
    expect(layer.actions.initiate.guard(layer.actions.initiate.run(s0, ctx0).state, ctx0)).toBe(false);
  });

  it("the application's actions and handlers work unchanged, with its messages passed through", () => {
    const s = layer.init(ctx1);
    const t = layer.actions.transfer.run(s, ctx1);
    expect(t.state.app).toEqual(app.actions.transfer.run(s.app, ctx1).state);
    expect(t.send).toEqual([{ to: 0, msg: transfer(1) }]);
    expect(handle(s, transfer(3), 2).state.app).toEqual({ balance: 13, made: 0 });
  });

  it('the first marker records, closes its channel empty and floods markers; messages on open channels are recorded until their marker', () => {
    const s = handle(layer.init(ctx1), transfer(2), 2).state; // one event before the snapshot
    const m = handle(s, MARKER, 0);
    expect(m.state).toMatchObject({ recorded: { balance: 12, made: 0 }, recordedAt: 1, recordedOn: 'MARKER from P0', markers: [true, false, false] });
    expect(m.send).toEqual([
      { to: 0, msg: MARKER },
      { to: 2, msg: MARKER },
    ]);
    const a = handle(m.state, transfer(1), 2).state; // channel P2→P1 is being recorded
    expect(a.channels).toEqual([[], [], [transfer(1)]]);
    expect(a.events).toBe(1); // counting stopped at the snapshot
    const closed = handle(a, MARKER, 2);
    expect(closed.send).toBeUndefined();
    expect(closed.state).toMatchObject({ markers: [true, false, true], complete: true });
    expect(handle(closed.state, transfer(4), 2).state.channels).toEqual([[], [], [transfer(1)]]); // closed: not recorded
    expect(layer.isDone?.(closed.state, ctx1)).toBe(true);
    expect(layer.isDone?.(a, ctx1)).toBe(false);
  });

  it('the mutants (models/snapshot): late markers, no forwarding', () => {
    const late = deferMarkers(withSnapshots(app, { initiators: [0] }));
    const i = late.actions.initiate.run(late.init(ctx0), ctx0);
    expect(i.send).toBeUndefined();
    expect(i.state.markersOwed).toBe(true);
    expect(late.actions.transfer.guard(i.state, ctx0)).toBe(true); // an application send may come first
    expect(late.actions.sendMarkers.run(i.state, ctx0).send).toHaveLength(2);

    const noFwd = forwardNoMarkers(withSnapshots(app, { initiators: [0] }));
    expect((noFwd.handlers as unknown as Record<string, (s: S, m: W, f: number, c: typeof ctx1) => Step<S, W>>).MARKER(noFwd.init(ctx1), MARKER, 0, ctx1).send).toBeUndefined();
    expect(noFwd.actions.initiate.run(noFwd.init(ctx0), ctx0).send).toHaveLength(2); // initiators still send
  });

  it('refuses an application that uses the names it needs', () => {
    const clash = { ...app, name: 'clash', actions: { ...app.actions, initiate: app.actions.transfer } };
    expect(() => withSnapshots(clash, { initiators: [0] })).toThrow(/clash has its own local action 'initiate'/);
  });
});

const check = (def: typeof correct, params: Partial<SnapshotParams> = {}): Report => explore(def.build(resolveParams(def, params as Record<string, number>)));
const stepsOf = (r: Report) => r.counterexample?.steps.map((s) => [s.actor, s.action]);
/** The system of `def` checking only the property named `only`. */
const only = (def: typeof correct, params: Partial<SnapshotParams>, name: string) => {
  const sys = def.build(resolveParams(def, params as Record<string, number>)) as ReturnType<typeof snapshotSystem>;
  return explore(system({ ...sys.spec, properties: (sys.spec.properties ?? []).filter((p) => p.name === name) }));
};
/** Initiation at any time, on a smaller bank (one transfer per branch). */
const SMALL = { transfers: 1, initiateAfter: 0 };

describe('chandy-lamport, with initiation at any time', () => {
  it('n=3, 1 transfer each, 2 initiators: every property holds and both witnesses are found (the pinned instance)', () => {
    const r = check(correct, SMALL);
    expect(r.verdict).toBe('pass');
    expect(r.distinctStates).toBe(pinnedStates('chandy-lamport', { n: 3, transfers: 1, initiators: 2, initiateAfter: 0 }));
    expect(r.properties.map((p) => [p.name, p.status])).toEqual([
      ['consistent cut', 'holds'],
      ['channel states', 'holds'],
      ['conservation', 'holds'],
      ['recorded state reachable', 'holds'],
      ['termination', 'holds'],
      ['every initiated snapshot completes', 'holds'],
      ['concurrent initiators', 'witnessed'],
      ['message in flight recorded', 'witnessed'],
    ]);
    expect(r.witnesses['concurrent initiators'].steps.map((s) => [s.actor, s.action])).toEqual([
      ['P0', 'initiate'],
      ['P1', 'initiate'],
    ]);
    // Pinned from a run: the shortest snapshot that records money in flight (P0's transfer to P1).
    const w = r.witnesses['message in flight recorded'];
    expect(describeCutOf(w.steps.at(-1)?.state)).toBe(
      [
        'P0 recorded {balance=9, made=1} at its event 1 (initiate), complete; channels: P1→P0 [] (closed), P2→P0 [] (closed)',
        'P1 recorded {balance=10, made=0} at its event 0 (MARKER from P2), complete; channels: P0→P1 [TRANSFER(amount=1)] (closed), P2→P1 [] (closed)',
        'P2 recorded {balance=10, made=0} at its event 0 (MARKER from P0), complete; channels: P0→P2 [] (closed), P1→P2 [] (closed)',
      ].join('\n'),
    );
  });

  it('the layer is transparent: the application states it reaches are exactly those of the bank alone (n=2, 2 transfers each)', () => {
    const seen = new Set<string>();
    const r = explore(snapshotSystem({ n: 2, transfers: 2, initiators: 2, initiateAfter: 0, balance: 10 }), {
      onState: (st) => {
        const d = st as Record<string, { app: BankState } | readonly W[]>;
        const app0 = (d.P0 as { app: BankState }).app;
        const app1 = (d.P1 as { app: BankState }).app;
        const ch = (k: string) => (d[k] as readonly W[]).filter((m) => m.type !== 'MARKER');
        seen.add(JSON.stringify([app0.balance, app0.made, app1.balance, app1.made, ch('P0→P1'), ch('P1→P0')]));
      },
    });
    expect(r.distinctStates).toBe(pinnedStates('chandy-lamport', { n: 2, transfers: 2, initiators: 2, initiateAfter: 0 }));
    const alone = new Set<string>();
    explore(bankSystem(2, 2, 10, fifo), {
      onState: (st) => {
        const d = st as Record<string, BankState | readonly Transfer[]>;
        const [a, b] = [d.P0 as BankState, d.P1 as BankState];
        alone.add(JSON.stringify([a.balance, a.made, b.balance, b.made, d['P0→P1'], d['P1→P0']]));
      },
    });
    expect(alone.size).toBe(36);
    expect([...seen].sort()).toEqual([...alone].sort());
  });

  it('the bank alone, the reference for "recorded state reachable": 343 states at n=3 with 2 transfers each, 27 with 1', () => {
    expect(explore(bankSystem(3, 2, 10, fifo)).distinctStates).toBe(343);
    expect(explore(bankSystem(3, 1, 10, fifo)).distinctStates).toBe(27);
  });
});

describe('the mutants at their defaults: pinned shortest counterexamples', () => {
  it('the family registers the model and its mutants, one primary counterexample per invariant', () => {
    expect(snapshotModels.map((m) => [m.name, m.mutantOf ?? null, m.expect.verdict, m.expect.property ?? null])).toEqual([
      ['chandy-lamport', null, 'pass', null],
      ['chandy-lamport-unordered', 'chandy-lamport', 'violation', 'channel states'],
      ['chandy-lamport-no-channel-recording', 'chandy-lamport', 'violation', 'channel states'],
      ['chandy-lamport-late-markers', 'chandy-lamport', 'violation', 'consistent cut'],
      ['chandy-lamport-no-forwarding', 'chandy-lamport', 'violation', 'termination'],
      ['chandy-lamport-leaky-bank', 'chandy-lamport', 'violation', 'conservation'],
      ['chandy-lamport-ignores-guards', 'chandy-lamport', 'violation', 'recorded state reachable'],
      ['chandy-lamport-lossy', 'chandy-lamport', 'violation', 'channel states'],
      ['chandy-lamport-crash', 'chandy-lamport', 'violation', 'termination'],
      ['chandy-lamport-records-first-channel', 'chandy-lamport', 'violation', 'channel states'],
      ['chandy-lamport-keeps-recording', 'chandy-lamport', 'violation', 'channel states'],
      ['chandy-lamport-tokens', null, 'pass', null],
      ['chandy-lamport-tokens-skips-channel', 'chandy-lamport-tokens', 'liveness', 'every initiated snapshot completes'],
      ['consistent-cuts', null, 'pass', null],
      ['consistent-cuts-sent-were-delivered', 'consistent-cuts', 'violation', 'the two definitions agree'],
    ]);
    expect(correct.params).toMatchObject({ n: { default: 3 }, transfers: { default: 2 }, initiators: { default: 2 }, initiateAfter: { default: 2 } });
  });

  it('unordered: the marker overtakes a transfer sent before the snapshot, which the closed channel then misses', () => {
    const r = check(unorderedMutant);
    expect([r.verdict, r.exitCode, r.counterexample?.property?.name]).toEqual(['violation', 12, 'channel states']);
    expect(stepsOf(r)).toEqual([
      ['P0', 'transfer'],
      ['P0', 'transfer'],
      ['P0', 'initiate'],
      ['P1', 'receives MARKER from P0'],
    ]);
    expect(r.counterexample?.steps[3].changes).toEqual(
      expect.arrayContaining([
        { path: 'P1.recordedAt', before: null, after: 0 },
        { path: 'P0→P1', before: [transfer(1), MARKER], after: [transfer(1)] },
      ]),
    );
  });

  it('no channel recording: the transfer in flight on P0→P1 is missing when its marker closes the channel', () => {
    const r = check(noChannelRecording);
    expect([r.verdict, r.exitCode, r.counterexample?.property?.name]).toEqual(['violation', 12, 'channel states']);
    expect(stepsOf(r)).toEqual([
      ['P0', 'transfer'],
      ['P0', 'transfer'],
      ['P0', 'initiate'],
      ['P1', 'transfer'],
      ['P1', 'transfer'],
      ['P1', 'initiate'],
      ['P1', 'receives TRANSFER(amount=1) from P0'],
      ['P1', 'receives MARKER from P0'],
    ]);
  });

  it('late markers: P2 records on a marker, sends a transfer before its own markers, and P0 receives it before recording', () => {
    const r = check(lateMarkers);
    expect([r.verdict, r.exitCode, r.counterexample?.property?.name]).toEqual(['violation', 12, 'consistent cut']);
    expect(stepsOf(r)).toEqual([
      ['P1', 'transfer'],
      ['P1', 'transfer'],
      ['P1', 'initiate'],
      ['P1', 'sendMarkers'],
      ['P2', 'receives TRANSFER(amount=2) from P1'],
      ['P2', 'receives MARKER from P1'],
      ['P2', 'transfer'],
      ['P0', 'receives TRANSFER(amount=1) from P2'],
    ]);
    const steps = r.counterexample?.steps ?? [];
    expect(steps[5].changes).toEqual(
      expect.arrayContaining([
        { path: 'P2.recordedAt', before: null, after: 1 },
        { path: 'P2.markersOwed', before: false, after: true },
      ]),
    );
    // The cut holds P0's receipt of a transfer that P2 sent after its snapshot.
    expect(describeCutOf(steps[7].state)).toBe(
      [
        'P0 has not recorded (1 event so far, all inside the cut)',
        'P1 recorded {balance=7, made=2} at its event 2 (initiate); channels: P0→P1 [] (still recording), P2→P1 [] (still recording)',
        'P2 recorded {balance=12, made=0} at its event 1 (MARKER from P1); channels: P0→P2 [] (still recording), P1→P2 [] (closed)',
      ].join('\n'),
    );
  });

  it('no forwarding (idle bank): the others wait for ever for markers from P1 and P2', () => {
    const r = check(noForwarding);
    expect([r.verdict, r.exitCode, r.counterexample?.property]).toEqual(['violation', 12, { name: 'termination', kind: 'quiescent' }]);
    expect(stepsOf(r)).toEqual([
      ['P0', 'initiate'],
      ['P1', 'receives MARKER from P0'],
      ['P2', 'receives MARKER from P0'],
    ]);
  });

  it('no forwarding with 2 transfers each: first an inconsistent cut; checked alone, termination fails too', () => {
    const r = check(noForwarding, { transfers: 2 });
    expect([r.verdict, r.counterexample?.property?.name]).toEqual(['violation', 'consistent cut']);
    // P2 records on P1's marker without forwarding it, then sends to P0, which receives the
    // transfer before it records: the cut holds the receive but not the send.
    expect(stepsOf(r)).toEqual([
      ['P1', 'transfer'],
      ['P1', 'transfer'],
      ['P1', 'initiate'],
      ['P2', 'receives TRANSFER(amount=2) from P1'],
      ['P2', 'receives MARKER from P1'],
      ['P2', 'transfer'],
      ['P0', 'receives TRANSFER(amount=1) from P2'],
    ]);
    const t = only(noForwarding, { transfers: 2 }, 'termination');
    expect([t.verdict, t.counterexample?.property?.name, t.counterexample?.steps.length]).toEqual(['violation', 'termination', 15]);
  });
});

describe("the notes' assumptions and the rules for Cij and Cik, broken: pinned shortest counterexamples", () => {
  it('lossy: the transfer P0 sent to P1 before its snapshot is lost, so P1 records P0→P1 empty', () => {
    const r = check(lossyMutant);
    expect([r.verdict, r.exitCode, r.counterexample?.property?.name]).toEqual(['violation', 12, 'channel states']);
    expect(stepsOf(r)).toEqual([
      ['P0', 'transfer'],
      ['P0', 'transfer'],
      ['P0', 'initiate'],
      ['env', 'loses TRANSFER(amount=1) from P0 to P1'],
      ['P1', 'receives MARKER from P0'],
    ]);
  });

  it('crash: P2 crashes before any marker reaches it, and P0 and P1 wait for ever for its markers', () => {
    const r = check(crashMutant);
    expect([r.verdict, r.exitCode, r.counterexample?.property]).toEqual(['violation', 12, { name: 'termination', kind: 'quiescent' }]);
    expect(r.counterexample?.steps.length).toBe(10);
    expect(stepsOf(r)?.at(-1)).toEqual(['env', 'P2 crashes']);
    expect(r.reason).toBe('no step is enabled, and the snapshot is not complete: P0 waits for a marker from P2; P1 waits for a marker from P2; P2 never recorded');
  });

  it("records the first marker's channel: P0 records on P2's marker, then records the transfer P2 sent after its snapshot", () => {
    const r = check(recordsFirstChannel);
    expect([r.verdict, r.exitCode, r.counterexample?.property?.name]).toEqual(['violation', 12, 'channel states']);
    expect(stepsOf(r)).toEqual([
      ['P1', 'transfer'],
      ['P1', 'transfer'],
      ['P1', 'initiate'],
      ['P2', 'receives TRANSFER(amount=2) from P1'],
      ['P2', 'receives MARKER from P1'],
      ['P2', 'transfer'],
      ['P0', 'receives MARKER from P2'],
      ['P0', 'receives TRANSFER(amount=1) from P2'],
    ]);
    expect(r.reason).toBe('P0 recorded channel P2→P0 as [TRANSFER(amount=1)], but the messages P2 sent before its snapshot and P0 had not received by its own are []');
  });

  it("keeps recording: P0 goes on recording P1→P0 after P1's marker, and takes in a transfer P1 sent after its snapshot", () => {
    const r = check(keepsRecording);
    expect([r.verdict, r.exitCode, r.counterexample?.property?.name]).toEqual(['violation', 12, 'channel states']);
    expect(stepsOf(r)).toEqual([
      ['P0', 'transfer'],
      ['P0', 'transfer'],
      ['P0', 'initiate'],
      ['P1', 'receives TRANSFER(amount=1) from P0'],
      ['P1', 'receives MARKER from P0'],
      ['P1', 'transfer'],
      ['P0', 'receives MARKER from P1'],
      ['P0', 'receives TRANSFER(amount=1) from P1'],
    ]);
    expect(r.reason).toBe('P0 recorded channel P1→P0 as [TRANSFER(amount=1)], but the messages P1 sent before its snapshot and P0 had not received by its own are []');
  });
});

describe('the application-level mutants: only the property they are about fails', () => {
  /** The same shortest run for both: P0 sends 1 and 2 and initiates; both transfers land inside the cut. */
  const run = [
    ['P0', 'transfer'],
    ['P0', 'transfer'],
    ['P0', 'initiate'],
    ['P1', 'receives TRANSFER(amount=1) from P0'],
    ['P1', 'receives MARKER from P0'],
    ['P2', 'receives TRANSFER(amount=2) from P0'],
    ['P2', 'receives MARKER from P0'],
    ['P0', 'receives MARKER from P1'],
    ['P2', 'receives MARKER from P1'],
    ['P0', 'receives MARKER from P2'],
    ['P1', 'receives MARKER from P2'],
  ];

  it('a leaky bank (a fee of 1 vanishes on each credit): conservation, with 2 of the 30 missing', () => {
    const r = check(leakyBank);
    expect([r.verdict, r.counterexample?.property?.name]).toEqual(['violation', 'conservation']);
    expect(stepsOf(r)).toEqual(run);
    const recorded = (r.counterexample?.steps.at(-1)?.state as Record<string, S>) ?? {};
    expect([0, 1, 2].map((p) => recorded[`P${p}`].recorded?.balance)).toEqual([7, 10, 11]);
  });

  it("a layer that drops the application's guards (balance 1): the recorded overdraft is unreachable for the bank alone", () => {
    const r = check(ignoresGuards);
    expect([r.verdict, r.counterexample?.property?.name]).toEqual(['violation', 'recorded state reachable']);
    expect(stepsOf(r)).toEqual(run);
    const recorded = (r.counterexample?.steps.at(-1)?.state as Record<string, S>) ?? {};
    expect([0, 1, 2].map((p) => recorded[`P${p}`].recorded?.balance)).toEqual([-2, 2, 3]); // still 3 in all
  });

  it('the snapshot of the leaky bank is faithful: a state the leaky bank alone can reach (whole space, 1 transfer each)', () => {
    const r = only(leakyBank, SMALL, 'recorded state reachable');
    expect([r.verdict, r.distinctStates]).toEqual(['pass', pinnedStates('chandy-lamport', { n: 3, transfers: 1, initiators: 2, initiateAfter: 0 })]);
  });
});

describe('which property catches which mutant, each checked alone (initiation at any time, 1 transfer each)', () => {
  const mutants = {
    unordered: unorderedMutant,
    'no channel recording': noChannelRecording,
    'late markers': lateMarkers,
    'no forwarding': noForwarding,
    lossy: lossyMutant,
    'records first channel': recordsFirstChannel,
    'keeps recording': keepsRecording,
  };
  // Pinned from runs: the length of the shortest counterexample to each property checked alone.
  it.each([
    ['unordered', 'consistent cut', 3],
    ['unordered', 'channel states', 3],
    ['unordered', 'conservation', 8],
    ['unordered', 'recorded state reachable', 8],
    ['no channel recording', 'channel states', 5],
    ['no channel recording', 'conservation', 9],
    ['no channel recording', 'recorded state reachable', 9],
    ['late markers', 'consistent cut', 3],
    ['late markers', 'channel states', 6],
    ['no forwarding', 'consistent cut', 4],
    ['no forwarding', 'termination', 9],
    // A lost marker lets a message sent after a snapshot reach a process that has not recorded.
    ['lossy', 'consistent cut', 4],
    ['lossy', 'channel states', 4],
    ['records first channel', 'channel states', 4],
    ['records first channel', 'conservation', 9],
    ['records first channel', 'recorded state reachable', 9],
    ['keeps recording', 'channel states', 5],
    ['keeps recording', 'conservation', 9],
    ['keeps recording', 'recorded state reachable', 9],
  ] as const)('%s violates %s (%i steps)', (mutant, property, length) => {
    const r = only(mutants[mutant], SMALL, property);
    expect([r.verdict, r.counterexample?.property?.name, r.counterexample?.steps.length]).toEqual(['violation', property, length]);
  });

  it('without channel recording the cut itself is still consistent (the whole space)', () => {
    const r = only(noChannelRecording, SMALL, 'consistent cut');
    expect([r.verdict, r.distinctStates]).toEqual(['pass', pinnedStates('chandy-lamport', { n: 3, transfers: 1, initiators: 2, initiateAfter: 0 })]);
  });

  it('conservation and reachability fail on the same unordered run: a snapshot that lost the transfer in flight', () => {
    const r = only(unorderedMutant, SMALL, 'conservation');
    expect(describeCutOf(r.counterexample?.steps.at(-1)?.state)).toContain('P0 recorded {balance=9, made=1} at its event 1 (initiate), complete; channels: P1→P0 [] (closed), P2→P0 [] (closed)');
    expect(stepsOf(r)).toEqual(stepsOf(only(unorderedMutant, SMALL, 'recorded state reachable')));
  });
});

// ---- the consistent-cut property against an independent oracle -----------------------------------

/**
 * The engine's histories as a run of src/causality (a receive, then one send per message, or one
 * local event, per engine event), and the snapshot's cut on it.
 */
function toRun(g: SnapshotGlobal<BankState, Transfer>): { run: Run; cut: number[] } {
  const events: RunEvent[][] = [];
  const cut: number[] = [];
  const frontiers = cutOf(g);
  for (let p = 0; p < g.n; p++) {
    const out: RunEvent[] = [];
    g.events[p].forEach((e, i) => {
      if (i === frontiers[p].frontier) cut[p] = out.length;
      if (e.received) out.push({ kind: 'receive', msg: `${e.received.from}:${e.received.sentAt[e.received.from] - 1}>${p}` });
      for (const x of e.sent) out.push({ kind: 'send', msg: `${p}:${i}>${x.to}` });
      if (!e.received && e.sent.length === 0) out.push({ kind: 'local' });
    });
    if (cut[p] === undefined) cut[p] = out.length;
    events.push(out);
  }
  return { run: { n: g.n, events }, cut };
}

describe('the consistent-cut property agrees with "every delivered message was sent" (src/causality) in every state', () => {
  it.each([
    ['unordered', { network: unordered }],
    ['late markers', { layer: deferMarkers }],
  ] as const)('%s, n=2, 2 transfers each, initiation at any time', (_name, variant) => {
    const property = consistentCut(app);
    const tally = { consistent: 0, inconsistent: 0, disagree: 0 };
    const base = snapshotSystem({ n: 2, transfers: 2, initiators: 2, initiateAfter: 0, balance: 10 }, variant) as unknown as ReturnType<typeof snapshotSystem>;
    const agree = always<SnapshotGlobal<BankState, Transfer>>('agrees with src/causality', (g) => {
      const { run, cut } = toRun(g);
      const oracle = deliveredWereSent(run, cut);
      const mine = property.holds(g);
      tally[mine ? 'consistent' : 'inconsistent']++;
      if (mine !== oracle) tally.disagree++;
      return mine === oracle;
    });
    const r = explore(system({ ...base.spec, properties: [agree] }));
    expect(r.verdict).toBe('pass');
    expect(tally.disagree).toBe(0);
    expect(tally.inconsistent).toBeGreaterThan(0);
    expect(tally.consistent).toBeGreaterThan(0);
  });
});
