/**
 * The clocks' mutants: each an override of the reference process (src/clocks/) with the rule it
 * breaks; the same parameters as the model it is a mutant of. Each must fail as
 * models/manifest.json says.
 */
import { step, type Protocol } from 'interleave';
import { lamportTick } from '../../src/clocks/lamport.ts';
import type { LamportMessage, LamportProcessState } from '../../src/clocks/lamport-process.ts';
import { vtick } from '../../src/clocks/vector.ts';
import type { VectorMessage, VectorProcessState } from '../../src/clocks/vector-process.ts';
import { bundledModel } from '../manifest.ts';
import lamportClocks, { lamportSystem } from './lamport-clocks.ts';
import vectorClocks, { vectorSystem } from './vector-clocks.ts';

type Lamport = Protocol<LamportProcessState, LamportMessage>;
type Vector = Protocol<VectorProcessState, VectorMessage>;

/** Breaks the notes' "Increment to (max of (sender, receiver)) + 1 on receipt": the message's timestamp is ignored (own + 1), so a receive can get a smaller clock than its send. */
export const noMax = (p: Lamport): Lamport => ({ ...p, name: 'lamport-clocks-no-max', handlers: { MSG: (s) => step({ ...s, clock: lamportTick(s.clock) }) } });

/** Breaks the notes' "Increment to (max of (sender, receiver)) + 1 on receipt": max(own, message) without the + 1, so a receive can tie with its send. */
export const noIncrement = (p: Lamport): Lamport => ({ ...p, name: 'lamport-clocks-no-increment', handlers: { MSG: (s, msg) => step({ ...s, clock: Math.max(s.clock, msg.ts) }) } });

/** Breaks the notes' "it merges the entries from P1’s clock – choose the maximum value in each position": only the own entry ticks, so a send and its receive look concurrent. */
export const noMerge = (p: Vector): Vector => ({ ...p, name: 'vector-clocks-no-merge', handlers: { MSG: (s, _msg, _from, ctx) => step({ ...s, clock: vtick(s.clock, ctx.self) }) } });

/**
 * Breaks the notes' "Similarly when P3 receives m2, it merges in P2’s clock – this incorporates the
 * changes from P1 that P2 already saw": on receipt only the sender's own entry is merged (then the
 * own entry ticks), so what the sender had observed of others is dropped: after P0 → P1 → P2,
 * P2's clock lacks P0's send, and is incomparable even with P1's send, whose clock holds it.
 */
export const senderEntryOnly = (p: Vector): Vector => ({
  ...p,
  name: 'vector-clocks-sender-entry-only',
  handlers: { MSG: (s, msg, from, ctx) => step({ ...s, clock: vtick(s.clock.map((x, j) => (j === from ? Math.max(x, msg.vt[j]) : x)), ctx.self) }) },
});

/** Breaks the rule: a process increments its own entry on every event; a send keeps the clock, so it carries the previous timestamp and looks earlier than events concurrent with it. */
export const noSendTick = (p: Vector): Vector => ({
  ...p,
  name: 'vector-clocks-no-send-tick',
  actions: Object.fromEntries(
    Object.entries(p.actions).map(([name, a]) => [
      name,
      name === 'internal'
        ? a
        : {
            ...a,
            run: (s: VectorProcessState, ctx) => {
              const r = a.run(s, ctx);
              return { state: { ...r.state, clock: s.clock }, send: (r.send ?? []).map((x) => ({ ...x, msg: { ...x.msg, vt: s.clock } })) };
            },
          },
    ]),
  ),
});

/**
 * Internal events count twice: every clock still grows with each event and merges by maximum, so
 * V(a) < V(b) iff a → b still holds (any strictly growing own entry characterises causality), but
 * Vi[i] no longer counts Pi's events, nor Vj[i] the events of Pi that Pj has observed.
 */
export const doubleTick = (p: Vector): Vector => ({
  ...p,
  name: 'vector-clocks-double-tick',
  actions: {
    ...p.actions,
    internal: {
      ...p.actions.internal,
      // Breaks the notes' "Element Vi[j] captures #events at Pj observed by Pi": an internal event adds 2.
      run: (s: VectorProcessState, ctx) => step({ ...s, clock: vtick(vtick(s.clock, ctx.self), ctx.self), left: s.left - 1 }),
    },
  },
});

const lamportMutant = (name: string, description: string, variant: (p: Lamport) => Lamport) =>
  bundledModel({ name, family: 'clocks', description, params: lamportClocks.params, network: lamportClocks.network, mutantOf: 'lamport-clocks', build: ({ n, events }) => lamportSystem(n, events, variant) });
const vectorMutant = (name: string, description: string, variant: (p: Vector) => Vector) =>
  bundledModel({ name, family: 'clocks', description, params: vectorClocks.params, network: vectorClocks.network, mutantOf: 'vector-clocks', build: ({ n, events }) => vectorSystem(n, events, variant) });

export const lamportClocksNoMax = lamportMutant('lamport-clocks-no-max', 'Broken Lamport clocks: on receipt, own + 1 instead of max(own, message) + 1', noMax);
export const lamportClocksNoIncrement = lamportMutant('lamport-clocks-no-increment', 'Broken Lamport clocks: on receipt, max(own, message) instead of max(own, message) + 1', noIncrement);
export const vectorClocksNoMerge = vectorMutant('vector-clocks-no-merge', "Broken vector clocks: on receipt, only the own entry is incremented; the message's clock is not merged", noMerge);
export const vectorClocksSenderEntryOnly = vectorMutant('vector-clocks-sender-entry-only', "Broken vector clocks: on receipt only the sender's own entry is merged, not what it had seen of others; a chain of two messages is missed", senderEntryOnly);
export const vectorClocksNoSendTick = vectorMutant('vector-clocks-no-send-tick', 'Broken vector clocks: a send does not increment the own entry', noSendTick);
export const vectorClocksDoubleTick = vectorMutant('vector-clocks-double-tick', 'Broken vector clocks: an internal event adds 2 to the own entry; causality is still characterised, the counts are wrong', doubleTick);
