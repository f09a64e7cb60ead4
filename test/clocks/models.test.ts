import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  always,
  explore,
  happensBefore,
  concurrent,
  resolveParams,
  system,
  unordered,
  type Event,
  type GlobalState,
  type ModelDefinition,
  type Property,
  type Report,
  type Trace,
} from 'interleave';
import { clocksModels } from '../../models/clocks/index.ts';
import { doubleTick, noIncrement, noMax, noMerge, noSendTick, senderEntryOnly } from '../../models/clocks/mutants.ts';
import { lamportClockOf, lamportProcess } from '../../src/clocks/lamport-process.ts';
import { vectorClockOf, vectorProcess } from '../../src/clocks/vector-process.ts';
import { vconcurrent, vlt } from '../../src/clocks/vector.ts';
import { lamportTimestamps, vectorTimestamps, type Run, type RunEvent } from '../../src/causality/run.ts';
import { lamportTotalOrder, vectorsCharacteriseCausality } from '../../spec/clocks.ts';

const byName = (name: string): ModelDefinition => {
  const d = clocksModels.find((m) => m.name === name);
  if (!d) throw new Error(`no model ${name} in the clocks family`);
  return d;
};
const check = (name: string, params: Record<string, number> = {}): Report => {
  const def = byName(name);
  return explore(def.build(resolveParams(def, params)));
};
const stepsOf = (t: Trace | undefined) => t?.steps.map((s) => [s.actor, s.action]);
/** The decoded state after the last step of a trace (P0, P1, … with the protocol's fields and the engine's vt). */
const lastState = (t: Trace | undefined) => t?.steps[t.steps.length - 1].state as Record<string, { clock: unknown; vt: number[] }>;

describe('the clocks registry', () => {
  it('has the two clock models and their six mutants, in the clocks family', () => {
    expect(clocksModels.map((m) => [m.name, m.family, m.mutantOf])).toEqual([
      ['lamport-clocks', 'clocks', undefined],
      ['lamport-clocks-no-max', 'clocks', 'lamport-clocks'],
      ['lamport-clocks-no-increment', 'clocks', 'lamport-clocks'],
      ['vector-clocks', 'clocks', undefined],
      ['vector-clocks-no-merge', 'clocks', 'vector-clocks'],
      ['vector-clocks-sender-entry-only', 'clocks', 'vector-clocks'],
      ['vector-clocks-no-send-tick', 'clocks', 'vector-clocks'],
      ['vector-clocks-double-tick', 'clocks', 'vector-clocks'],
    ]);
    for (const m of clocksModels) {
      expect([m.name, m.params.n.default, m.params.events.default, m.network]).toEqual([m.name, 3, 1, 'unordered']);
    }
  });
});

describe("the notes' 'Lamport timestamps can be identical'", () => {
  it('is witnessed by two internal events of different processes, both L = 1, which only the process id orders', () => {
    const r = check('lamport-clocks');
    const w = r.witnesses['identical timestamps'];
    expect(stepsOf(w)).toEqual([
      ['P0', 'internal'],
      ['P1', 'internal'],
    ]);
    expect([lastState(w)?.P0.clock, lastState(w)?.P1.clock]).toEqual([1, 1]);
  });
});

describe.each(['lamport-clocks', 'vector-clocks'])('%s', (name) => {
  it('passes at n=3, events=1 with 480 states (pinned), every invariant holding and every witness found', () => {
    const r = check(name);
    expect([r.verdict, r.exitCode, r.distinctStates]).toEqual(['pass', 0, 480]);
    for (const p of r.properties) expect([p.name, p.status]).toEqual([p.name, p.kind === 'always' ? 'holds' : 'witnessed']);
    expect(r.properties.length).toBe(name === 'lamport-clocks' ? 5 : 4);
  });

  it('at n=2 has no transitive-causality witness to look for, and still passes', () => {
    const r = check(name, { n: 2, events: 2 });
    expect([r.verdict, r.distinctStates]).toEqual(['pass', 749]);
    expect(r.properties.map((p) => p.name)).not.toContain('transitive causality');
  });
});

