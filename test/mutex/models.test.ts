/**
 * The mutex family as the checker sees it: exact shortest counterexamples of the mutants and crash
 * scenarios (pinned by running once), the family's properties applied to every algorithm, the
 * cost attribution of the central server, and the real-time observer.
 */
import { describe, expect, it } from 'vitest';
import { explore, fifo, keyOf, resolveParams, system, type ModelDefinition, type Report, type Trace } from 'interleave';
import { centralServer, lamportMutex, ricartAgrawala, ricartAgrawalaReenter, tokenRing } from '../../models/mutex/algorithms.ts';
import { causalFairnessSystem, exclusionSystem, messageCostSystem, realTimeFairnessSystem, processesOf, type Algorithm } from '../../models/mutex/family.ts';
import { ALGORITHMS, mutexModels } from '../../models/mutex/index.ts';
import { pinnedStates as pinnedAt } from '../../models/manifest.ts';
import * as ra from '../../src/mutex/ricart-agrawala.ts';
import { cheaperEntry, fifoFairness, messageCost, messageCostAtMost, mutualExclusion, orderedContention, overtaken, properEnd, trafficWhenDone } from '../../spec/mutex.ts';

const byName = (name: string): ModelDefinition => {
  const d = mutexModels.find((m) => m.name === name);
  if (!d) throw new Error(`no model ${name}`);
  return d;
};
const check = (name: string, params: Record<string, number> = {}): Report => {
  const d = byName(name);
  return explore(d.build(resolveParams(d, params)));
};
const steps = (t: Trace | undefined): [string, string][] => (t?.steps ?? []).map((s) => [s.actor, s.action]);
/** The last state of a trace, as decoded plain data ({ P0: local state with its counters, 'P0→P1': messages, … }). */
const last = (t: Trace | undefined): Record<string, any> => t!.steps.at(-1)!.state as Record<string, any>;

