/**
 * A worker's warm-up: while the main thread searches the first levels alone (the exact phase, until
 * the search has found 20,000 states), a worker that has loaded the model searches privately from
 * the initial states, with nothing shared but the interned values. Its own copies of the hot code
 * are compiled and its memo tables (decision trees of the model's actions and properties, per
 * thread) are filled on the second core, which is otherwise idle then, instead of in the first
 * levels it shares: a cold worker expanded 8–100 states per CPU-millisecond on those levels against
 * 250–450 once warm (2PC rms=8). Nothing it finds is kept: it stops at the first level it is
 * given, at the end of the job, or after `limit` states. An experiment, off by default
 * (INTERLEAVE_PARALLEL_WARM_UP=N turns it on; see search.ts): under load the CPU it takes from the
 * main thread's first levels cost more than it gained.
 */
import { lanesOf } from '../fingerprint.ts';
import type { Compiled } from '../model.ts';
import { C } from './shared.ts';

export function warmUp(c: Compiled, ctl: Int32Array, w: number, limit: number): number {
  const W = c.width;
  const seen = new Set<number>();
  let frontier: Int32Array[] = [];
  const lanes = new Int32Array(2);
  const always = c.properties.filter((p) => p.kind === 'always' || p.kind === 'sometimes');
  const add = (s: Int32Array): void => {
    if (seen.size >= limit) return;
    if (c.constraint !== undefined && !c.constraint(s)) return;
    lanesOf(s, W, lanes);
    const k = lanes[0] * 0x200000 + (lanes[1] & 0x1fffff);
    if (seen.has(k)) return;
    seen.add(k);
    for (const p of always) p.holds(s);
    frontier.push(s.slice());
  };
  const stop = (): boolean => Atomics.load(ctl, C.PART + w) !== 0 || Atomics.load(ctl, C.END) === 1 || Atomics.load(ctl, C.STOP) === 1;
  let expanded = 0;
  try {
    c.initial((v) => add(v));
    while (frontier.length > 0 && seen.size < limit) {
      const level = frontier;
      frontier = [];
      for (const v of level) {
        if ((++expanded & 63) === 0 && stop()) return expanded;
        if (c.within !== undefined && !c.within(v)) continue;
        c.expand(v, add);
        if (seen.size >= limit) break;
      }
    }
  } catch {
    // A model error: the search reports it where it meets it.
  }
  return expanded;
}