// Counterexamples: shortest (BFS), run once and pinned here.
describe('mutants', () => {
  it('lamport-clocks-no-max: P1 receives P0\'s stamp 1 and takes own + 1 = 1, not more than the send', () => {
    const r = check('lamport-clocks-no-max');
    expect([r.verdict, r.exitCode, r.counterexample?.property?.name]).toEqual(['violation', 12, 'clock condition']);
    expect(stepsOf(r.counterexample)).toEqual([
      ['P0', 'send to P1'],
      ['P1', 'receives MSG(ts=1) from P0'],
    ]);
    const s = lastState(r.counterexample);
    expect([s.P0.clock, s.P1.clock]).toEqual([1, 1]);
    expect(vlt(s.P0.vt, s.P1.vt)).toBe(true); // the send happened before the receive
  });

  it('lamport-clocks-no-increment: P1 receives P0\'s stamp 1 and takes max(0, 1) = 1, equal to the send', () => {
    const r = check('lamport-clocks-no-increment');
    expect([r.verdict, r.exitCode, r.counterexample?.property?.name]).toEqual(['violation', 12, 'clock condition']);
    expect(stepsOf(r.counterexample)).toEqual([
      ['P0', 'send to P1'],
      ['P1', 'receives MSG(ts=1) from P0'],
    ]);
    const s = lastState(r.counterexample);
    expect([s.P0.clock, s.P1.clock]).toEqual([1, 1]);
  });

  it('vector-clocks-no-merge: P1\'s receive keeps [0, 1, 0], incomparable with the send\'s [1, 0, 0]', () => {
    const r = check('vector-clocks-no-merge');
    expect([r.verdict, r.exitCode, r.counterexample?.property?.name]).toEqual(['violation', 12, 'vector clocks characterise causality']);
    expect(stepsOf(r.counterexample)).toEqual([
      ['P0', 'send to P1'],
      ['P1', 'receives MSG(vt=[1, 0, 0]) from P0'],
    ]);
    const s = lastState(r.counterexample);
    expect([s.P0.clock, s.P1.clock, s.P1.vt]).toEqual([[1, 0, 0], [0, 1, 0], [1, 1, 0]]);
  });

  it('vector-clocks-sender-entry-only: the chain P0 → P1 → P2 is missed (P2 gets [0, 2, 1] against the send\'s [1, 0, 0]); at n=2, with no chain through a third process, it passes', () => {
    const r = check('vector-clocks-sender-entry-only');
    expect([r.verdict, r.exitCode, r.counterexample?.property?.name]).toEqual(['violation', 12, 'vector clocks characterise causality']);
    expect(stepsOf(r.counterexample)).toEqual([
      ['P0', 'send to P1'],
      ['P1', 'receives MSG(vt=[1, 0, 0]) from P0'],
      ['P1', 'send to P2'],
      ['P2', 'receives MSG(vt=[1, 2, 0]) from P1'],
    ]);
    const s = lastState(r.counterexample);
    // P1 merged P0's entry (a direct message); P2 did not take P0's entry from P1's clock.
    expect([s.P1.clock, s.P2.clock, s.P2.vt]).toEqual([[1, 2, 0], [0, 2, 1], [1, 2, 1]]);
    expect(check('vector-clocks-sender-entry-only', { n: 2, events: 2 }).verdict).toBe('pass');
  });

  it('vector-clocks-no-send-tick: P0\'s send keeps [0, 0, 0], which counts none of its events; checked alone, the characterisation fails too: P1\'s send looks earlier than P0\'s concurrent internal event', () => {
    const r = check('vector-clocks-no-send-tick');
    expect([r.verdict, r.exitCode, r.counterexample?.property?.name, r.counterexample?.reason]).toEqual(['violation', 12, 'Vi[j] counts the events of Pj observed by Pi', "after P0's event 1 (send to P1), P0's clock is [0, 0, 0], but it has observed [1, 0, 0] events of each process"]);
    const alone = explore(system({ protocol: noSendTick(vectorProcess(3, { events: 1 })), n: 3, network: unordered, causality: true, properties: [vectorsCharacteriseCausality({ vectorOf: vectorClockOf })] }));
    expect(stepsOf(alone.counterexample)).toEqual([
      ['P0', 'internal'],
      ['P1', 'send to P0'],
    ]);
    const s = lastState(alone.counterexample);
    expect([s.P0.clock, s.P1.clock]).toEqual([[1, 0, 0], [0, 0, 0]]);
    expect(vconcurrent(s.P0.vt, s.P1.vt)).toBe(true); // the truth: concurrent
  });

  it('vector-clocks-double-tick: an internal event adds 2; causality is still characterised, the counts are not (the notes\' "Element Vi[j] captures #events at Pj observed by Pi")', () => {
    const r = check('vector-clocks-double-tick');
    expect([r.counterexample?.property?.name, stepsOf(r.counterexample)]).toEqual(['Vi[j] counts the events of Pj observed by Pi', [['P0', 'internal']]]);
    // Checked alone: three processes of one event each (480 states), and two of three events each,
    // so that the own entry is doubled again and again (47,450 states; n=3 with two events each,
    // 802,806 states, passes as well but takes half a minute).
    for (const [n, events, states] of [[3, 1, 480], [2, 3, 47_450]]) {
      const alone = explore(system({ protocol: doubleTick(vectorProcess(n, { events })), n, network: unordered, causality: true, properties: [vectorsCharacteriseCausality({ vectorOf: vectorClockOf })] }));
      expect([alone.verdict, alone.distinctStates]).toEqual(['pass', states]);
    }
  });

  it('the (L, id) total order fails for both Lamport mutants when checked on its own: P1 -> P0 with equal times', () => {
    // With all properties, BFS first meets P0 -> P1, which breaks only the clock condition (id 0 < 1
    // still orders the pair). The total order is implied by the clock condition, so it can only fail
    // with it; alone, its shortest counterexample sends the other way.
    for (const broken of [noMax, noIncrement]) {
      const r = explore(
        system({
          protocol: broken(lamportProcess(3, { events: 1 })),
          n: 3,
          network: unordered,
          causality: true,
          properties: [lamportTotalOrder({ clockOf: lamportClockOf })],
        }),
      );
      expect([broken.name, r.verdict, r.counterexample?.property?.name]).toEqual([broken.name, 'violation', 'total order']);
      expect(stepsOf(r.counterexample)).toEqual([
        ['P1', 'send to P0'],
        ['P0', 'receives MSG(ts=1) from P1'],
      ]);
    }
  });
});

