/**
 * A liveness property checked once per instance names the failing one as the property says
 * (`eachProcess`: the process, P1), in the text, the JSON trace file (the number stays), ITF's
 * #meta and the SVG/HTML headings; a property that names none says `instance i`.
 */
import { describe, expect, it } from 'vitest';
import { actionModel, eachProcess, explore, formatTrace, leadsTo, parseTrace, render, resolveParams } from 'interleave';
import { models } from '../../models/index.ts';

const run = (name: string) => {
  const def = models.find((m) => m.name === name)!;
  const params = resolveParams(def, {});
  return { r: explore(def.build(params)), ref: { model: name, params } };
};

describe('instance names', () => {
  it('per process: the token ring starves P0, and every format says P0', () => {
    const { r, ref } = run('token-ring-skips-waiting');
    const t = r.counterexample!;
    expect(t.property).toEqual({ name: 'every request is eventually granted', kind: 'leadsTo', instance: 0, instanceName: 'P0' });
    expect(formatTrace(t).split('\n')[0]).toBe('every request is eventually granted (P0) violated by a fair cycle: 1 step, then 6 steps that repeat for ever:');
    const file = JSON.parse(render('json', { trace: t, ref })) as { property: unknown };
    expect(file.property).toEqual({ name: 'every request is eventually granted', kind: 'leadsTo', instance: 0, instanceName: 'P0' });
    expect(parseTrace(render('json', { trace: t, ref }), 'x.trace.json').trace.property).toEqual(t.property);
    const itf = JSON.parse(render('itf', { trace: t, ref })) as { '#meta': { description: string; interleave: { property: unknown } } };
    expect(itf['#meta'].interleave.property).toEqual(t.property);
    expect(itf['#meta'].description).toContain('a violation of every request is eventually granted (P0) in 7 steps');
    expect(render('svg', { trace: t, ref })).toContain('<title>token-ring-skips-waiting: every request is eventually granted (P0) violated by a fair cycle: steps 2–7 repeat for ever</title>');
    expect(render('html', { trace: t, ref })).toContain('every request is eventually granted (P0) violated by a fair cycle');
  });

  it('per (receiver, sender, multicast): the lossy multicast without retransmission names who misses what', () => {
    const t = run('fifo-multicast-lossy-no-retransmit').r.counterexample!;
    expect(t.property?.instanceName).toMatch(/^P\d delivers P\d#\d$/);
    expect(formatTrace(t).split('\n')[0]).toContain(`every multicast is eventually delivered (${t.property?.instanceName}) violated: stuck after`);
  });

  it('a property that names no instance is reported as instance i; one that does, by its name', () => {
    type S = { readonly n: number; readonly at: number };
    const spin = (named: boolean) =>
      actionModel<S>({
        name: 'spin',
        init: () => [{ n: 2, at: 0 }],
        actions: { Go: (s) => ({ at: (s.at + 1) % 2 }) },
        properties: [leadsTo<S>('reaches 5', (s, i) => i === 1 && s.at === 0, () => false, named ? { ...eachProcess } : { instances: (s) => s.n })],
        fairness: { Go: 'weak' },
      });
    expect(formatTrace(explore(spin(false)).counterexample!).split('\n')[0]).toMatch(/^reaches 5 \(instance 1\) violated by a fair cycle/);
    expect(formatTrace(explore(spin(true)).counterexample!).split('\n')[0]).toMatch(/^reaches 5 \(P1\) violated by a fair cycle/);
  });
});
