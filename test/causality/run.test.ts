import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  concurrent,
  happensBefore,
  lamportTimestamps,
  linearize,
  validateRun,
  vectorTimestamps,
} from '../../src/causality/run.ts';
import type { EventRef, Run } from '../../src/causality/run.ts';
import { arbRun, simulate } from './arbitraries.ts';
import { vconcurrent, vlt } from '../../src/clocks/vector.ts';
import { compareLamportTotal } from '../../src/clocks/lamport.ts';

// ---------------------------------------------------------------------------
// Independent happens-before: transitive closure by BFS over program-order and
// send -> receive edges (no vector clocks involved).
// ---------------------------------------------------------------------------

const key = (e: EventRef): string => `${e.p}:${e.i}`;

function allEvents(run: Run): EventRef[] {
  return run.events.flatMap((evs, p) => evs.map((_, i) => ({ p, i })));
}

/** reach.get(key(a)) = set of keys of events b with a -> b (paths of length >= 1). */
function closure(run: Run): Map<string, Set<string>> {
  const recvOf = new Map<string, EventRef>();
  run.events.forEach((evs, p) =>
    evs.forEach((e, i) => {
      if (e.kind === 'receive') recvOf.set(e.msg, { p, i });
    }),
  );
  const succ = (e: EventRef): EventRef[] => {
    const out: EventRef[] = [];
    if (e.i + 1 < run.events[e.p].length) out.push({ p: e.p, i: e.i + 1 });
    const ev = run.events[e.p][e.i];
    if (ev.kind === 'send') {
      const r = recvOf.get(ev.msg);
      if (r !== undefined) out.push(r);
    }
    return out;
  };
  const reach = new Map<string, Set<string>>();
  for (const a of allEvents(run)) {
    const seen = new Set<string>();
    const queue = succ(a);
    while (queue.length > 0) {
      const b = queue.shift() as EventRef;
      if (seen.has(key(b))) continue;
      seen.add(key(b));
      queue.push(...succ(b));
    }
    reach.set(key(a), seen);
  }
  return reach;
}

// P0: send m1, local      P1: local, receive m1
const small: Run = {
  n: 2,
  events: [
    [{ kind: 'send', msg: 'm1' }, { kind: 'local' }],
    [{ kind: 'local' }, { kind: 'receive', msg: 'm1' }],
  ],
};