describe('witnesses (shortest, pinned)', () => {
  it('lamport-clocks: the slide\'s warning, P0\'s internal event (L=1) is concurrent with P2\'s receive (L=2)', () => {
    const w = check('lamport-clocks').witnesses['concurrent events with ordered clocks'];
    expect(stepsOf(w)).toEqual([
      ['P0', 'internal'],
      ['P1', 'send to P2'],
      ['P2', 'receives MSG(ts=1) from P1'],
    ]);
    const s = lastState(w);
    expect([s.P0.clock, s.P2.clock]).toEqual([1, 2]);
    expect([s.P0.vt, s.P2.vt]).toEqual([[1, 0, 0], [0, 1, 1]]);
    expect(vconcurrent(s.P0.vt, s.P2.vt)).toBe(true);
  });

  it('both models: transitive causality, P0 -> P1 -> P2', () => {
    expect(stepsOf(check('lamport-clocks').witnesses['transitive causality'])).toEqual([
      ['P0', 'send to P1'],
      ['P1', 'receives MSG(ts=1) from P0'],
      ['P1', 'send to P2'],
      ['P2', 'receives MSG(ts=3) from P1'],
    ]);
    expect(stepsOf(check('vector-clocks').witnesses['transitive causality'])).toEqual([
      ['P0', 'send to P1'],
      ['P1', 'receives MSG(vt=[1, 0, 0]) from P0'],
      ['P1', 'send to P2'],
      ['P2', 'receives MSG(vt=[1, 2, 0]) from P1'],
    ]);
  });

  it('vector-clocks: concurrency detected on two internal events', () => {
    expect(stepsOf(check('vector-clocks').witnesses['concurrency detected'])).toEqual([
      ['P0', 'internal'],
      ['P1', 'internal'],
    ]);
  });
});

// ---- independent cross-checks over every reachable state -------------------------------------

type AnyEvent = Event<unknown, unknown>;

/** The engine's run as a recorded run of src/causality: a send event is one that sent a message. */
function runOf(g: GlobalState<unknown, unknown>): Run {
  const idOf = (e: AnyEvent) => `P${e.p}[${e.index}]`;
  const key = (vt: readonly number[]) => vt.join(',');
  const sendAt = new Map<string, string>();
  for (const evs of g.events) for (const e of evs) if (e.sent.length) sendAt.set(`${e.p}@${key(e.vt)}`, idOf(e));
  const events = g.events.map((evs) =>
    evs.map((e): RunEvent => {
      if (e.sent.length > 1) throw new Error(`${idOf(e)} sent ${e.sent.length} messages; these protocols send one at a time`);
      if (e.received) {
        const id = sendAt.get(`${e.received.from}@${key(e.received.sentAt)}`);
        if (id === undefined) throw new Error(`${idOf(e)} received a message whose send (P${e.received.from} at [${key(e.received.sentAt)}]) is not in the run`);
        return { kind: 'receive', msg: id };
      }
      return e.sent.length ? { kind: 'send', msg: idOf(e) } : { kind: 'local' };
    }),
  );
  return { n: g.n, events };
}

/** Every pair, the plain way (the spec judges only pairs with a latest event). */
function allPairs<L, M>(g: GlobalState<L, M>, pred: (a: Event<L, M>, b: Event<L, M>) => boolean): boolean {
  const all = g.events.flat();
  return all.every((a) => all.every((b) => a === b || pred(a, b)));
}

