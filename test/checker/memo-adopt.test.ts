/**
 * A worker thread of the parallel search adopts the main thread's memo tables with its first
 * level (Compiled.memoSnapshot / adoptMemo). Here two compiles of one model share their interned
 * values as two threads do (checker/parallel/interning.ts), in one thread: the copy that adopts
 * the other's tables must give the same successors, labels and property values, without calling
 * the model's functions on the states the other already knew.
 */
import { describe, expect, it } from 'vitest';
import { actionModel, compile, type Checkable, type Compiled } from 'interleave';
import { shareInterning } from '../../checker/values.ts';
import { SharedInterning, newInterningBuffers, type InterningBuffers } from '../../checker/parallel/interning.ts';
import { twoPhaseCommit } from '../../models/commit/two-phase-commit.ts';
import { asyncTerminationDetection } from '../../models/tla/async-termination-detection.ts';

function compileOn(buffers: InterningBuffers, model: Checkable): { c: Compiled; sharing: SharedInterning } {
  const sharing = new SharedInterning(buffers);
  shareInterning(sharing);
  try {
    return { c: compile(model), sharing };
  } finally {
    shareInterning(undefined);
  }
}

/** The first `count` states of a breadth-first search of c (no dedup beyond a key set). */
function states(c: Compiled, count: number): Int32Array[] {
  const seen = new Set<string>();
  const out: Int32Array[] = [];
  const add = (v: Int32Array): void => {
    const k = v.join(',');
    if (seen.has(k) || out.length >= count) return;
    seen.add(k);
    out.push(v.slice());
  };
  c.initial((v) => add(v));
  for (let i = 0; i < out.length && out.length < count; i++) c.expand(out[i], (s) => add(s));
  return out;
}

/** What c gives on each state: successors with labels, and every property's value. */
function outcomes(c: Compiled, vs: readonly Int32Array[]): string[] {
  return vs.map((v) => {
    const succ: string[] = [];
    c.expand(v, (s, label) => succ.push(`${label}:${s.join(',')}`));
    const props = c.properties.filter((p) => p.kind === 'always' || p.kind === 'sometimes').map((p) => (p.holds(v) ? 1 : 0));
    return `${succ.join(' ')} | ${props.join('')}`;
  });
}

const calls = (c: Compiled): number => c.stats?.()['memo.action calls'] ?? NaN;

describe('memo tables adopted from another thread', () => {
  it('give the same successors and properties, and the adopting copy calls no action on states the other knew', () => {
    const buffers = newInterningBuffers();
    const a = compileOn(buffers, twoPhaseCommit(5));
    const b = compileOn(buffers, twoPhaseCommit(5));
    const fresh = compileOn(buffers, twoPhaseCommit(5));
    const known = states(a.c, 400);
    const before = outcomes(a.c, known);
    expect(calls(a.c)).toBeGreaterThan(0);
    // The snapshot goes through a structured clone, as postMessage sends it.
    b.sharing.sync();
    expect(b.c.adoptMemo?.(structuredClone(a.c.memoSnapshot?.()))).toBeGreaterThan(0);
    expect(outcomes(b.c, known)).toEqual(before);
    expect(calls(b.c)).toBe(0);
    // Without the tables, the same states cost calls.
    fresh.sharing.sync();
    expect(outcomes(fresh.c, known)).toEqual(before);
    expect(calls(fresh.c)).toBeGreaterThan(0);
    // States the other never saw: computed, and the same as the other computes them.
    const more = states(b.c, 3000).slice(400);
    expect(more.length).toBeGreaterThan(100);
    const mine = outcomes(b.c, more);
    a.sharing.sync();
    expect(outcomes(a.c, more)).toEqual(mine);
    expect(calls(b.c)).toBeGreaterThan(0);
  });

  it('leave out the results of `exists` (their labels hold any value): the adopting copy computes those, with the same labels', () => {
    const buffers = newInterningBuffers();
    const a = compileOn(buffers, asyncTerminationDetection(3));
    const b = compileOn(buffers, asyncTerminationDetection(3));
    const known = states(a.c, 300);
    const describe = (c: Compiled, v: Int32Array): string[] => {
      const labels: string[] = [];
      c.expand(v, (_s, label) => labels.push(JSON.stringify(c.describe(v, label))));
      return labels;
    };
    const before = known.map((v) => describe(a.c, v));
    b.sharing.sync();
    b.c.adoptMemo?.(structuredClone(a.c.memoSnapshot?.()));
    expect(known.map((v) => describe(b.c, v))).toEqual(before);
    expect(before.flat().some((l) => l.includes('='))).toBe(true); // SendMsg(i=…, j=…) was described
    expect(calls(b.c)).toBeGreaterThan(0);
    expect(outcomes(b.c, known)).toEqual(outcomes(a.c, known));
  });

  it('are ignored when they are not of the same model', () => {
    const buffers = newInterningBuffers();
    const a = compileOn(buffers, twoPhaseCommit(5));
    const b = compileOn(buffers, asyncTerminationDetection(3));
    states(a.c, 50);
    expect(b.c.adoptMemo?.(structuredClone(a.c.memoSnapshot?.()))).toBe(0);
    const fresh = compileOn(buffers, asyncTerminationDetection(3));
    const vs = states(fresh.c, 200);
    b.sharing.sync();
    expect(outcomes(b.c, vs)).toEqual(outcomes(fresh.c, vs));
  });

  it('are ignored for a function of another name, though the models have as many', () => {
    type XY = { readonly x: number; readonly y: number };
    const walk = (up: string, right: string, dx: number) =>
      actionModel<XY>({
        name: 'walk',
        init: () => [{ x: 0, y: 0 }],
        actions: { [up]: (s: XY) => s.y < 3 && { y: s.y + 1 }, [right]: (s: XY) => s.x < 3 && { x: s.x + dx } },
        checkDeadlock: false,
      });
    const buffers = newInterningBuffers();
    const a = compileOn(buffers, walk('Up', 'Right', 1));
    const b = compileOn(buffers, walk('Down', 'Left', 2));
    const vs = states(a.c, 16);
    b.sharing.sync();
    expect(b.c.adoptMemo?.(structuredClone(a.c.memoSnapshot?.()))).toBe(0);
    const fresh = compileOn(buffers, walk('Down', 'Left', 2));
    fresh.sharing.sync();
    expect(outcomes(b.c, vs)).toEqual(outcomes(fresh.c, vs));
    expect(outcomes(b.c, vs)).not.toEqual(outcomes(a.c, vs));
  });

  it('are not sent before they hold anything', () => {
    const a = compileOn(newInterningBuffers(), twoPhaseCommit(3));
    expect(a.c.memoSnapshot?.()).toBeUndefined();
    states(a.c, 10);
    expect(a.c.memoSnapshot?.()).toBeDefined();
  });
});
