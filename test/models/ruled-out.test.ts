/**
 * Witnesses ruled out at small parameters (`ModelDefinition.ruledOut`): a correct model run at a
 * parameter's minimum is not failed (exit 12) for a `sometimes` property that cannot occur in so
 * small an instance, e.g. a hold-back with one multicast per sender. A declaration may hide no
 * witness: at every point checked, each witness a definition rules out is searched for anyway
 * and must be unreachable (a complete search finds no state with it), and every other witness
 * of a correct model must be found. The points: each parameter at its minimum with the others at
 * their defaults, and every parameter at its minimum (the defaults, where nothing may be ruled
 * out, are `npm run check`'s); a search past 50,000 states is left out (`chandy-lamport` with one
 * initiator, `paxos-commit` with 2 acceptors).
 */
import { describe, expect, it } from 'vitest';
import { compile, explore, ruledOutAt, type ModelDefinition } from 'interleave';
import { definitionProblem } from '../../checker/definition.ts';
import { models } from '../../models/index.ts';
import { load } from '../../checker/cli/main.ts';

const defaults = (d: ModelDefinition): Record<string, number> => Object.fromEntries(Object.entries(d.params).map(([k, s]) => [k, s.default]));

/**
 * Each parameter at its minimum (the others at their defaults), all at their minima, and for a
 * model of at most three parameters every choice of each at its minimum or one above; the
 * defaults left out. `crashes` stays at its default: a crash makes the mutual exclusion and
 * commit models fail on purpose (their -crash instances).
 */
function points(d: ModelDefinition): Record<string, number>[] {
  const base = defaults(d);
  const specs = Object.entries(d.params);
  const out: Record<string, number>[] = [];
  for (const [k, s] of specs) out.push({ ...base, [k]: s.min });
  out.push(Object.fromEntries(specs.map(([k, s]) => [k, s.min])));
  if (specs.length <= 3) {
    let grid: Record<string, number>[] = [{}];
    for (const [k, s] of specs) grid = grid.flatMap((g) => (k === 'crashes' ? [s.default] : [s.min, Math.min(s.min + 1, s.max ?? Infinity)]).map((v) => ({ ...g, [k]: v })));
    out.push(...grid);
  }
  const seen = new Set([key(base)]);
  return out.filter((p) => !seen.has(key(p)) && (seen.add(key(p)), true));
}

const key = (p: Record<string, number>) => Object.entries(p).map(([k, v]) => `${k}=${v}`).join(' ');

/**
 * Points where a correct model fails an invariant, for a reason of the parameters, not of a
 * witness: a bank with nothing to move never starts its snapshot, so `termination` fails in the
 * initial state (test/cli/cli.test.ts shows that report). Its witnesses are not searched for.
 */
const DEGENERATE = new Set(['chandy-lamport n=3 transfers=2 initiators=2 initiateAfter=2 balance=0']);
/**
 * Points where a correct model fails on purpose, showing what the notes say it costs: the central
 * server's point of failure, its coordinator (P0) as the victim (test/mutex/points-of-failure.test.ts),
 * and priorities requested forever, where a client of low priority starves (test/mutex/priority.test.ts).
 */
const byDesign = (name: string, p: Record<string, number>, property: string | undefined): boolean =>
  (name === 'central-server-crash-idle' && p.victim === 0 && property === 'no deadlock') || (name === 'central-server-priority' && p.entries === 0 && property === 'every request is eventually granted');
const declaring = models.filter((m) => m.ruledOut !== undefined);
const correct = models.filter((m) => m.mutantOf === undefined && m.expect.verdict === 'pass' && points(m).length > 0);