// Every list below was obtained by running the model once (BFS: shortest), then pinned.
describe('mutants: shortest counterexamples, pinned', () => {
  it('central-server-no-holder-check: the coordinator grants P2 while P1 holds', () => {
    const r = check('central-server-no-holder-check');
    expect([r.verdict, r.exitCode, r.counterexample?.property?.name]).toEqual(['violation', 12, 'mutual exclusion']);
    expect(steps(r.counterexample)).toEqual([
      ['P1', 'lock'],
      ['P2', 'lock'],
      ['P0', 'receives LOCK from P1'],
      ['P1', 'receives GRANT from P0'],
      ['P0', 'receives LOCK from P2'],
      ['P2', 'receives GRANT from P0'],
    ]);
  });

  it('token-ring-regenerate: P1 times out and makes a second token while P0 is inside', () => {
    const r = check('token-ring-regenerate');
    expect([r.verdict, r.counterexample?.property?.name]).toEqual(['violation', 'mutual exclusion']);
    expect(steps(r.counterexample)).toEqual([
      ['P0', 'request'],
      ['P0', 'enter'],
      ['P1', 'request'],
      ['P1', 'timeout'],
      ['P1', 'enter'],
    ]);
    const s = last(r.counterexample);
    expect([s.P0.token, s.P1.token]).toEqual([true, true]);
  });

  it('ricart-agrawala-ok-while-held: P0, inside, answers P1 at once and both are HELD', () => {
    const r = check('ricart-agrawala-ok-while-held');
    expect([r.verdict, r.counterexample?.property?.name]).toEqual(['violation', 'mutual exclusion']);
    expect(steps(r.counterexample)).toEqual([
      ['P0', 'request'],
      ['P1', 'receives REQUEST(ts=1) from P0'],
      ['P1', 'request'],
      ['P2', 'receives REQUEST(ts=1) from P0'],
      ['P0', 'receives OK from P1'],
      ['P2', 'receives REQUEST(ts=3) from P1'],
      ['P0', 'receives OK from P2'],
      ['P0', 'enter'],
      ['P0', 'receives REQUEST(ts=3) from P1'],
      ['P1', 'receives OK from P0'],
      ['P1', 'receives OK from P2'],
      ['P1', 'enter'],
    ]);
  });

  it("lamport-mutex-unordered: P0's ack overtakes P0's own earlier request to P1, so P1 thinks it is first", () => {
    const r = check('lamport-mutex-unordered');
    expect([r.verdict, r.counterexample?.property?.name]).toEqual(['violation', 'mutual exclusion']);
    expect(steps(r.counterexample)).toEqual([
      ['P0', 'request'],
      ['P1', 'request'],
      ['P2', 'request'],
      ['P0', 'receives REQUEST(ts=1) from P1'],
      ['P1', 'receives ACK(ts=2) from P0'],
      ['P0', 'receives REQUEST(ts=1) from P2'],
      ['P0', 'enter'],
      ['P1', 'receives REQUEST(ts=1) from P2'],
      ['P1', 'enter'],
    ]);
    // P0's request (ts=1, P0), earlier than P1's, is still in flight to P1.
    expect(last(r.counterexample)['P0→P1']).toEqual([{ type: 'REQUEST', ts: 1 }]);
  });

  it("lamport-mutex-first-in-queue: the notes' 'his request is earliest' without the acks: each enters while the other's request is in flight", () => {
    const r = check('lamport-mutex-first-in-queue');
    expect([r.verdict, r.counterexample?.property?.name]).toEqual(['violation', 'mutual exclusion']);
    expect(steps(r.counterexample)).toEqual([
      ['P0', 'request'],
      ['P0', 'enter'],
      ['P1', 'request'],
      ['P1', 'enter'],
    ]);
    // P0's request, earlier than P1's (ts 1, id 0), has not reached P1.
    expect(last(r.counterexample)['P0→P1']).toEqual([{ type: 'REQUEST', ts: 1 }]);
  });

  it("the notes' 'Q: can we fix this by using vector clocks?': with the clock on every message, Ricart–Agrawala is FIFO-fair by happens-before; with it on requests only, it is not", () => {
    // The fair instance's full search (579,436 states, pass, its witness found) is held by `npm run
    // check` to its manifest pin, and Ricart–Agrawala's Lamport time sent on its OKs too is shown as
    // fair in test/mutex/vector-fairness.heavy.test.ts: both take half a minute here.
    // The original at the same parameters is not (16 steps); nor is the vector one whose OKs' clocks are ignored.
    expect(check('ricart-agrawala-fifo').counterexample?.property?.name).toBe('FIFO fairness');
    const requestsOnly = check('ricart-agrawala-vector-requests-only');
    expect([requestsOnly.verdict, requestsOnly.counterexample?.property?.name, requestsOnly.counterexample?.steps.length]).toEqual(['violation', 'FIFO fairness', 23]);
    expect(requestsOnly.reason).toBe("P2's request 1 → P1's latest request, yet P1 is in the critical section while P2 still waits");
  });

  it("central-server-lifo: P2's lock was queued before P3's first grant, yet P3's second lock is served first", () => {
    const r = check('central-server-lifo');
    expect([r.verdict, r.exitCode, r.counterexample?.property?.name, r.counterexample?.steps.length]).toEqual(['violation', 12, 'FIFO fairness', 20]);
    expect(r.reason).toBe("P2's request 1 → P3's latest request, yet P3 is in the critical section while P2 still waits");
    // The coordinator held P2 and P3 queued (in that order) when P1 unlocked, and granted P3.
    expect(steps(r.counterexample).slice(7, 11).map(([p, a]) => [p, a.replace(/\(seen=.*\)/, '')])).toEqual([
      ['P0', 'receives LOCK from P2'],
      ['P0', 'receives LOCK from P3'],
      ['P0', 'receives UNLOCK from P1'],
      ['P3', 'receives GRANT from P0'],
    ]);
  });

  it('central-server-no-grant-on-unlock: requesting forever, P1 stays queued while P2 locks again (a liveness violation)', () => {
    const r = check('central-server-no-grant-on-unlock');
    expect([r.verdict, r.exitCode, r.counterexample?.property?.name, r.counterexample?.steps.length]).toEqual(['liveness', 13, 'every request is eventually granted', 9]);
    expect(r.reason).toMatch(/^P1 asked for the critical section and never enters/);
    expect(steps(r.counterexample).slice(-4)).toEqual([
      ['P2', 'unlock'],
      ['P2', 'lock'],
      ['P0', 'receives UNLOCK from P2'],
      ['P0', 'receives LOCK from P2'],
    ]);
  });

  it('ricart-agrawala-one-ok-short: P0 and P1 each enter with P2’s OK alone', () => {
    const r = check('ricart-agrawala-one-ok-short');
    expect([r.verdict, r.counterexample?.property?.name]).toEqual(['violation', 'mutual exclusion']);
    expect(steps(r.counterexample)).toEqual([
      ['P0', 'request'],
      ['P1', 'request'],
      ['P2', 'receives REQUEST(ts=1) from P0'],
      ['P2', 'receives REQUEST(ts=1) from P1'],
      ['P0', 'receives OK from P2'],
      ['P0', 'enter'],
      ['P1', 'receives OK from P2'],
      ['P1', 'enter'],
    ]);
  });

  it('ricart-agrawala-exit-no-reply: P0 leaves without answering the requests it queued, and everyone ends up waiting (a deadlock)', () => {
    const r = check('ricart-agrawala-exit-no-reply');
    expect([r.verdict, r.exitCode, r.counterexample?.steps.length]).toEqual(['deadlock', 11, 17]);
    expect(steps(r.counterexample).slice(10, 13)).toEqual([
      ['P0', 'enter'],
      ['P0', 'exit'],
      ['P0', 'request'],
    ]);
    const s = last(r.counterexample);
    expect([s.P0.mode, s.P1.mode, s.P2.mode]).toEqual(['WANT', 'WANT', 'WANT']);
  });

  it('ricart-agrawala-reenter-after-ok: P0 re-enters without messages after its OK went to P1, who enters too', () => {
    const r = check('ricart-agrawala-reenter-after-ok');
    expect([r.verdict, r.counterexample?.property?.name, r.counterexample?.steps.length]).toEqual(['violation', 'mutual exclusion', 14]);
    expect(steps(r.counterexample).slice(8)).toEqual([
      ['P0', 'enter'],
      ['P0', 'exit'],
      ['P0', 'request'],
      ['P1', 'receives OK from P0'],
      ['P1', 'receives OK from P2'],
      ['P1', 'enter'],
    ]);
    // P0's exit sent its OK to P1 and kept its permissions (oks stays 2); its next request sends nothing and is HELD at once.
    expect(r.counterexample!.steps[9].changes).toContainEqual({ path: 'P0→P1', before: [], after: [{ type: 'OK' }] });
    expect(r.counterexample!.steps[10].changes).toEqual([
      { path: 'P0.mode', before: 'FREE', after: 'HELD' },
      { path: 'P0.used.request', before: 1, after: 2 },
    ]);
  });

  it('the same Lamport algorithm over FIFO channels passes: the network is the only difference', () => {
    const r = check('lamport-mutex');
    expect([r.verdict, r.distinctStates]).toEqual(['pass', pinnedAt('lamport-mutex')]);
  });
});

