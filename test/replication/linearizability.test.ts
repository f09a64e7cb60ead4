/**
 * The linearizability and sequential-consistency checkers (spec/linearizability.ts) against a
 * brute-force checker that tries every order of the operations, on random small histories.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { emptyHistory, describeHistory, invoke, isLinearizable, isSequentiallyConsistent, register, respond, serialise, type History, type RegisterOp, type RegisterRet } from '../../spec/linearizability.ts';

type Event = { readonly type: 'invoke'; readonly client: number; readonly op: RegisterOp } | { readonly type: 'return'; readonly client: number; readonly ret: RegisterRet };

interface Operation {
  readonly client: number;
  readonly op: RegisterOp;
  readonly ret: RegisterRet | null;
  readonly invokedAt: number;
  readonly returnedAt: number;
}

/** The operations of an event list (a client's return closes its last invocation). */
function operationsOf(events: readonly Event[]): Operation[] {
  const open = new Map<number, { op: RegisterOp; at: number }>();
  const ops: Operation[] = [];
  events.forEach((e, at) => {
    if (e.type === 'invoke') open.set(e.client, { op: e.op, at });
    else {
      const o = open.get(e.client)!;
      open.delete(e.client);
      ops.push({ client: e.client, op: o.op, ret: e.ret, invokedAt: o.at, returnedAt: at });
    }
  });
  for (const [client, o] of open) ops.push({ client, op: o.op, ret: null, invokedAt: o.at, returnedAt: Infinity });
  return ops;
}

function* permutations<T>(xs: readonly T[]): Generator<T[]> {
  if (xs.length === 0) return yield [];
  for (let i = 0; i < xs.length; i++) for (const rest of permutations([...xs.slice(0, i), ...xs.slice(i + 1)])) yield [xs[i], ...rest];
}

/** Brute force: some subset of the pending operations and some order of all the chosen ones works. */
function bruteForce(events: readonly Event[], realTime: boolean): boolean {
  const ops = operationsOf(events);
  const done = ops.filter((o) => o.ret !== null);
  const pending = ops.filter((o) => o.ret === null);
  for (let mask = 0; mask < 1 << pending.length; mask++) {
    const chosen = [...done, ...pending.filter((_, i) => mask & (1 << i))];
    for (const order of permutations(chosen)) {
      const pos = new Map(order.map((o, i) => [o, i]));
      const ordered = order.every((a) => order.every((b) => {
        if (a === b) return true;
        const before = (a.client === b.client && a.invokedAt < b.invokedAt) || (realTime && a.returnedAt < b.invokedAt);
        return !before || (pos.get(a)! < pos.get(b)!);
      }));
      if (!ordered) continue;
      let value = 0;
      let ok = true;
      for (const o of order) {
        if (o.op.kind === 'write') value = o.op.value;
        else if (o.ret !== null && (o.ret.kind !== 'value' || o.ret.value !== value)) ok = false;
      }
      if (ok) return true;
    }
  }
  return false;
}

function historyOf(events: readonly Event[]): History<RegisterOp, RegisterRet> {
  let h: History<RegisterOp, RegisterRet> = emptyHistory;
  for (const e of events) h = e.type === 'invoke' ? invoke(h, e.client, e.op) : respond(h, e.client, e.ret);
  return h;
}

/** Random well-formed histories: up to 3 clients, each with at most one operation in flight. */
const histories = fc
  .array(fc.record({ client: fc.integer({ min: 1, max: 3 }), write: fc.boolean(), value: fc.integer({ min: 0, max: 2 }) }), { maxLength: 9 })
  .map((choices) => {
    const inFlight = new Map<number, RegisterOp>();
    const events: Event[] = [];
    for (const { client, write, value } of choices) {
      const op = inFlight.get(client);
      if (op === undefined) {
        const next: RegisterOp = write ? { kind: 'write', value: value === 0 ? 1 : value } : { kind: 'read' };
        inFlight.set(client, next);
        events.push({ type: 'invoke', client, op: next });
      } else {
        inFlight.delete(client);
        events.push({ type: 'return', client, ret: op.kind === 'write' ? { kind: 'ok' } : { kind: 'value', value } });
      }
    }
    return events;
  });

describe('linearizability checker', () => {
  const spec = register(0);

  it('agrees with the brute force on random histories (both verdicts occur)', () => {
    const seen = { yes: 0, no: 0 };
    fc.assert(
      fc.property(histories, (events) => {
        const expected = bruteForce(events, true);
        seen[expected ? 'yes' : 'no']++;
        expect(isLinearizable(spec, historyOf(events))).toBe(expected);
      }),
      { numRuns: 1500 },
    );
    expect(seen.yes).toBeGreaterThan(100);
    expect(seen.no).toBeGreaterThan(100);
  });

  it('sequential consistency agrees with the brute force without real time, and is implied by linearizability', () => {
    let weaker = 0;
    fc.assert(
      fc.property(histories, (events) => {
        const h = historyOf(events);
        const sc = bruteForce(events, false);
        expect(isSequentiallyConsistent(spec, h)).toBe(sc);
        if (isLinearizable(spec, h)) expect(sc).toBe(true);
        else if (sc) weaker++;
      }),
      { numRuns: 1500 },
    );
    expect(weaker).toBeGreaterThan(0);
  });

  it('a serialisation it returns replays against the register', () => {
    fc.assert(
      fc.property(histories, (events) => {
        const order = serialise(spec, historyOf(events));
        if (order === null) return;
        let value = 0;
        for (const o of order) {
          if (o.op.kind === 'write') value = o.op.value;
          else expect(o.ret).toEqual({ kind: 'value', value });
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a stale read after a completed write is not linearizable, but is sequentially consistent', () => {
    const h = historyOf([
      { type: 'invoke', client: 1, op: { kind: 'write', value: 1 } },
      { type: 'return', client: 1, ret: { kind: 'ok' } },
      { type: 'invoke', client: 2, op: { kind: 'read' } },
      { type: 'return', client: 2, ret: { kind: 'value', value: 0 } },
    ]);
    expect(isLinearizable(spec, h)).toBe(false);
    expect(isSequentiallyConsistent(spec, h)).toBe(true);
    expect(describeHistory(h)).toBe('P1: write(1) → ok | P2: read() → 0 (after P1#0)');
  });

  it('marks a client that invokes twice as an invalid history', () => {
    const h = invoke(invoke(emptyHistory as History<RegisterOp, RegisterRet>, 1, { kind: 'read' }), 1, { kind: 'read' });
    expect(h.invalid).toMatch(/client 1 invoked/);
    expect(isLinearizable(spec, h)).toBe(false);
  });
});
