import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError, explore, fifo, keyOf, unordered, type Trace } from 'interleave';
import { spaceTime, cutOf } from '../../checker/format/spacetime.ts';
import { render, writeAtomically } from '../../checker/format/index.ts';
import { parseTrace, readTrace } from '../../checker/format/read.ts';
import { stateGraph, toDot } from '../../checker/format/dot.ts';
import { itfError, traceFileError } from '../../checker/format/tracefile.ts';
import { toMermaid } from '../../checker/format/mermaid.ts';
import { shivizHosts, toShiViz } from '../../checker/format/shiviz.ts';
import { toSvg } from '../../checker/format/svg.ts';
import { toHtml } from '../../checker/format/html.ts';
import twoPhaseCommit from '../../models/commit/two-phase-commit.ts';
import earlyCommit from '../../models/commit/two-phase-commit-early-commit.ts';
import { corpusFiles } from './corpus.ts';
import { EVIL, evilModel, mermaidError, parseShiViz, relaySystem, shivizClockError, spacedActors, xmlError } from './helpers.ts';

const ref = (t: Trace) => ({ model: t.model, params: {} });
const mustFail = (r: ReturnType<typeof explore>): Trace => {
  if (!r.counterexample) throw new Error(`expected a counterexample, got ${r.verdict}`);
  return r.counterexample;
};