describe('one crash: each algorithm blocks, and the checker names `no deadlock`', () => {
  it.each([
    ['central-server-crash', [['P1', 'lock'], ['P2', 'lock'], ['P3', 'lock'], ['env', 'P0 crashes']], 'P0'],
    ['token-ring-crash', [['P1', 'request'], ['P2', 'request'], ['env', 'P0 crashes']], 'P0'],
    [
      'ricart-agrawala-crash',
      [
        ['P0', 'request'],
        ['P1', 'request'],
        ['P1', 'receives REQUEST(ts=1) from P0'],
        ['P0', 'receives REQUEST(ts=1) from P1'],
        ['P0', 'receives OK from P1'],
        ['env', 'P2 crashes'],
      ],
      'P2',
    ],
    [
      'lamport-mutex-crash',
      [
        ['P0', 'request'],
        ['P1', 'request'],
        ['P1', 'receives REQUEST(ts=1) from P0'],
        ['P0', 'receives REQUEST(ts=1) from P1'],
        ['P1', 'receives ACK(ts=2) from P0'],
        ['P0', 'receives ACK(ts=2) from P1'],
        ['env', 'P2 crashes'],
      ],
      'P2',
    ],
  ] as const)('%s', (name, expected, crashed) => {
    const r = check(name);
    expect([r.verdict, r.exitCode, r.counterexample?.property]).toEqual(['violation', 12, { name: 'no deadlock', kind: 'quiescent' }]);
    expect(steps(r.counterexample)).toEqual(expected);
    const s = last(r.counterexample);
    expect(s[crashed].crashed).toBe(true);
    // Every live competing process is stuck waiting.
    const stuck = Object.entries(s).filter(([k, v]) => /^P\d+$/.test(k) && !v.crashed && v.role !== 'coordinator');
    expect(stuck.length).toBeGreaterThan(0);
    for (const [, v] of stuck) expect(v.mode).toBe('WANT');
  });

  it('the plain model with --param crashes=1 gives the same counterexample', () => {
    const a = check('ricart-agrawala-crash');
    const b = check('ricart-agrawala', { entries: 1, crashes: 1 });
    expect(steps(b.counterexample)).toEqual(steps(a.counterexample));
  });

  it('without the named property, the engine reports the same run as a deadlock (exit 11)', () => {
    const alg = tokenRing;
    const r = explore(
      system({ protocol: alg.protocol, n: 3, network: fifo, workload: { request: 1 }, properties: [mutualExclusion(alg.view)], crashes: 1 }),
    );
    expect([r.verdict, r.exitCode]).toEqual(['deadlock', 11]);
    expect(steps(r.counterexample)).toEqual([
      ['P1', 'request'],
      ['P2', 'request'],
      ['env', 'P0 crashes'],
    ]);
  });
});