describe('validateRun', () => {
  it('accepts valid runs, including empty processes and in-flight messages', () => {
    expect(() => validateRun(small)).not.toThrow();
    expect(() => validateRun({ n: 3, events: [[], [{ kind: 'send', msg: 'x' }], []] })).not.toThrow();
  });

  it('accepts a receive recorded before its send in array order, when not cyclic', () => {
    // P0 receives m from P1; P1's send is at index 1. Valid: P1 sends first in real time.
    const run: Run = {
      n: 2,
      events: [[{ kind: 'receive', msg: 'm' }], [{ kind: 'local' }, { kind: 'send', msg: 'm' }]],
    };
    expect(() => validateRun(run)).not.toThrow();
    expect(vectorTimestamps(run)).toEqual([[[1, 2]], [[0, 1], [0, 2]]]);
  });

  it('rejects a receive of a message no one sends, naming the event and message', () => {
    const run: Run = { n: 2, events: [[{ kind: 'local' }], [{ kind: 'local' }, { kind: 'receive', msg: 'ghost' }]] };
    expect(() => validateRun(run)).toThrow(/P1\[1\] \(receive "ghost"\).*no event sends/);
  });

  it('rejects a message received twice, naming both receives', () => {
    const run: Run = {
      n: 3,
      events: [[{ kind: 'send', msg: 'm' }], [{ kind: 'receive', msg: 'm' }], [{ kind: 'receive', msg: 'm' }]],
    };
    expect(() => validateRun(run)).toThrow(/"m" is received twice: by P1\[0\].*and by P2\[0\]/);
  });

  it('rejects a message sent twice, naming both sends', () => {
    const run: Run = { n: 2, events: [[{ kind: 'send', msg: 'm' }], [{ kind: 'send', msg: 'm' }]] };
    expect(() => validateRun(run)).toThrow(/"m" is sent twice: by P0\[0\].*and by P1\[0\]/);
  });

  it('rejects a process receiving its own message', () => {
    const run: Run = { n: 2, events: [[{ kind: 'send', msg: 'm' }, { kind: 'receive', msg: 'm' }], []] };
    expect(() => validateRun(run)).toThrow(/P0\[1\] \(receive "m"\).*its own process sent at P0\[0\]/);
  });

  it('rejects a cyclic run, naming the blocked receives', () => {
    // P0 receives m2 before sending m1; P1 receives m1 before sending m2.
    const run: Run = {
      n: 2,
      events: [
        [{ kind: 'receive', msg: 'm2' }, { kind: 'send', msg: 'm1' }],
        [{ kind: 'receive', msg: 'm1' }, { kind: 'send', msg: 'm2' }],
      ],
    };
    expect(() => validateRun(run)).toThrow(/cyclic/);
    expect(() => validateRun(run)).toThrow(/P0\[0\] \(receive "m2"\) waits for P1\[1\] \(send "m2"\)/);
    expect(() => vectorTimestamps(run)).toThrow(/cyclic/);
    expect(() => linearize(run)).toThrow(/cyclic/);
  });

  it('rejects a cycle through a third process and program order', () => {
    // P0: recv c, send a. P1: recv a, send b. P2: recv b, send c.
    const run: Run = {
      n: 3,
      events: [
        [{ kind: 'receive', msg: 'c' }, { kind: 'send', msg: 'a' }],
        [{ kind: 'receive', msg: 'a' }, { kind: 'send', msg: 'b' }],
        [{ kind: 'receive', msg: 'b' }, { kind: 'send', msg: 'c' }],
      ],
    };
    expect(() => vectorTimestamps(run)).toThrow(/cyclic/);
  });

  it('rejects a shape mismatch with RangeErrors carrying the values', () => {
    expect(() => validateRun({ n: 3, events: [[], []] })).toThrow(RangeError);
    expect(() => validateRun({ n: 3, events: [[], []] })).toThrow(/length 2 but run\.n is 3/);
    expect(() => validateRun({ n: 0, events: [] })).toThrow(/positive integer, got 0/);
  });

  it('rejects an unknown event kind', () => {
    const bad = { n: 1, events: [[{ kind: 'teleport' }]] } as unknown as Run;
    expect(() => validateRun(bad)).toThrow(/P0\[0\] has unknown event kind "teleport"/);
  });

  it('the shared generator simulates step by step: sends queue, receives pick, nothing pending is local', () => {
    const run = simulate(3, [
      { p: 0, action: 1, target: 0, pick: 0 }, // P0 sends m0 to P1
      { p: 0, action: 2, target: 1, pick: 0 }, // P0 sends m1 to P2
      { p: 2, action: 3, target: 0, pick: 0 }, // P2 receives m1
      { p: 4, action: 3, target: 0, pick: 0 }, // P1 (4 mod 3) receives m0
      { p: 1, action: 4, target: 0, pick: 0 }, // P1 has nothing pending: a local event
      { p: 2, action: 0, target: 0, pick: 0 }, // P2 local
      { p: 1, action: 1, target: 1, pick: 0 }, // P1 sends m2 to P0, left in flight
    ]);
    expect(run).toEqual({
      n: 3,
      events: [
        [{ kind: 'send', msg: 'm0' }, { kind: 'send', msg: 'm1' }],
        [{ kind: 'receive', msg: 'm0' }, { kind: 'local' }, { kind: 'send', msg: 'm2' }],
        [{ kind: 'receive', msg: 'm1' }, { kind: 'local' }],
      ],
    });
  });

  it('every generated run is valid (property)', () => {
    fc.assert(
      fc.property(arbRun, (run) => {
        expect(() => validateRun(run)).not.toThrow();
      }),
    );
  });
});

describe('vectorTimestamps', () => {
  it('computes the timestamps of the small hand-built run', () => {
    expect(vectorTimestamps(small)).toEqual([
      [
        [1, 0],
        [2, 0],
      ],
      [
        [0, 1],
        [1, 2],
      ],
    ]);
  });

  it('does not modify the run', () => {
    const run = structuredClone(small);
    vectorTimestamps(run);
    expect(run).toEqual(small);
  });

  it('entry p of event {p, i} is i + 1 (property)', () => {
    fc.assert(
      fc.property(arbRun, (run) => {
        const ts = vectorTimestamps(run);
        run.events.forEach((evs, p) => {
          expect(ts[p]).toHaveLength(evs.length);
          evs.forEach((_, i) => expect(ts[p][i][p]).toBe(i + 1));
        });
      }),
    );
  });

  it('V(e)[q] counts the events of q in the causal past of e, e included (property)', () => {
    fc.assert(
      fc.property(arbRun, (run) => {
        const ts = vectorTimestamps(run);
        const reach = closure(run);
        const events = allEvents(run);
        for (const e of events) {
          for (let q = 0; q < run.n; q++) {
            const count = events.filter(
              (x) => x.p === q && (key(x) === key(e) || (reach.get(key(x)) as Set<string>).has(key(e))),
            ).length;
            expect(ts[e.p][e.i][q]).toBe(count);
          }
        }
      }),
    );
  });

  it('V(a) < V(b) iff a -> b, and incomparable iff concurrent, against BFS closure (property)', () => {
    let related = 0;
    let concurrentPairs = 0;
    fc.assert(
      fc.property(arbRun, (run) => {
        const ts = vectorTimestamps(run);
        const reach = closure(run);
        const events = allEvents(run);
        for (const a of events) {
          for (const b of events) {
            const ab = (reach.get(key(a)) as Set<string>).has(key(b));
            const ba = (reach.get(key(b)) as Set<string>).has(key(a));
            expect(vlt(ts[a.p][a.i], ts[b.p][b.i])).toBe(ab);
            expect(vconcurrent(ts[a.p][a.i], ts[b.p][b.i])).toBe(!ab && !ba && key(a) !== key(b));
            if (ab) related++;
            if (!ab && !ba && key(a) !== key(b)) concurrentPairs++;
          }
        }
      }),
    );
    // Guard against a vacuous run generator.
    expect(related).toBeGreaterThan(0);
    expect(concurrentPairs).toBeGreaterThan(0);
  });
});

