import { describe, expect, it } from 'vitest';
import { always, atQuiescence, explore, fifo, resolveParams, sometimes, type Model, type Trace } from 'interleave';
import { render } from '../../checker/format/index.ts';
import { itfOf } from '../../checker/format/itf.ts';
import { parseTrace, readTrace } from '../../checker/format/read.ts';
import { traceFileOf } from '../../checker/format/tracefile.ts';
import { ReplayExit, replay } from '../../checker/replay.ts';
import twoPhaseCommit from '../../models/commit/two-phase-commit.ts';
import earlyCommit from '../../models/commit/two-phase-commit-early-commit.ts';
import { mutexModels } from '../../models/mutex/index.ts';

const ricartAgrawala = mutexModels.find((m) => m.name === 'ricart-agrawala')!;
import { CORPUS } from '../format/corpus.ts';
import { relaySystem } from '../format/helpers.ts';

type G = { readonly a: number; readonly b: number };
interface GridOptions {
  /** a and b count up to max. */
  readonly max?: number;
  /** Invariant: a < bound. */
  readonly bound?: number;
  readonly propertyName?: string;
  /** Offer the steps in the other order. */
  readonly reverse?: boolean;
  /** Text of the action (a changed label). */
  readonly verb?: string;
  readonly init?: G;
  /** No step once a reaches this (a deadlock unless `endAtStop`). */
  readonly stopAt?: number;
  readonly endAtStop?: boolean;
}
/** Two counters, A and B, each stepping up to max. */
function grid(o: GridOptions = {}): Model<G, 'a' | 'b'> {
  const max = o.max ?? 3;
  return {
    name: 'grid',
    init: () => [o.init ?? { a: 0, b: 0 }],
    actions: (s) => {
      if (o.stopAt !== undefined && s.a >= o.stopAt) return [];
      const acts = [...(s.a < max ? (['a'] as const) : []), ...(s.b < max ? (['b'] as const) : [])];
      return o.reverse ? acts.reverse() : acts;
    },
    next: (s, x) => (x === 'a' ? { ...s, a: s.a + 1 } : { ...s, b: s.b + 1 }),
    properties: [always(o.propertyName ?? 'a below bound', (s) => s.a < (o.bound ?? 2))],
    isEnd: (s) => (s.a === max && s.b === max) || (o.endAtStop === true && o.stopAt !== undefined && s.a >= o.stopAt),
    describeAction: (x) => ({ actor: x === 'a' ? 'A' : 'B', action: o.verb ?? 'inc' }),
  };
}

const counterexample = (m: Parameters<typeof explore>[0], options?: Parameters<typeof explore>[1]): Trace => {
  const r = explore(m, options);
  if (!r.counterexample) throw new Error(`expected a counterexample, got ${r.verdict}`);
  return r.counterexample;
};

describe('replay against the model it came from', () => {
  it('reproduces a violation (exit 12), a deadlock (exit 11) and a witness (exit 0)', () => {
    expect(replay(grid(), counterexample(grid()))).toMatchObject({ status: 'reproduced', exitCode: 12, replayed: 2, message: 'violation of a below bound reproduced: 2 steps replayed' });
    const stuck = grid({ stopAt: 1, bound: 9 });
    const d = counterexample(stuck);
    expect(d.kind).toBe('deadlock');
    expect(replay(stuck, d)).toMatchObject({ status: 'reproduced', exitCode: 11 });
    const w = explore(relaySystem(fifo)).witnesses['P2 gets every token'];
    expect(replay(relaySystem(fifo), w)).toMatchObject({ status: 'reproduced', exitCode: 0 });
  });

  it('matches steps by label, not by position: the same run replays when the model offers its steps in another order', () => {
    const t = counterexample(grid({ bound: 1, max: 2 }), { strategy: 'dfs' });
    const r = replay(grid({ bound: 1, max: 2, reverse: true }), t);
    expect(r).toMatchObject({ status: 'reproduced', relabelled: [] });
    const original = replay(grid({ bound: 1, max: 2 }), t);
    expect(r.path).not.toEqual(original.path); // same steps, different positions among the enabled ones
  });

  it('a step whose label changed but whose state is still reached is matched by state, and reported', () => {
    const t = counterexample(grid());
    const r = replay(grid({ verb: 'increment' }), t);
    expect(r).toMatchObject({ status: 'reproduced', exitCode: 12, relabelled: [1, 2] });
    expect(r.message).toBe('violation of a below bound reproduced: 2 steps replayed; steps 1, 2 matched by state (their labels changed)');
  });
});