describe('message cost', () => {
  it.each(['central-server-cost', 'ricart-agrawala-cost', 'lamport-mutex-cost'])('%s holds exactly, with the counters adding no states here (the plain instance’s count)', (name) => {
    // test/models/pinned.test.ts runs each at its defaults (verdict pass: every property holds, message cost included) against these pins.
    expect(byName(name).expect).toMatchObject({ verdict: 'pass', distinctStates: pinnedAt(name.replace(/-cost$/, '')) });
    const defaults = (n: string) => Object.fromEntries(Object.entries(byName(n).params).map(([k, spec]) => [k, spec.default]));
    expect(defaults(name)).toEqual(defaults(name.replace(/-cost$/, '')));
    const built = byName(name).build(resolveParams(byName(name), {})) as unknown as { spec: { properties: { name: string }[] } };
    expect(built.spec.properties.map((p) => p.name)).toContain('message cost');
  });

  it('a wrong cost is caught: Ricart–Agrawala held to 3(N-1) fails at the first idle state after an entry', () => {
    const alg = ricartAgrawala;
    const r = explore(
      system({ protocol: alg.protocol, n: 3, network: fifo, workload: { request: 1 }, properties: [messageCost(alg.view, 6, '3(N-1)')], countMessages: true }),
    );
    expect(r.counterexample?.property?.name).toBe('message cost');
    const s = last(r.counterexample);
    expect([s.P0.sent, s.P1.sent, s.P2.sent]).toEqual([2, 1, 1]);
  });

  // At n=3 a formula can be right by coincidence: 2(N-1) = N+1 and 3(N-1) = 2N there. The
  // manifest pins each -cost model at n=2 too (test/models/pinned.test.ts checks it), where they differ.
  it.each([
    ['ricart-agrawala-cost', 'N+1', ricartAgrawala as Algorithm<any, any>, 2, (n: number) => n + 1],
    ['lamport-mutex-cost', '2N', lamportMutex as Algorithm<any, any>, 1, (n: number) => 2 * n],
  ] as const)('%s is pinned at n=2, where a formula that agrees at n=3 (%s) fails', (name, formula, alg, entries, wrong) => {
    expect(pinnedAt(name, { n: 2, entries })).toBeGreaterThan(0);
    const held = (n: number, e: number) => explore(system({ protocol: alg.protocol, n, network: fifo, workload: { request: e }, properties: [messageCost(alg.view, wrong(n), formula)], countMessages: true }));
    expect(alg.cost!(3).perEntry).toBe(wrong(3));
    expect(alg.cost!(2).perEntry).not.toBe(wrong(2));
    expect(held(3, 1).verdict).toBe('pass');
    expect(held(2, entries).counterexample?.property?.name).toBe('message cost');
  });

  it('central server: the coordinator sends one grant per entry, each client a lock and an unlock', () => {
    const ends: Record<string, { sent: number }>[] = [];
    const alg = centralServer;
    const r = explore(messageCostSystem(alg, { n: 3, entries: 2 }), {
      onState: (s) => {
        const st = s as Record<string, { mode?: string; sent: number; used?: { lock: number } }>;
        const quiet = Object.entries(st).every(([k, v]) => !k.includes('→') || (v as unknown as unknown[]).length === 0);
        if (quiet && [1, 2, 3].every((p) => st[`P${p}`].used?.lock === 2 && st[`P${p}`].mode === 'FREE')) ends.push(st);
      },
    });
    expect(r.verdict).toBe('pass');
    expect(ends.length).toBeGreaterThan(0);
    for (const e of ends) expect([e.P0.sent, e.P1.sent, e.P2.sent, e.P3.sent]).toEqual([6, 4, 4, 4]);
  });

  it('re-entry variant: the exact count fails (pinned 9 steps: P0 re-enters with no messages), at most 2(N-1) holds and a cheaper entry is witnessed', () => {
    const r = check('ricart-agrawala-reenter-cost');
    expect(r.counterexample?.property?.name).toBe('message cost');
    expect(steps(r.counterexample).slice(-3)).toEqual([
      ['P0', 'exit'],
      ['P0', 'request'],
      ['P0', 'exit'],
    ]);
    expect(r.counterexample?.steps).toHaveLength(9);
    const alg = ricartAgrawalaReenter;
    const ok = explore(
      system({
        protocol: alg.protocol,
        n: 2,
        network: fifo,
        workload: { request: 2 },
        properties: [mutualExclusion(alg.view), messageCostAtMost(alg.view, 2, '2(N-1)'), cheaperEntry(alg.view, 2)],
        countMessages: true,
      }),
    );
    expect(ok.properties.map((p) => [p.name, p.status])).toEqual([
      ['mutual exclusion', 'holds'],
      ['message cost at most', 'holds'],
      ['cheaper entry', 'witnessed'],
    ]);
  });

  it('token ring: no run ever stops, and messages keep flowing after every entry is done', () => {
    const alg = tokenRing;
    let ends = 0;
    const r = explore(system({ protocol: alg.protocol, n: 3, network: fifo, workload: { request: 1 }, isEnd: () => (ends++, false) }));
    expect(r.verdict).toBe('pass');
    expect(ends).toBe(0); // isEnd is asked only of states without a successor: there are none
    // With counters the state space is infinite; a bounded search finds the witness.
    const c = explore(
      system({ protocol: alg.protocol, n: 3, network: fifo, workload: { request: 1 }, properties: [trafficWhenDone(alg.view, 1, 3)], countMessages: true }),
      { maxStates: 20_000 },
    );
    expect(c.verdict).toBe('incomplete');
    const s = last(c.witnesses['traffic when done']);
    expect(s.P0.sent + s.P1.sent + s.P2.sent).toBe(10);
    expect([s.P0.mode, s.P1.mode, s.P2.mode]).toEqual(['FREE', 'FREE', 'FREE']);
  });
});