describe('happensBefore / concurrent', () => {
  it('answers the small hand-built run', () => {
    const a = { p: 0, i: 0 }; // send m1
    const b = { p: 0, i: 1 }; // local
    const c = { p: 1, i: 0 }; // local
    const d = { p: 1, i: 1 }; // receive m1
    expect(happensBefore(small, a, d)).toBe(true);
    expect(happensBefore(small, c, d)).toBe(true);
    expect(happensBefore(small, a, b)).toBe(true);
    expect(happensBefore(small, d, a)).toBe(false);
    expect(happensBefore(small, a, a)).toBe(false);
    expect(happensBefore(small, b, d)).toBe(false);
    expect(concurrent(small, b, d)).toBe(true);
    expect(concurrent(small, a, c)).toBe(true);
    expect(concurrent(small, b, c)).toBe(true);
    expect(concurrent(small, a, d)).toBe(false);
    expect(concurrent(small, a, a)).toBe(false);
  });

  it('rejects event addresses outside the run, with the values', () => {
    expect(() => happensBefore(small, { p: 2, i: 0 }, { p: 0, i: 0 })).toThrow(RangeError);
    expect(() => happensBefore(small, { p: 2, i: 0 }, { p: 0, i: 0 })).toThrow(/process 2 is out of range 0\.\.1/);
    expect(() => happensBefore(small, { p: 0, i: 0 }, { p: 1, i: 5 })).toThrow(/index 5.*process 1, which has 2 events/);
    expect(() => concurrent(small, { p: 0, i: -1 }, { p: 0, i: 0 })).toThrow(/index -1/);
  });

  it('agrees with the BFS closure on random runs (property)', () => {
    fc.assert(
      fc.property(arbRun, (run) => {
        const reach = closure(run);
        const events = allEvents(run);
        for (const a of events) {
          for (const b of events) {
            const ab = (reach.get(key(a)) as Set<string>).has(key(b));
            const ba = (reach.get(key(b)) as Set<string>).has(key(a));
            expect(happensBefore(run, a, b)).toBe(ab);
            expect(concurrent(run, a, b)).toBe(!ab && !ba && key(a) !== key(b));
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe('linearize', () => {
  it('orders the small run', () => {
    expect(linearize(small)).toEqual([
      { p: 0, i: 0 },
      { p: 1, i: 0 },
      { p: 0, i: 1 },
      { p: 1, i: 1 },
    ]);
  });

  it('lists every event once, after everything that happens-before it (property)', () => {
    fc.assert(
      fc.property(arbRun, (run) => {
        const order = linearize(run).map(key);
        const events = allEvents(run).map(key);
        expect([...order].sort()).toEqual([...events].sort());
        const pos = new Map(order.map((k, idx) => [k, idx]));
        for (const [a, succs] of closure(run)) {
          for (const b of succs) expect(pos.get(a) as number).toBeLessThan(pos.get(b) as number);
        }
      }),
    );
  });
});

describe('lamportTimestamps', () => {
  it('computes the Lamport clocks of the small run', () => {
    // P0: send m1 (1), local (2). P1: local (1), receive m1: max(1, 1) + 1 = 2.
    expect(lamportTimestamps(small)).toEqual([
      [1, 2],
      [1, 2],
    ]);
  });

  it('satisfies the clock condition, and (L, pid) is a total order extending -> (property)', () => {
    fc.assert(
      fc.property(arbRun, (run) => {
        const ls = lamportTimestamps(run);
        const reach = closure(run);
        const events = allEvents(run);
        for (const a of events) {
          for (const b of events) {
            const sa = { time: ls[a.p][a.i], pid: a.p };
            const sb = { time: ls[b.p][b.i], pid: b.p };
            if ((reach.get(key(a)) as Set<string>).has(key(b))) {
              expect(ls[a.p][a.i]).toBeLessThan(ls[b.p][b.i]);
              expect(compareLamportTotal(sa, sb)).toBe(-1);
            }
            // Distinct events never tie in the (L, pid) order.
            expect(compareLamportTotal(sa, sb) === 0).toBe(key(a) === key(b));
          }
        }
      }),
    );
  });
});