describe('replay against a changed model: the first step that differs', () => {
  it('ricart-agrawala-no-tiebreak against the fixed protocol: step 5 now defers the request (exit 22)', () => {
    const t = readTrace(`${CORPUS}ricart-agrawala-no-tiebreak.trace.json`);
    const r = replay(ricartAgrawala.build(resolveParams(ricartAgrawala, t.params)), t.trace);
    expect(r).toMatchObject({ status: 'different', exitCode: ReplayExit.different, step: 5, replayed: 4 });
    expect(r.message).toBe('step 5 (P0 receives REQUEST(ts=1) from P1) now leads to a different state: P0.deferred: trace has [], model gives [1]; P0→P1: trace has [OK], model gives []');
  });

  it('two-phase-commit-early-commit against two-phase-commit: the early TMCommit is no longer enabled (exit 21)', () => {
    const t = counterexample(earlyCommit.build({ rms: 2 }));
    expect(t.steps[0].action).toBe('TMCommit');
    const r = replay(twoPhaseCommit.build({ rms: 2 }), t);
    expect(r).toMatchObject({ status: 'disabled', exitCode: ReplayExit.disabled, step: 1, replayed: 0 });
    expect(r.enabled).toEqual(['TM TMAbort', 'RM0 RMPrepare', 'RM1 RMPrepare', 'RM0 RMChooseToAbort', 'RM1 RMChooseToAbort']);
    expect(r.message).toMatch(/^step 1 \(TM TMCommit\) is no longer enabled; enabled: TM TMAbort; RM0 RMPrepare; /);
  });

  it('another initial state (exit 23)', () => {
    const r = replay(grid({ init: { a: 0, b: 1 } }), counterexample(grid()));
    expect(r).toMatchObject({ status: 'initial', exitCode: ReplayExit.initial, step: 0 });
    expect(r.message).toBe("the model's initial state is not the trace's: b: trace has 0, model gives 1");
  });

  it('every step replays but the violation is gone (exit 20): the property holds, or is no longer there', () => {
    const t = counterexample(grid());
    expect(replay(grid({ bound: 9 }), t)).toMatchObject({ status: 'not-reproduced', exitCode: ReplayExit.notReproduced, message: 'every step replays but the violation of a below bound is gone: a below bound holds at the end' });
    expect(replay(grid({ propertyName: 'renamed' }), t).message).toBe("every step replays but the violation of a below bound is gone: the model has no property 'a below bound' (properties: renamed)");
    const d = counterexample(grid({ stopAt: 1, bound: 9 }));
    expect(replay(grid({ stopAt: 1, bound: 9, endAtStop: true }), d)).toMatchObject({ status: 'not-reproduced', message: 'every step replays but the deadlock is gone: the final state is now a proper end' });
  });

  it('a violation that now shows earlier is still reproduced, and says where', () => {
    const t = counterexample(grid({ bound: 2 }));
    const r = replay(grid({ bound: 1 }), t);
    expect(r).toMatchObject({ status: 'reproduced', exitCode: 12, reproducedAt: 1 });
  });
});

describe('replaying ITF traces', () => {
  it('an ITF trace written by this tool round-trips (every step label rides in #meta)', () => {
    const t = counterexample(relaySystem({ order: 'fifo', lossy: true }));
    const itf = parseTrace(render('itf', { trace: t, ref: { model: 'relay', params: {} } }), 'relay.itf.json');
    expect(itf.labelled).toBe(true);
    expect(itf.trace.steps.map((s) => s.kind)).toEqual(['local', 'local', 'lose', 'receive']);
    expect(replay(relaySystem({ order: 'fifo', lossy: true }), itf.trace)).toMatchObject({ status: 'reproduced', exitCode: 12 });
  });

  it('an ITF trace with no step labels (as another tool writes it) replays by state', () => {
    const t = counterexample(relaySystem({ order: 'fifo', lossy: true }));
    const itf = itfOf(traceFileOf(t, { model: 'relay', params: {} }));
    delete itf['#meta'];
    for (const s of itf.states) s['#meta'] = { index: s['#meta']?.index };
    const loaded = parseTrace(JSON.stringify(itf), 'foreign.itf.json');
    expect(loaded.labelled).toBe(false);
    expect(loaded.model).toBeUndefined();
    const r = replay(relaySystem({ order: 'fifo', lossy: true }), loaded.trace, { labelled: false });
    expect(r).toMatchObject({ status: 'reproduced', exitCode: 12, relabelled: [] });
    // …and a foreign trace that the model cannot follow names the step.
    const r2 = replay(relaySystem(fifo), loaded.trace, { labelled: false });
    expect(r2).toMatchObject({ status: 'disabled', step: 3, message: 'no step leads to the state recorded at step 3' });
  });
});