describe('cross-checks on every reachable state', () => {
  it('the engine\'s timestamps and the correct protocols\' clocks agree with src/causality on the same run', () => {
    let states = 0;
    let withReceives = 0;
    const agree = <L>(clockOf: (s: L) => unknown, timestamps: (r: Run) => unknown[][]): Property<GlobalState<L, unknown>> =>
      always('agrees with src/causality', (g) => {
        const run = runOf(g as GlobalState<unknown, unknown>);
        const ts = timestamps(run);
        const vts = vectorTimestamps(run);
        states++;
        if (run.events.some((evs) => evs.some((e) => e.kind === 'receive'))) withReceives++;
        return g.events.every((evs, p) =>
          evs.every((e, i) => JSON.stringify([e.vt, clockOf(e.state)]) === JSON.stringify([vts[p][i], ts[p][i]])),
        );
      });
    for (const n of [3, 2]) {
      const events = n === 3 ? 1 : 2;
      const l = explore(system({ protocol: lamportProcess(n, { events }), n, network: unordered, causality: true, properties: [agree(lamportClockOf, lamportTimestamps)] }));
      const v = explore(system({ protocol: vectorProcess(n, { events }), n, network: unordered, causality: true, properties: [agree(vectorClockOf, vectorTimestamps)] }));
      expect([n, l.verdict, v.verdict]).toEqual([n, 'pass', 'pass']);
    }
    expect(states).toBe(2 * (480 + 749));
    expect(withReceives).toBeGreaterThan(states / 2);
  });

  const lamportAll = (g: GlobalState<{ clock: number }, unknown>) =>
    allPairs(g, (a, b) => !happensBefore(a, b) || a.state.clock < b.state.clock);
  const vectorAll = (g: GlobalState<{ clock: readonly number[] }, unknown>) =>
    allPairs(g, (a, b) => vlt(a.state.clock, b.state.clock) === happensBefore(a, b) && vconcurrent(a.state.clock, b.state.clock) === concurrent(a, b));

  it.each([
    ['lamport-clocks-no-max', noMax],
    ['lamport-clocks-no-increment', noIncrement],
    ['lamport-clocks', (p: ReturnType<typeof lamportProcess>) => p],
  ] as const)('%s: the all-pairs clock condition gives the same verdict and counterexample as the spec', (name, variant) => {
    const r = explore(system({ protocol: variant(lamportProcess(3, { events: 1 })), n: 3, network: unordered, causality: true, properties: [always('clock condition', lamportAll)] }));
    const spec = check(name);
    expect([r.verdict, stepsOf(r.counterexample)]).toEqual([spec.verdict, stepsOf(spec.counterexample)]);
  });

  it.each([
    ['vector-clocks-no-merge', noMerge],
    ['vector-clocks-sender-entry-only', senderEntryOnly],
    ['vector-clocks', (p: ReturnType<typeof vectorProcess>) => p],
  ] as const)('%s: the all-pairs characterisation gives the same verdict and counterexample as the spec', (name, variant) => {
    const r = explore(system({ protocol: variant(vectorProcess(3, { events: 1 })), n: 3, network: unordered, causality: true, properties: [always('vector clocks characterise causality', vectorAll)] }));
    const spec = check(name);
    expect([r.verdict, stepsOf(r.counterexample)]).toEqual([spec.verdict, stepsOf(spec.counterexample)]);
  });
});

// ---- the command line ----------------------------------------------------------------------------

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
function cli(...args: string[]) {
  const r = spawnSync(process.execPath, ['checker/cli/bin.mjs', ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return r;
}

describe('interleave check (CLI)', () => {
  it('lamport-clocks --json exits 0: clock condition holds, the concurrency witness is found and printed', () => {
    const r = cli('check', 'lamport-clocks', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    const status = Object.fromEntries(out.properties.map((p: { name: string; status: string }) => [p.name, p.status]));
    expect(status).toMatchObject({ 'clock condition': 'holds', 'total order': 'holds', 'concurrent events with ordered clocks': 'witnessed' });
    expect(out.witnesses['concurrent events with ordered clocks'].steps.map((s: { actor: string; action: string }) => [s.actor, s.action])).toEqual([
      ['P0', 'internal'],
      ['P1', 'send to P2'],
      ['P2', 'receives MSG(ts=1) from P1'],
    ]);
  });

  it('a mutant exits 12 with its counterexample (the others are held to exit 12 through explore above)', () => {
    const r = cli('check', 'vector-clocks-no-merge', '--json');
    expect(r.status).toBe(12);
    const out = JSON.parse(r.stdout);
    expect([out.verdict, out.counterexample.property.name, out.counterexample.steps.length]).toEqual(['violation', 'vector clocks characterise causality', 2]);
  });
});