describe('every format, for every saved counterexample in the corpus', () => {
  const files = corpusFiles();
  it('the corpus is not empty', () => expect(files.length).toBeGreaterThan(0));
  for (const { name, file } of files) {
    it(name, () => {
      const loaded = readTrace(file);
      const t = loaded.trace;
      const r = { model: loaded.data.model, params: loaded.params };
      const nonLose = t.steps.filter((s) => s.kind !== 'lose').length;
      // json: the trace file, byte for byte what was read.
      const json = render('json', { trace: t, ref: r });
      expect(traceFileError(JSON.parse(json))).toBeUndefined();
      expect(json).toBe(readFileSync(file, 'utf8'));
      // itf: valid ADR-015, and it reads back to the same states and labels.
      const itf = render('itf', { trace: t, ref: r });
      expect(itfError(JSON.parse(itf))).toBeUndefined();
      const back = parseTrace(itf, `${name}.itf.json`);
      expect(back.labelled).toBe(true);
      expect(back.trace.steps.map((s) => keyOf(s.state))).toEqual(t.steps.map((s) => keyOf(s.state)));
      expect(back.trace.steps.map((s) => [s.actor, s.action])).toEqual(t.steps.map((s) => [s.actor, s.action]));
      // shiviz: every line parses with the header regex, clocks obey ShiViz's rules, one event per process step.
      const events = parseShiViz(render('shiviz', { trace: t, ref: r }));
      expect(shivizClockError(events)).toBeUndefined();
      expect(events).toHaveLength(nonLose);
      // mermaid: only statements a sequence diagram accepts.
      expect(mermaidError(render('mermaid', { trace: t, ref: r }))).toBeUndefined();
      // svg: well-formed, one dot per event, the last step highlighted.
      const svg = render('svg', { trace: t, ref: r, svg: { clocks: true, cut: Math.floor(t.steps.length / 2) } });
      expect(xmlError(svg)).toBeUndefined();
      expect(svg.match(/<circle class="event/g)?.length).toBe(spaceTime(t).events.filter((e) => e.kind !== 'crash').length);
      expect(svg).toContain(`<rect class="col failing" data-steps="${t.steps.length}"`);
      expect(svg).toContain('class="cut"');
      // html: self-contained, carries the trace file.
      const html = render('html', { trace: t, ref: r });
      expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:)?\/\//i);
      const data = /<script type="application\/json" id="trace-data">(.*?)<\/script>/s.exec(html)?.[1];
      expect(JSON.parse(data as string)).toEqual(JSON.parse(json));
    });
  }
});

describe('the ricart-agrawala-no-tiebreak counterexample (pinned, from running once)', () => {
  const t = readTrace(corpusFiles().find((f) => f.name === 'ricart-agrawala-no-tiebreak')?.file as string).trace;
  it('ShiViz: computed vector clocks, the sends of each event, the violation on the last event', () => {
    expect(toShiViz(t)).toBe(
      [
        '^(?<host>\\S+) (?<clock>\\{[^}]*\\}) (?<event>.*)$',
        '',
        'P0 {"P0":1} step 1: request; sends REQUEST(ts=1) to P1, REQUEST(ts=1) to P2',
        'P1 {"P1":1} step 2: request; sends REQUEST(ts=1) to P0, REQUEST(ts=1) to P2',
        'P1 {"P1":2,"P0":1} step 3: receives REQUEST(ts=1) from P0; sends OK to P0',
        'P2 {"P2":1,"P0":1} step 4: receives REQUEST(ts=1) from P0; sends OK to P0',
        'P0 {"P0":2,"P1":1} step 5: receives REQUEST(ts=1) from P1; sends OK to P1',
        'P1 {"P1":3,"P0":2} step 6: receives OK from P0',
        'P0 {"P0":3,"P1":2} step 7: receives OK from P1',
        'P2 {"P2":2,"P0":1,"P1":1} step 8: receives REQUEST(ts=1) from P1; sends OK to P1',
        'P0 {"P0":4,"P1":2,"P2":1} step 9: receives OK from P2',
        'P0 {"P0":5,"P1":2,"P2":1} step 10: enter',
        'P1 {"P1":4,"P0":2,"P2":2} step 11: receives OK from P2',
        'P1 {"P1":5,"P0":2,"P2":2} step 12: enter [mutual exclusion violated after 12 steps]',
        '',
      ].join('\n'),
    );
  });
  it('Mermaid: a note per local step, an arrow per delivery with its send step, no overtaking on FIFO channels', () => {
    const m = toMermaid(t);
    expect(m).not.toMatch(/overtak/);
    expect(m).toContain('  p1->>p0: 5. REQUEST(ts=1) (sent in 2)\n');
    expect(m).toContain('  p2->>p1: 11. OK (sent in 8)\n');
    expect(m.trimEnd().split('\n').at(-1)).toBe('  Note over p1: 12. enter ⚠ mutual exclusion violated after 12 steps');
  });
  it('cuts: after a step is consistent; a frontier that takes a delivery without its send is not', () => {
    const st = spaceTime(t);
    expect(cutOf(st, 6)).toEqual({ frontier: [2, 3, 1], consistent: true, orphans: [] });
    // P1's third event receives the OK that P0 sent in its second event.
    const c = cutOf(st, [1, 3, 2]);
    expect(c.consistent).toBe(false);
    expect(c.orphans.map((id) => [st.messages[id].text, st.messages[id].sendStep])).toEqual([['OK', 5]]);
    expect(toSvg(t, { cut: [1, 3, 2] })).toMatch(/cut is inconsistent: P\d&#39;s receive of OK is inside it, P\d&#39;s send is not/);
  });
});

describe('networks: overtaking, loss, crash; vector clocks', () => {
  it('unordered channels: the overtaking message is found, and Mermaid says it cannot draw it', () => {
    const t = mustFail(explore(relaySystem(unordered)));
    expect(t.steps.map((s) => s.action)).toEqual(['emit', 'emit', 'receives TOKEN(k=2) from P0']);
    const st = spaceTime(t);
    expect(st.overtakings).toEqual([{ overtaker: 1, overtaken: 0, step: 3 }]);
    const m = toMermaid(t);
    expect(mermaidError(m)).toBeUndefined();
    expect(m).toContain('%% WARNING: a message overtakes another on the same channel here');
    expect(m).toContain('  Note over p0,p1: ⚠ TOKEN(k=2) (sent in 2) overtakes TOKEN(k=1) (sent in 1), still in flight: not drawn\n');
    // On lossy FIFO channels the same property fails by a loss, not by overtaking.
    expect(toMermaid(mustFail(explore(relaySystem({ order: 'fifo', lossy: true }))))).not.toMatch(/overtak/);
  });

  it('a lossy channel: the lost message ends in a cross in the SVG, a crossed arrow in Mermaid, and ShiViz says so', () => {
    const t = mustFail(explore(relaySystem({ order: 'fifo', lossy: true })));
    expect(t.steps.map((s) => s.kind)).toEqual(['local', 'local', 'lose', 'receive']);
    const st = spaceTime(t);
    expect(st.messages.map((m) => [m.text, m.lostAt, m.deliveries.length])).toEqual([['TOKEN(k=1)', 3, 0], ['TOKEN(k=2)', undefined, 1], ['TOKEN(k=2)', undefined, 0]]);
    const svg = toSvg(t);
    expect(xmlError(svg)).toBeUndefined();
    expect(svg).toMatch(/<line class="msg lost" data-steps="1 3"/);
    expect(svg).toMatch(/<g class="cross" data-steps="1 3">/);
    expect(svg).toMatch(/<line class="msg inflight" data-steps="4"/); // P1 relayed TOKEN(k=2) to P2: still in flight
    // The network's delivery is the process's receipt (the notes' "receive"; "deliver" is the
    // application's, after any hold-back): the arrow says received.
    expect(svg).toMatch(/<line class="msg" [^>]*><title>TOKEN\(k=2\): P0 → P1, sent in step 2, received in step 4<\/title>/);
    expect(svg).not.toMatch(/delivered in step/);
    expect(toMermaid(t)).toContain('  p0-xp1: 3. TOKEN(k=1) lost (sent in 1)\n');
    expect(toShiViz(t)).toContain('P0 {"P0":1} step 1: emit; sends TOKEN(k=1) to P1 (lost in step 3)\n');
  });

  it('a crash: a cross on the process line, dashed afterwards; ShiViz makes it the last event of the process', () => {
    const r = explore(relaySystem(fifo, { crashes: 1 }));
    const t = r.witnesses['P1 crashes after a send'];
    expect(t.steps.map((s) => s.action)).toEqual(['emit', 'P1 crashes']);
    const svg = toSvg(t);
    expect(xmlError(svg)).toBeUndefined();
    expect(svg).toMatch(/<g class="cross" data-steps="2">/);
    expect(svg).toMatch(/<line class="proc dead"/);
    expect(svg).toContain('<rect class="col goal" data-steps="2"'); // a witness is highlighted as a goal, not a failure
    const events = parseShiViz(toShiViz(t));
    expect(events.map((e) => [e.host, e.clock, e.event])).toEqual([
      ['P0', { P0: 1 }, 'step 1: emit; sends TOKEN(k=1) to P1'],
      ['P1', { P1: 1 }, 'step 2: P1 crashes [witness: P1 crashes after a send]'],
    ]);
  });

  it('vector clocks computed from the steps equal the engine\'s ground truth (causality: true)', () => {
    const truth = explore(relaySystem(fifo, { causality: true })).witnesses['P2 gets every token'];
    expect(truth.steps).toHaveLength(6);
    const st = spaceTime(truth);
    expect(st.clocks).toBe('ground truth');
    const stripVt = (s: unknown): unknown => Object.fromEntries(Object.entries(s as Record<string, unknown>).map(([k, v]) => [k, /^P\d+$/.test(k) ? Object.fromEntries(Object.entries(v as object).filter(([f]) => f !== 'vt')) : v]));
    const computed = spaceTime({ ...truth, initial: stripVt(truth.initial), steps: truth.steps.map((s) => ({ ...s, state: stripVt(s.state) })) });
    expect(computed.clocks).toBe('computed');
    expect(computed.events.map((e) => e.vt)).toEqual(st.events.map((e) => e.vt));
    expect(st.events.map((e) => e.vt)).toEqual([[1, 0, 0], [2, 0, 0], [1, 1, 0], [2, 2, 0], [1, 1, 1], [2, 2, 2]]);
  });

  it('a generic model: one line per actor, local events only', () => {
    const t = mustFail(explore(earlyCommit.build({ rms: 2 })));
    const st = spaceTime(t);
    expect(st.processes).toEqual([...new Set(t.steps.map((s) => s.actor))]);
    expect(st.messages).toEqual([]);
    expect(xmlError(toSvg(t))).toBeUndefined();
    expect(shivizClockError(parseShiViz(toShiViz(t)))).toBeUndefined();
  });
});

describe('escaping: hostile labels stay text in every format', () => {
  const t = mustFail(explore(evilModel()));
  it('SVG is well-formed and shows the labels as text', () => {
    const svg = toSvg(t);
    expect(xmlError(svg)).toBeUndefined();
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
  it('HTML has only its own two scripts, no injected elements, and the data survives', () => {
    const html = toHtml(t, ref(t));
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>model</b>');
    expect(html).not.toContain('<i>field</i>');
    const data = /<script type="application\/json" id="trace-data">(.*?)<\/script>/s.exec(html)?.[1] as string;
    expect(data).not.toMatch(/[<>]/);
    expect(JSON.parse(data).steps[0].action).toBe(`act ${EVIL}`);
  });
  it('Mermaid has no bare # ; < > in its statements; DOT quotes are escaped', () => {
    expect(mermaidError(toMermaid(t))).toBeUndefined();
    const dot = toDot(stateGraph(evilModel()), t);
    expect(dot).toContain('\\"x\\"');
    expect(dot.split('\n').filter((l) => l.includes(' -> '))).toHaveLength(2);
  });
});

describe('ShiViz: host names the header regex takes whole', () => {
  it('an actor named with spaces, braces, quotes and markup is one host, in every line and clock', () => {
    const t = mustFail(explore(spacedActors()));
    const log = toShiViz(t);
    const events = parseShiViz(log);
    expect(events.map((e) => e.host)).toEqual(['Resource_Manager_<1>_&_"two"', '__x__', 'Resource_Manager_<1>_&_"two"', 'Resource_Manager_<1>_&_"two"_2', '_']);
    expect(shivizClockError(events)).toBeUndefined();
    // Every event's clock names the hosts by the same names (ShiViz ties them to the host column).
    for (const e of events) expect(Object.keys(e.clock)).toContain(e.host);
    expect(events.map((e) => e.clock)).toEqual([{ 'Resource_Manager_<1>_&_"two"': 1 }, { __x__: 1 }, { 'Resource_Manager_<1>_&_"two"': 2 }, { 'Resource_Manager_<1>_&_"two"_2': 1 }, { _: 1 }]);
  });

  it('names that are already safe keep their name; the others get _2, _3, … when they collide', () => {
    expect(shivizHosts(['a b', 'a_b', 'a{b', 'a}b', 'P0', '', '_', 'x\ty'])).toEqual(['a_b_2', 'a_b', 'a_b_3', 'a_b_4', 'P0', '__2', '_', 'x_y']);
  });

  it('a duplicating delivery says once that a duplicate stays in flight', () => {
    const t = readTrace(corpusFiles().find((f) => f.name === 'fifo-multicast-no-holdback-duplicating')?.file as string).trace;
    const dup = parseShiViz(toShiViz(t)).filter((e) => e.event.includes('duplicate'));
    expect(dup).toHaveLength(1);
    expect(dup[0].event.match(/a duplicate stays in flight/g)).toHaveLength(1);
  });
});

describe('one step, not 1 steps', () => {
  it('headings, the ITF description, the HTML and DOT say "1 step"', () => {
    const t = mustFail(explore(earlyCommit.build({ rms: 2 })));
    const one = { ...t, steps: t.steps.slice(0, 1) };
    expect(toSvg(one)).toContain('violated after 1 step<');
    expect(toSvg(one)).not.toMatch(/\b1 steps/);
    expect(render('itf', { trace: one, ref: ref(one) })).toMatch(/in 1 step, model/);
    expect(toHtml(one, ref(one))).toMatch(/1 step, /);
    expect(toShiViz(one)).toContain('violated after 1 step]');
    expect(toMermaid(one)).toContain('violated after 1 step\n');
    const model = earlyCommit.build({ rms: 2 });
    expect(toDot(stateGraph(model), one)).toContain('highlighted: the trace (1 step)');
  });
});

describe('DOT: the whole state graph of a small model', () => {
  it('two-phase-commit rms=3: every state and step (288 states, 1,145 transitions, as explore counts)', () => {
    const g = stateGraph(twoPhaseCommit.build({ rms: 3 }));
    expect(g.states).toHaveLength(288);
    expect(g.edges).toHaveLength(1145);
    expect(g.initial).toEqual([0]);
    const dot = toDot(g);
    expect(dot.match(/^ {2}s\d+ \[/gm)).toHaveLength(288);
    expect(dot.match(/ -> /g)).toHaveLength(1145);
  });
  it('highlights the trace and marks the violating state', () => {
    const model = earlyCommit.build({ rms: 2 });
    const t = mustFail(explore(model));
    const dot = toDot(stateGraph(model), t);
    expect(dot.match(/ -> s\d+ \[label="[^"]*", color="#ff8f00", penwidth=3\]/g)).toHaveLength(t.steps.length);
    expect(dot).toMatch(/fillcolor="#f8c7c7", tooltip="violates consistent"/);
    // Each node has one penwidth (the initial state is on the trace: the trace's).
    for (const line of dot.split('\n').filter((l) => /^ {2}s\d+ \[/.test(l))) expect(line.match(/penwidth=/g)?.length ?? 0).toBeLessThanOrEqual(1);
    const init = dot.split('\n').find((l) => l.startsWith(`  s${stateGraph(model).initial[0]} [`)) as string;
    expect(init).toContain('penwidth=3');
    expect(toDot(stateGraph(model)).split('\n').find((l) => l.startsWith(`  s${stateGraph(model).initial[0]} [`))).toContain('penwidth=2.5');
  });
  it('refuses, in one line, a model above the limit', () => {
    expect(() => stateGraph(twoPhaseCommit.build({ rms: 5 }))).toThrow(UsageError);
    expect(() => stateGraph(twoPhaseCommit.build({ rms: 5 }))).toThrow(/^the state graph of two-phase-commit has more than 2,000 states: --format dot is for small models \(choose smaller --param values\)$/);
    expect(() => stateGraph(twoPhaseCommit.build({ rms: 3 }), 100)).toThrow(/more than 100 states/);
  });
});

describe('files are written atomically', () => {
  it('replaces the file whole and leaves no temporary file; a failed write leaves nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'interleave-write-'));
    try {
      const file = join(dir, 'out.svg');
      writeFileSync(file, 'old');
      writeAtomically(file, 'new content');
      expect(readFileSync(file, 'utf8')).toBe('new content');
      expect(readdirSync(dir)).toEqual(['out.svg']);
      expect(() => writeAtomically(join(dir, 'missing', 'x.svg'), 'x')).toThrow(/ENOENT/);
      expect(readdirSync(dir)).toEqual(['out.svg']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('writes into a named pipe (or a device) in place, not over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'interleave-write-'));
    const pipe = join(dir, 'out.svg');
    execFileSync('mkfifo', [pipe]);
    const reader = spawn('cat', [pipe]);
    try {
      let got = '';
      reader.stdout.on('data', (d) => (got += d));
      const closed = new Promise((done) => reader.on('close', done));
      writeAtomically(pipe, 'through the pipe');
      expect(statSync(pipe).isFIFO()).toBe(true);
      await closed;
      expect(got).toBe('through the pipe');
      expect(readdirSync(dir)).toEqual(['out.svg']);
    } finally {
      reader.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