describe('FIFO fairness by happens-before', () => {
  it('central-server-fifo holds, and causally ordered requests do meet (not vacuous)', () => {
    const r = check('central-server-fifo');
    expect(r.properties.map((p) => [p.name, p.status])).toEqual([
      ['mutual exclusion', 'holds'],
      ['FIFO fairness', 'holds'],
      ['ordered contention', 'witnessed'],
    ]);
    expect(r.distinctStates).toBe(pinnedAt('central-server-fifo'));
  });

  it('ricart-agrawala-fifo: P1 requested before (through P2’s OK) P0’s second request, yet P0 enters first', () => {
    const r = check('ricart-agrawala-fifo');
    expect([r.verdict, r.counterexample?.property?.name]).toEqual(['violation', 'FIFO fairness']);
    expect(steps(r.counterexample)).toEqual([
      ['P0', 'request'],
      ['P1', 'receives REQUEST(ts=1, seen=[1, 0, 0]) from P0'],
      ['P1', 'request'],
      ['P0', 'receives OK(seen=[1, 0, 0]) from P1'],
      ['P2', 'receives REQUEST(ts=3, seen=[1, 1, 0]) from P1'],
      ['P2', 'receives REQUEST(ts=1, seen=[1, 0, 0]) from P0'],
      ['P0', 'receives OK(seen=[1, 1, 0]) from P2'],
      ['P0', 'enter'],
      ['P0', 'exit'],
      ['P0', 'request'],
      ['P1', 'receives REQUEST(ts=2, seen=[2, 1, 0]) from P0'],
      ['P2', 'receives REQUEST(ts=2, seen=[2, 1, 0]) from P0'],
      ['P0', 'receives REQUEST(ts=3, seen=[1, 1, 0]) from P1'],
      ['P0', 'receives OK(seen=[2, 1, 0]) from P1'],
      ['P0', 'receives OK(seen=[2, 1, 0]) from P2'],
      ['P0', 'enter'],
    ]);
    const s = last(r.counterexample);
    // P1 (ts=3) waits; P0 entered with ts=2: an OK carries no time, so P0's clock never learnt of P1's request.
    expect([s.P0.mode, s.P0.requestedAt, s.P1.mode, s.P1.requestedAt]).toEqual(['HELD', 2, 'WANT', 3]);
    // P0 asked knowing of P1's first request, which is still pending.
    expect([s.P0.hb.seenAtRequest, s.P1.hb.seen[1]]).toEqual([[2, 1, 0], 1]);
  });

  it('the bookkeeping agrees with the engine’s ground-truth causality (full histories)', () => {
    const viaHistories = <L extends object, M extends { type: string }>(alg: Algorithm<L, M>, n: number, entries: number, witness = false) =>
      explore(
        system({
          ...processesOf(alg, n),
          network: fifo,
          workload: { [alg.view.request ?? 'request']: entries },
          properties: witness ? [overtaken(alg.view)] : [fifoFairness(alg.view), orderedContention(alg.view)],
          isEnd: properEnd(alg.view, entries), // the coordinator never locks: the default end would call that a deadlock
          causality: true,
        }),
        witness ? { maxStates: 100_000 } : {}, // only the witness is wanted: stop early
      );
    const unlabel = (t: Trace | undefined) => steps(t).map(([a, x]) => [a, x.replace(/, seen=\[[\d, ]*\]|\(seen=\[[\d, ]*\]\)/, '')]);
    // Central server: both say it holds, and is not vacuous.
    const cs = viaHistories(centralServer, 3, 2);
    expect([cs.verdict, cs.distinctStates]).toEqual(['pass', 40_166]);
    // Ricart–Agrawala: the same shortest run, and the witness `overtaken` is that run too.
    const ra = viaHistories(ricartAgrawala, 3, 2);
    expect(ra.counterexample?.property?.name).toBe('FIFO fairness');
    expect(steps(ra.counterexample)).toEqual(unlabel(check('ricart-agrawala-fifo').counterexample));
    expect(steps(viaHistories(ricartAgrawala, 3, 2, true).witnesses.overtaken)).toEqual(steps(ra.counterexample));
    // One entry each: both say Ricart–Agrawala is fair (every chain between requests passes a REQUEST, which advances the clock).
    expect(viaHistories(ricartAgrawala, 3, 1).properties[0]).toMatchObject({ name: 'FIFO fairness', status: 'holds' });
    expect(explore(causalFairnessSystem(ricartAgrawala, { n: 3, entries: 1 })).properties[1]).toMatchObject({ name: 'FIFO fairness', status: 'holds' });
  });

  it('token ring: FIFO fairness holds only vacuously, contending requests are never causally ordered', () => {
    const r = explore(causalFairnessSystem(tokenRing, { n: 3, entries: 2 }));
    expect(r.distinctStates).toBe(10_746);
    expect(r.properties.map((p) => [p.name, p.status])).toEqual([
      ['mutual exclusion', 'holds'],
      ['FIFO fairness', 'holds'],
      ['ordered contention', 'unwitnessed'],
    ]);
  });

  it('lamport-mutex-fifo holds at its defaults (n=3, one entry)', () => {
    const r = check('lamport-mutex-fifo');
    expect([r.verdict, r.distinctStates]).toEqual(['pass', pinnedAt('lamport-mutex-fifo')]);
    expect(byName('lamport-mutex-fifo').pinned?.[0]).toMatchObject({ params: { n: 3, entries: 2 }, verdict: 'pass', tier: 'heavy' }); // two entries: checked by npm run test:heavy
  });
});