describe('witnesses ruled out at small parameters', () => {
  it('the definitions that declare them are the expected ones (a model added or renamed shows here)', () => {
    expect(declaring.map((m) => m.name).sort()).toEqual(
      ['causal-multicast', 'central-server-fifo', 'central-server-priority', 'chandy-lamport', 'fifo-multicast', 'fifo-multicast-lossy', 'fifo-multicast-tcp', 'lamport-clocks', 'process-group', 'token-ring-load', 'token-ring-repair', 'total-order-lamport', 'total-order-lamport-non-fifo', 'total-order-sequencer', 'total-order-token'].sort(),
    );
  });

  it('none at the defaults, and each names a sometimes property of its model built at those parameters', () => {
    for (const d of declaring) {
      expect(ruledOutAt(d, defaults(d)), d.name).toEqual([]);
      for (const p of points(d)) {
        const witnesses = new Set(compile(d.build(p as never)).properties.filter((x) => x.kind === 'sometimes').map((x) => x.name));
        for (const r of ruledOutAt(d, p)) expect(witnesses.has(r.name), `${d.name} ${key(p)}: ${r.name}`).toBe(true);
      }
    }
  });

  it.each(correct.map((d) => [d.name, d] as const))('%s: at each point, a witness is found exactly when it is not ruled out', (_, d) => {
    let complete = 0;
    for (const p of points(d)) {
      const r = explore(d.build(p as never), { maxStates: 50_000 });
      if (r.verdict === 'incomplete') continue;
      if (r.properties.some((x) => x.status === 'violated')) {
        expect(DEGENERATE.has(`${d.name} ${key(p)}`) || byDesign(d.name, p, r.counterexample?.property?.name), `${d.name} ${key(p)}: ${r.counterexample?.property?.name} violated`).toBe(true);
        continue;
      }
      complete++;
      const out = new Set(ruledOutAt(d, p).map((x) => x.name));
      for (const prop of r.properties) {
        if (prop.kind === 'sometimes') expect(`${key(p)}: ${prop.name} ${prop.status}`).toBe(`${key(p)}: ${prop.name} ${out.has(prop.name) ? 'unwitnessed' : 'witnessed'}`);
      }
    }
    expect(complete).toBeGreaterThan(0);
  });

  it('every rule is shown true at some point of a complete search', () => {
    const shown = new Set<string>();
    for (const d of declaring) {
      for (const p of points(d)) {
        const out = ruledOutAt(d, p);
        if (out.length === 0) continue;
        const r = explore(d.build(p as never), { maxStates: 50_000 });
        if (r.verdict === 'incomplete' || r.properties.some((x) => x.status === 'violated')) continue;
        for (const x of out) if (r.properties.find((q) => q.name === x.name)?.status === 'unwitnessed') shown.add(`${d.name}: ${x.name}`);
      }
    }
    const declared = declaring.flatMap((d) => [...new Set(points(d).flatMap((p) => ruledOutAt(d, p).map((x) => `${d.name}: ${x.name}`)))]);
    expect([...shown].sort()).toEqual([...new Set(declared)].sort());
  });
});

describe('check leaves them out and says so', () => {
  it('fifo-multicast with one multicast from one sender passes, naming the four witnesses left out and why', async () => {
    const loaded = await load('fifo-multicast', ['multicasts=1', 'senders=1']);
    expect(loaded.ruledOut?.map((x) => x.name)).toEqual(['held back', 'all delivered', 'others deliver while one is slow', 'orders differ']);
    expect(loaded.ruledOut?.[0].reason).toBe("needs multicasts ≥ 2: a sender's one multicast is never out of order");
    const r = explore(loaded.model);
    expect([r.verdict, r.exitCode]).toEqual(['pass', 0]);
    expect(r.properties.map((p) => p.name)).not.toContain('held back');
    // Named with --property, a witness is checked whatever the parameters: here unreachable, exit 12.
    const asked = await load('fifo-multicast', ['multicasts=1', 'senders=1'], { properties: ['held back'] });
    expect(asked.ruledOut).toBeUndefined();
    expect(explore(asked.model).exitCode).toBe(12);
    // replay and trace load every witness: a trace is read whatever property it shows.
    const all = await load('fifo-multicast', ['multicasts=1', 'senders=1'], { allWitnesses: true });
    expect(all.ruledOut).toBeUndefined();
    expect(compile(all.model).properties.map((p) => p.name)).toContain('held back');
  });

  it('a definition whose ruledOut is not a function, throws, or gives a reason that is not a string is refused in one line (exit 150)', () => {
    const d = models.find((m) => m.name === 'fifo-multicast') as ModelDefinition;
    expect(definitionProblem({ ...d, ruledOut: {} as never })).toBe('its ruledOut is not a function of the parameters');
    const p = defaults(d);
    expect(() => ruledOutAt({ ...d, ruledOut: () => { throw new Error('no'); } }, p)).toThrow(/^fifo-multicast\.ruledOut\(n=3, multicasts=2, senders=2\) threw: no$/);
    expect(() => ruledOutAt({ ...d, ruledOut: () => ({ 'held back': 3 as never }) }, p)).toThrow("fifo-multicast.ruledOut(n=3, multicasts=2, senders=2) gave 'held back' a number, not a reason (a string) or undefined");
    let error: unknown;
    try {
      ruledOutAt({ ...d, ruledOut: () => 3 as never }, p);
    } catch (e) {
      error = e;
    }
    expect([(error as Error | undefined)?.message, (error as { exitCode?: number } | undefined)?.exitCode]).toEqual(['fifo-multicast.ruledOut(n=3, multicasts=2, senders=2) returned 3, not an object of { witness: reason or undefined }', 150]);
  });
});
