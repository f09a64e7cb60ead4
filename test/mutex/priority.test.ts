/**
 * The central server with priorities (src/mutex/central-server-priority.ts, models/mutex/priority.ts):
 * the notes' "Fair (if queue is fair, e.g. FIFO), and easily supports priorities if we want them".
 */
import { describe, expect, it } from 'vitest';
import { explore, resolveParams, type Report } from 'interleave';
import { mutexModels } from '../../models/mutex/index.ts';
import { pinnedStates as pinnedAt } from '../../models/manifest.ts';
import { priorityView } from '../../models/mutex/priority.ts';
import { grants } from '../../spec/mutex-priority.ts';
import type { CSPMessage, CSPState } from '../../src/mutex/central-server-priority.ts';

const check = (name: string, params: Record<string, number> = {}): Report => {
  const d = mutexModels.find((m) => m.name === name);
  if (!d) throw new Error(`no model ${name}`);
  return explore(d.build(resolveParams(d, params)));
};

describe('central-server-priority', () => {
  it('every grant goes to the waiting client of highest priority; several wait, so grants choose', () => {
    const r = check('central-server-priority');
    expect([r.verdict, r.distinctStates]).toEqual(['pass', pinnedAt('central-server-priority')]);
    expect(Object.fromEntries(r.properties.map((p) => [p.name, p.status]))).toMatchObject({ 'mutual exclusion': 'holds', 'highest priority first': 'holds', 'several wait': 'witnessed' });
  });

  it('requesting forever, a client of low priority starves (exit 13): P3 asks first and never enters while P1 and P2 take turns', () => {
    const r = check('central-server-priority', { entries: 0 });
    expect([r.verdict, r.exitCode, r.distinctStates]).toEqual(['liveness', 13, pinnedAt('central-server-priority', { n: 3, entries: 0 })]);
    expect(r.counterexample?.property?.name).toBe('every request is eventually granted');
    expect(r.counterexample?.reason).toMatch(/^P3 asked for the critical section and never enters/);
    const cycle = r.counterexample!.steps.slice(r.counterexample!.loop);
    expect(cycle.some((s) => s.actor === 'P1' && s.action === 'receives GRANT from P0')).toBe(true);
    expect(cycle.some((s) => s.actor === 'P2' && s.action === 'receives GRANT from P0')).toBe(true);
    expect(cycle.some((s) => s.actor === 'P3')).toBe(false);
    // The FIFO queue is the notes' fair one: the plain central server serves every request.
    expect(check('central-server', { entries: 0 }).verdict).toBe('pass');
  });

  it('the mutant queueing in arrival order grants P3 while P2, of higher priority, waits (9 steps)', () => {
    const r = check('central-server-priority-fifo');
    expect([r.verdict, r.counterexample?.property?.name]).toEqual(['violation', 'highest priority first']);
    expect(r.counterexample?.reason).toBe('C granted the lock to P3 (priority 2) while P2 (priority 1) waited in its queue');
    expect(r.counterexample?.steps.slice(-3).map((s) => [s.actor, s.action])).toEqual([
      ['P0', 'receives LOCK(priority=2) from P3'],
      ['P0', 'receives LOCK(priority=1) from P2'],
      ['P0', 'receives UNLOCK from P1'],
    ]);
  });
});

describe('the grants observer', () => {
  const o = grants<CSPState, CSPMessage>(priorityView);
  const coordinator = (queue: number[]): CSPState => ({ holder: 1, queue: queue.map((p) => ({ p, priority: p - 1 })) });
  const grant = (to: number, queue: number[]) => ({ p: 0, role: 'coordinator', kind: 'receive' as const, action: 'UNLOCK', before: coordinator(queue), after: coordinator([]), sent: [{ to, msg: { type: 'GRANT' as const } }] });

  it('records the first grant past a waiting client of higher priority, and keeps it', () => {
    expect(o.observe(null, grant(2, [2, 3]))).toBeNull();
    const bad = o.observe(null, grant(3, [2, 3]));
    expect(bad).toBe('C granted the lock to P3 (priority 2) while P2 (priority 1) waited in its queue');
    expect(o.observe(bad, grant(2, [2, 3]))).toBe(bad);
  });

  it('ignores what clients send, and a grant made when the queue is empty', () => {
    expect(o.observe(null, { p: 1, role: 'client', kind: 'local', action: 'lock', before: { mode: 'FREE' }, after: { mode: 'WANT' }, sent: [{ to: 0, msg: { type: 'LOCK', priority: 0 } }] })).toBeNull();
    expect(o.observe(null, grant(3, []))).toBeNull();
  });
});
