import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LoadError, explore } from 'interleave';
import { itfOf } from '../../checker/format/itf.ts';
import { parseTrace } from '../../checker/format/read.ts';
import { traceFileError, traceFileOf } from '../../checker/format/tracefile.ts';
import type { TraceFile } from '../../checker/format/file.ts';
import { TRACE_SCHEMA_FILE, generateTraceSchema } from '../../spec/schema/generate.ts';
import { relaySystem } from './helpers.ts';
import { unordered } from 'interleave';

describe('the trace file schema', () => {
  it('is what typescript-json-schema generates from TraceFile now (regenerate: npx tsx spec/schema/generate.ts)', () => {
    const committed = JSON.parse(readFileSync(TRACE_SCHEMA_FILE, 'utf8'));
    expect(generateTraceSchema()).toEqual(committed);
  }, 60_000);
});

/** A valid trace file: the relay's 3-step overtaking counterexample. */
function sample(): TraceFile {
  const r = explore(relaySystem(unordered));
  if (!r.counterexample) throw new Error('relay over unordered channels must fail');
  return traceFileOf(r.counterexample, { model: 'relay', params: { rounds: 2 } });
}

/** The one-line error parseTrace gives for this (modified) file; exit code 150. */
function errorOf(x: unknown, name = 'bad.trace.json'): string {
  try {
    parseTrace(typeof x === 'string' ? x : JSON.stringify(x), name);
  } catch (e) {
    expect(e).toBeInstanceOf(LoadError);
    expect((e as LoadError).exitCode).toBe(150);
    const msg = (e as Error).message;
    expect(msg.split('\n')).toHaveLength(1);
    return msg;
  }
  throw new Error('parseTrace accepted a bad file');
}

describe('reading trace files: validated first, one line naming the bad field', () => {
  it('a trace file the tool writes validates and reads back', () => {
    const f = sample();
    expect(traceFileError(f)).toBeUndefined();
    const t = parseTrace(JSON.stringify(f), 'x.trace.json');
    expect(t.format).toBe('trace');
    expect(t.trace.steps.map((s) => s.action)).toEqual(['emit', 'emit', 'receives TOKEN(k=2) from P0']);
    expect(t.params).toEqual({ rounds: 2 });
  });

  it('names the field: wrong type, missing, unknown, not in an enum, not the constant, not an integer', () => {
    const f = sample() as unknown as Record<string, any>;
    const edit = (g: (x: Record<string, any>) => void) => {
      const c = structuredClone(f);
      g(c);
      return c;
    };
    expect(errorOf(edit((c) => (c.steps[1].actor = 7)))).toBe('bad trace file bad.trace.json: steps[1].actor must be string, got 7');
    expect(errorOf(edit((c) => delete c.steps[2].state))).toBe('bad trace file bad.trace.json: steps[2].state is missing');
    expect(errorOf(edit((c) => (c.steps[0].actr = 'P0')))).toBe('bad trace file bad.trace.json: steps[0].actr is not a known field');
    expect(errorOf(edit((c) => (c.kind = 'oops')))).toBe("bad trace file bad.trace.json: kind must be one of deadlock, violation, witness, got \"oops\"");
    expect(errorOf(edit((c) => (c.steps[0].kind = 'teleport')))).toMatch(/^bad trace file bad\.trace\.json: steps\[0\]\.kind must be one of .*local.*, got "teleport"$/);
    expect(errorOf(edit((c) => (c.format = 'other')))).toBe('bad trace file bad.trace.json: format must be "interleave-trace", got "other"');
    expect(errorOf(edit((c) => (c.params.rounds = 1.5)))).toBe('bad trace file bad.trace.json: params.rounds must be integer, got 1.5');
    expect(errorOf(edit((c) => (c.steps[2].sent = [{ to: -1, msg: 1 }])))).toBe('bad trace file bad.trace.json: steps[2].sent[0].to must be >= 0, got -1');
    expect(errorOf(edit((c) => (c.steps[1].index = 5)))).toBe('bad trace file bad.trace.json: steps[1].index must be 2, got 5');
  });

  it('a step naming a process the system does not have (process, from, sent[].to) is refused, not drawn without it', () => {
    const f = sample() as unknown as Record<string, any>;
    const edit = (g: (x: Record<string, any>) => void) => {
      const c = structuredClone(f);
      g(c);
      return c;
    };
    expect(errorOf(edit((c) => (c.steps[1].process = 7)))).toBe('bad trace file bad.trace.json: steps[1].process must be less than 3, the number of processes (P0 to P2), got 7');
    expect(errorOf(edit((c) => (c.steps[2].from = 3)))).toBe('bad trace file bad.trace.json: steps[2].from must be less than 3, the number of processes (P0 to P2), got 3');
    expect(errorOf(edit((c) => (c.steps[0].sent[0].to = 9)))).toBe('bad trace file bad.trace.json: steps[0].sent[0].to must be less than 3, the number of processes (P0 to P2), got 9');
    const itf = itfOf(sample()) as unknown as Record<string, any>;
    itf.states[2]['#meta'].step.process = 7;
    expect(errorOf(itf, 'x.itf.json')).toBe('bad ITF trace x.itf.json: states[2].#meta.step.process must be less than 3, the number of processes (P0 to P2), got 7');
  });

  it('not JSON, or not an object: one line', () => {
    expect(errorOf('{"format": ')).toMatch(/^bad\.trace\.json is not JSON: /);
    expect(errorOf('[1, 2]')).toBe('bad.trace.json is not a trace: expected a JSON object, got an array');
  });

  it('ITF files are validated against the ITF schema (ADR-015), fields named as in the ITF file', () => {
    const itf = itfOf(sample()) as unknown as Record<string, any>;
    expect(parseTrace(JSON.stringify(itf), 'x.itf.json').format).toBe('itf');
    const edit = (g: (x: Record<string, any>) => void) => {
      const c = structuredClone(itf);
      g(c);
      return c;
    };
    expect(errorOf(edit((c) => delete c.states[2]['P1→P2']), 'x.itf.json')).toBe('bad ITF trace x.itf.json: states[2].P1→P2 is missing (a variable named in vars)');
    expect(errorOf(edit((c) => (c.states[1].P0 = { '#bigint': 'ten' })), 'x.itf.json')).toMatch(/^bad ITF trace x\.itf\.json: states\[1\]\.P0\.#bigint must match pattern/);
    expect(errorOf(edit((c) => (c.vars = 'P0')), 'x.itf.json')).toBe('bad ITF trace x.itf.json: vars must be array, got "P0"');
    expect(errorOf(edit((c) => (c.states[3]['#meta'].step.actor = 3)), 'x.itf.json')).toBe('bad ITF trace x.itf.json: states[3].#meta.step.actor must be string, got 3');
    expect(errorOf(edit((c) => (c['#meta'].interleave.params = { rounds: 'two' })), 'x.itf.json')).toBe('bad ITF trace x.itf.json: #meta.interleave.params.rounds must be integer, got "two"');
    expect(errorOf(edit((c) => (c.states = [])), 'x.itf.json')).toBe('bad ITF trace x.itf.json: states is empty (a trace needs an initial state)');
  });
});