describe('a trace that ends where the search does not expand', () => {
  // The model's actions are defined only inside the constraint (x ≤ 1); the violation is at x = 2,
  // outside it, where the search checks invariants but never asks for steps. Replay must not either.
  const bounded: Model<{ readonly x: number }, 'inc'> = {
    name: 'bounded',
    init: () => [{ x: 0 }],
    actions: (s) => {
      if (s.x > 1) throw new Error('no actions past the constraint');
      return ['inc'];
    },
    next: (s) => ({ x: s.x + 1 }),
    constraint: (s) => s.x <= 1,
    checkDeadlock: false,
    properties: [always('below 2', (s) => s.x < 2)],
  };

  it('outside the constraint: the violation replays without the model being asked for steps there', () => {
    const r = explore(bounded);
    expect([r.verdict, r.counterexample?.steps.length]).toEqual(['violation', 2]);
    expect(replay(bounded, r.counterexample as Trace)).toMatchObject({ status: 'reproduced', exitCode: 12 });
  });

  it('a trace that goes on from a state outside the constraint or the action constraint is no run of the model: exit 21 (found by an audit: it replayed)', () => {
    // Every step of `free` is a step of `walled` too, but `walled` takes none from x = 2 (outside
    // its constraint), nor from a state reached by a step of 2 (outside its action constraint).
    const free: Model<{ readonly x: number }, 'inc' | 'jump'> = {
      name: 'walk',
      init: () => [{ x: 0 }],
      actions: (s) => (s.x < 4 ? ['inc', 'jump'] : []),
      next: (s, a) => ({ x: s.x + (a === 'inc' ? 1 : 2) }),
      checkDeadlock: false,
      properties: [always('below 4', (s) => s.x < 4)],
    };
    const trace = explore(free).counterexample as Trace;
    expect(trace.steps.map((st) => st.action)).toEqual(['jump', 'jump']);
    expect(replay(free, trace)).toMatchObject({ status: 'reproduced', exitCode: 12 });
    const walledState = replay({ ...free, constraint: (s: { readonly x: number }) => s.x <= 1 }, trace);
    expect(walledState).toMatchObject({ status: 'disabled', exitCode: ReplayExit.disabled, step: 2 });
    expect(walledState.message).toBe('step 2 (jump) is not a step of the model: it goes on from the state after step 1, which is outside the constraint (a search takes no step from such a state)');
    const walledStep = replay({ ...free, actionConstraint: (s: { readonly x: number }, t: { readonly x: number }) => t.x - s.x === 1 }, trace);
    expect(walledStep).toMatchObject({ status: 'disabled', exitCode: ReplayExit.disabled, step: 2 });
    expect(walledStep.message).toContain('reached by a step outside the action constraint');
    // Its last step may leave the model: that state is checked (TLC's semantics), so it replays.
    expect(replay({ ...free, constraint: (s: { readonly x: number }) => s.x <= 2 }, trace)).toMatchObject({ status: 'reproduced', exitCode: 12 });
  });

  it('a last state outside the model or the boundary shows only what a search finds there (found by a review)', () => {
    type S = { readonly x: number };
    const upTo = (top: number, extra: Partial<Model<S, 'inc'>> = {}): Model<S, 'inc'> => ({ name: 'w', init: () => [{ x: 0 }], actions: (s) => (s.x < top ? ['inc'] : []), next: (s) => ({ x: s.x + 1 }), properties: [], ...extra });
    const walled = <M extends Model<S, 'inc'>>(m: M) => ({ ...m, constraint: (s: S) => s.x <= 1 });
    // Outside the constraint a search checks invariants only: no deadlock, nothing at quiescence, no witness.
    const dead = upTo(2);
    expect([explore(walled(dead)).verdict, replay(walled(dead), explore(dead).counterexample as Trace).exitCode]).toEqual(['pass', ReplayExit.notReproduced]);
    const quiet = upTo(2, { checkDeadlock: false, properties: [atQuiescence('ends at 1', (s) => s.x === 1)] });
    expect([explore(walled(quiet)).verdict, replay(walled(quiet), explore(quiet).counterexample as Trace).exitCode]).toEqual(['pass', ReplayExit.notReproduced]);
    const five: Model<S, 'inc'> = { ...upTo(6, { checkDeadlock: false, properties: [sometimes('five', (s) => s.x === 5)] }), init: () => [{ x: 5 }] };
    expect(replay(walled(five), explore(five).witnesses.five as Trace).exitCode).toBe(ReplayExit.notReproduced);
    // A boundary state is not expanded: a trace that goes on from it is no run of the model.
    const below = upTo(4, { checkDeadlock: false, properties: [always('below 3', (s) => s.x < 3)] });
    expect(replay({ ...below, within: (s: S) => s.x < 1 }, explore(below).counterexample as Trace)).toMatchObject({ status: 'disabled', exitCode: ReplayExit.disabled, step: 2 });
    // A violation shown before the trace leaves the model is what the search reports: reproduced, early.
    const old = upTo(5, { checkDeadlock: false, properties: [always('small', (s) => s.x < 3)] });
    const now = { ...old, properties: [always('small', (s: S) => s.x < 2)], constraint: (s: S) => s.x <= 1 };
    expect(replay(now, explore(old).counterexample as Trace)).toMatchObject({ status: 'reproduced', exitCode: 12, reproducedAt: 2 });
  });
});
