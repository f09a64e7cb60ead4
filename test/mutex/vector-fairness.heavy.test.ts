/**
 * The notes' "Q: can we fix this by using vector clocks?" (test/mutex/models.test.ts has the
 * failing cases): the fix is the clock on every message, not the vector. Ricart–Agrawala's own
 * Lamport time, sent on its OKs too and merged on receipt, is FIFO-fair by happens-before at the
 * -fifo instance's defaults, as `ricart-agrawala-vector-fifo` is (a full search each, half a
 * minute: the heavy tier).
 */
import { describe, expect, it } from 'vitest';
import { explore } from 'interleave';
import { ricartAgrawala } from '../../models/mutex/algorithms.ts';
import { causalFairnessSystem, type Algorithm } from '../../models/mutex/family.ts';
import * as ra from '../../src/mutex/ricart-agrawala.ts';

describe('Ricart–Agrawala with its Lamport time on every message', () => {
  it('is FIFO-fair by happens-before (n=3, entries=2), every witness found', () => {
    type OkTs = ra.RAMessage | { readonly type: 'OK'; readonly ts: number };
    const rap = ricartAgrawala.protocol;
    const lamportOnOks = {
      ...ricartAgrawala,
      protocol: {
        ...rap,
        actions: {
          ...rap.actions,
          exit: { ...rap.actions.exit, run: (st: ra.RAState) => ({ state: { ...st, mode: 'FREE' as const, deferred: [] }, send: st.deferred.map((to) => ({ to, msg: { type: 'OK' as const, ts: st.clock } })) }) },
        },
        handlers: {
          REQUEST: (st: ra.RAState, msg: { ts: number }, from: number, ctx: { self: number; n: number }) => {
            const r = rap.handlers.REQUEST(st, msg as never, from, ctx as never);
            return { ...r, send: (r.send ?? []).map((x) => ({ ...x, msg: { type: 'OK' as const, ts: r.state.clock } })) };
          },
          OK: (st: ra.RAState, msg: { ts?: number }) => ({ state: { ...st, clock: Math.max(st.clock, msg.ts ?? 0) + 1, oks: st.oks + 1 } }),
        },
      },
    } as unknown as Algorithm<ra.RAState, OkTs>;
    const r = explore(causalFairnessSystem(lamportOnOks, { n: 3, entries: 2 }));
    expect([r.verdict, r.properties.map((p) => [p.name, p.status])]).toEqual([
      'pass',
      [
        ['mutual exclusion', 'holds'],
        ['FIFO fairness', 'holds'],
        ['ordered contention', 'witnessed'],
      ],
    ]);
  });
});