describe('FIFO fairness in real time (ghost observer)', () => {
  it('token-ring-fifo: P1 asks first, P0 (with the token) asks second and enters', () => {
    const r = check('token-ring-fifo');
    expect(r.verdict).toBe('pass');
    const w = r.witnesses['overtaken (real time)'];
    expect(steps(w)).toEqual([
      ['P1', 'request'],
      ['P0', 'request'],
      ['P0', 'enter'],
    ]);
    expect(last(w).requests).toEqual(['P1', 'P0']);
  });

  it.each([
    ['central server', 4, centralServer],
    ['token ring', 3, tokenRing],
    ['Ricart–Agrawala', 8, ricartAgrawala],
    ['Lamport', 6, lamportMutex],
  ] as [string, number, Algorithm<unknown, { type: string }>][])('%s is not FIFO-fair in real time (%i steps)', (_name, length, alg) => {
    const r = explore(realTimeFairnessSystem(alg, { n: 3, entries: 1 }, true));
    expect(r.counterexample?.property?.name).toBe('FIFO fairness (real time)');
    expect(r.counterexample?.steps).toHaveLength(length);
  });

  it('the observer changes nothing the processes do: projecting its states gives the plain model’s states', () => {
    const alg = tokenRing;
    const plain = new Set<string>();
    const observed = new Set<string>();
    const a = explore(exclusionSystem(alg, { n: 3, entries: 2 }), { onState: (s) => plain.add(keyOf(s)) });
    const b = explore(realTimeFairnessSystem(alg, { n: 3, entries: 2 }, false), {
      onState: (s) => {
        const { requests: _ghost, ...rest } = s as Record<string, unknown>;
        observed.add(keyOf(rest));
      },
    });
    expect(a.distinctStates).toBe(900);
    expect(b.distinctStates).toBe(pinnedAt('token-ring-fifo'));
    expect(observed).toEqual(plain);
  });

  it('the ghost queue is in request order and drops a process when it leaves', () => {
    const r = explore(realTimeFairnessSystem(centralServer, { n: 2, entries: 1 }, false));
    const w = r.witnesses['overtaken (real time)'];
    expect(steps(w)).toEqual([
      ['P1', 'lock'],
      ['P2', 'lock'],
      ['P0', 'receives LOCK from P2'],
      ['P2', 'receives GRANT from P0'],
    ]);
    expect(w!.steps.map((s) => (s.state as { requests: string[] }).requests)).toEqual([['P1'], ['P1', 'P2'], ['P1', 'P2'], ['P1', 'P2']]);
  });
});

