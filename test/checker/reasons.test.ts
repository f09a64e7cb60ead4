/** Every violation says why, in the property's terms: in the report, the JSON, the trace file, ITF, HTML and SVG. */
import { describe, expect, it } from 'vitest';
import { alwaysNot, always, defaultReason, explore, sometimes, formatTrace, system, fifo, step, send, type Model, type Protocol } from 'interleave';
import { models } from '../../models/index.ts';
import { reportJson } from '../../checker/cli/main.ts';
import { render } from '../../checker/format/index.ts';
import { parseTrace } from '../../checker/format/read.ts';
import { traceFileOf, traceOfFile } from '../../checker/format/tracefile.ts';
import type { ModelDefinition } from '../../checker/definition.ts';

const defaults = (def: ModelDefinition) => Object.fromEntries(Object.entries(def.params).map(([k, s]) => [k, s.default]));

/**
 * Models whose failing property gives no reason of its own (reported by its description, negated):
 * they are reported by their description, negated): a gap to close, not a pass.
 */
const WITHOUT_SPECIFIC_REASON = new Set<string>([]);

describe('every bundled model expected to fail gives a reason in its --json', () => {
  const failing = models.filter((d) => d.expect.verdict !== 'pass');
  it('there are such models', () => expect(failing.length).toBeGreaterThan(20));
  for (const def of failing) {
    it(def.name, () => {
      const params = defaults(def);
      const r = explore(def.build(params as never));
      expect(r.verdict).toBe(def.expect.verdict);
      const j = reportJson({ label: def.name, params, def }, r);
      expect(typeof j.reason).toBe('string');
      expect((j.reason as string).length).toBeGreaterThan(10);
      // Not the generic fallback: every family property says something specific (gaps listed below).
      if (!WITHOUT_SPECIFIC_REASON.has(def.name)) expect(j.reason).not.toMatch(/is false here/);
    });
  }
});

describe('the reasons say what the notes say', () => {
  const run = (name: string) => {
    const def = models.find((d) => d.name === name) as ModelDefinition;
    return explore(def.build(defaults(def) as never));
  };
  it('causal order names two messages and a process', () => {
    expect(run('causal-multicast-sender-only').reason).toMatch(/^P\d#\d → P\d#\d, yet P\d delivered P\d#\d (without|before) P\d#\d$/);
  });
  it('mutual exclusion names the two holders', () => {
    expect(run('token-ring-regenerate').reason).toBe('P0 and P1 are both in the critical section (HELD)');
  });
  it('an inconsistent recorded cut names the receive and the missing send', () => {
    expect(run('chandy-lamport-late-markers').reason).toMatch(/^recorded cut contains P\d's receive of TRANSFER\(amount=\d\) from P\d .* but not P\d's send/);
  });
  it('a liveness counterexample names the instance that fails (the process that waits for ever)', () => {
    expect(run('token-ring-skips-waiting').reason).toMatch(/^P\d asked for the critical section and never enters: it still waits \(WANT\) in every later state/);
    expect(run('token-ring-repair-no-reroute').reason).toMatch(/^P[23] asked for the critical section and never enters: .*P1 crashed, and no process knows it/);
    expect(run('two-phase-commit-processes-crash').reason).toBe('P1 (voted yes), P2 (voted yes), P3 (voted yes) never decide: still undecided in the last state, with P0 crashed');
  });
  it('a deadlock named by the family says who waits', () => {
    expect(run('token-ring-crash').reason).toMatch(/^no step is enabled: P1 waits \(WANT\)/);
  });
});

describe('the engine', () => {
  it('a system deadlock says which process is not at rest and that nothing is in flight to it', () => {
    type L = { readonly waiting: boolean };
    const proto: Protocol<L, { type: 'PING' }> = {
      name: 'stuck',
      init: () => ({ waiting: false }),
      actions: { ask: { guard: (s, c) => !s.waiting && c.self === 0, run: (s) => step({ waiting: true }) } },
      handlers: { PING: (s) => step(s) },
      isDone: (s) => !s.waiting,
    };
    const r = explore(system({ protocol: proto, n: 2, network: fifo }));
    expect(r.verdict).toBe('deadlock');
    expect(r.reason).toBe('no step is enabled: P0 is not at rest (waiting=true), and nothing is in flight to it');
    expect(formatTrace(r.counterexample!)).toMatch(/\nWhy: no step is enabled/);
    // One step: "after 1 step", not "1 steps".
    expect(formatTrace(r.counterexample!)).toMatch(/^Deadlock after 1 step: /);
    void send;
  });
  it('a generic model: the property reason, else the description negated; an unwitnessed witness says so', () => {
    const m: Model<number, 'inc'> = {
      init: () => [0],
      actions: (s) => (s < 3 ? ['inc'] : []),
      next: (s) => s + 1,
      properties: [alwaysNot('small', (s) => (s < 2 ? null : `s = ${s}, not below 2`)), always('tiny', () => true, 'always true')],
      isEnd: () => true,
    };
    expect(explore(m).reason).toBe('s = 2, not below 2');
    const plain: Model<number, 'inc'> = { ...m, properties: [always('small', (s) => s < 2, 'the counter stays below 2')] };
    expect(explore(plain).reason).toBe('small is false here: not the case that the counter stays below 2');
    const never: Model<number, 'inc'> = { ...m, properties: [sometimes('five', (s) => s === 5, 'the counter reaches 5')] };
    const r = explore(never);
    expect(r.verdict).toBe('violation');
    expect(r.reason).toBe(defaultReason({ name: 'five', kind: 'sometimes', description: 'the counter reaches 5' }));
    expect(r.reason).toBe('no reachable state has five (the counter reaches 5)');
  });
});

describe('the reason travels with the trace', () => {
  const def = models.find((d) => d.name === 'fifo-multicast-is-not-causal') as ModelDefinition;
  const t = explore(def.build(defaults(def) as never)).counterexample!;
  const ref = { model: def.name, params: defaults(def) };
  it('into the trace file and back', () => {
    const f = traceFileOf(t, ref);
    expect(f.reason).toBe(t.reason);
    expect(traceOfFile(f).reason).toBe(t.reason);
  });
  it("into ITF's #meta and back", () => {
    const text = render('itf', { trace: t, ref });
    const itf = JSON.parse(text);
    expect(itf['#meta'].interleave.reason).toBe(t.reason);
    expect(parseTrace(text, 'x.itf.json').trace.reason).toBe(t.reason);
  });
  it('as the headline of the HTML report, right under the title', () => {
    const html = render('html', { trace: t, ref });
    const h1 = html.indexOf('<h1>');
    const why = html.indexOf('<p class="reason" id="reason">');
    expect(h1).toBeGreaterThan(0);
    expect(why).toBeGreaterThan(h1);
    expect(html.slice(h1, why)).not.toMatch(/<p/);
    expect(html).toContain(t.reason!.replace(/→/g, '→'));
  });
  it('as the caption of the SVG, wrapped, never clipped', () => {
    const svg = render('svg', { trace: t, ref });
    const lines = [...svg.matchAll(/<text class="reason"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(lines.join(' ')).toBe(`Why it fails: ${t.reason}`);
  });
});