describe('the family scheme', () => {
  it('every algorithm has its plain, -crash and -fifo instance; all but the token ring a -cost one', () => {
    const names = mutexModels.map((m) => m.name);
    for (const a of ['central-server', 'token-ring', 'ricart-agrawala', 'lamport-mutex']) {
      expect(names).toEqual(expect.arrayContaining([a, `${a}-crash`, `${a}-fifo`]));
      expect(names.includes(`${a}-cost`)).toBe(a !== 'token-ring');
    }
  });

  it('each registered algorithm generates exactly the instances it describes, under its name', () => {
    for (const a of ALGORITHMS) {
      const generated = a.models.filter((m) => m.mutantOf === undefined).map((m) => m.name);
      const described = ['', ...(['cost', 'fifo', 'crash', 'crashIdle'] as const).filter((k) => a.describe[k]).map((k) => (k === 'crashIdle' ? '-crash-idle' : `-${k}`))].map((x) => a.name + x);
      expect(generated).toEqual(described);
      expect(a.models.filter((m) => m.mutantOf === undefined).map((m) => m.description)).toEqual([a.describe.plain, a.describe.cost, a.describe.fifo, a.describe.crash, a.describe.crashIdle].filter(Boolean));
    }
  });

  it('every plain instance is pinned at n=3 with two entries (Lamport’s, above a million states, is in the heavy tier)', () => {
    expect(check('central-server', { n: 3, entries: 2 }).distinctStates).toBe(pinnedAt('central-server'));
    expect(check('token-ring', { n: 3, entries: 2 }).distinctStates).toBe(pinnedAt('token-ring'));
    expect([byName('ricart-agrawala').params.n.default, byName('ricart-agrawala').params.entries.default]).toEqual([3, 2]);
    expect(byName('lamport-mutex').pinned?.find((p) => p.params.entries === 2)).toMatchObject({ params: { n: 3, entries: 2 }, verdict: 'pass', tier: 'heavy' });
  });

  it('Ricart–Agrawala keeps SPIN’s count whatever the (default) options say', () => {
    const r = explore(exclusionSystem({ ...ricartAgrawala, protocol: ra.ricartAgrawala({ reenter: false }) }, { n: 3, entries: 1 }));
    expect(r.distinctStates).toBe(pinnedAt('ricart-agrawala', { n: 3, entries: 1 }));
  });

  it('an algorithm without a fixed cost has no -cost instance', () => {
    expect(() => messageCostSystem(tokenRing, { n: 3, entries: 1 })).toThrow(/token-ring has no fixed message cost per entry/);
  });

  it('a mutant of the FIFO invariant exists: Ricart–Agrawala under fifoFairness', () => {
    expect(fifoFairness(ricartAgrawala.view).kind).toBe('always');
    expect(byName('ricart-agrawala-fifo').expect).toMatchObject({ verdict: 'violation', property: 'FIFO fairness', traceLength: 16 });
  });
});
