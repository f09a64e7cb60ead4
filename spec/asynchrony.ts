/**
 * Lecture notes, "Ordering and asynchrony": "FIFO ordering allows quite a lot of asynchrony … can
 * just tolerate variable and/or long delays"; "Causal ordering also allows some asynchrony – But
 * must be careful queues don’t grow too large!"; "Traditional total order multicast not so good:
 * – Since every message delivery transitively depends on every other one, delays holds up the
 * entire system" (sic).
 *
 * The slow process is the last one, P(n-1): in the bundled instances it multicasts nothing (the
 * senders are P0 first). It is slow while it has taken no part: it has made no multicast and
 * received nothing (its delivery log and hold-back queue are empty).
 */
import { sometimes, type GlobalState, type Property } from 'interleave';
import { allMulticasts, type MulticastView } from './multicast.ts';

type G<L, M> = GlobalState<L, M>;

/** P(n-1) has made no multicast and received nothing. */
function slowIsSilent<L, M>(view: MulticastView<L>, g: G<L, M>): boolean {
  const s = g.procs[g.n - 1];
  return view.multicasts(s) === 0 && view.delivered(s).length === 0 && view.heldBack(s) === 0;
}

/** At least two multicasts made. */
function enoughSenders<L, M>(view: MulticastView<L>, g: G<L, M>): boolean {
  return allMulticasts(view, g).length >= 2;
}

/**
 * Witness (total order): with P(n-1) slow, every other process has done all it can (no message in
 * flight between them), holds messages back, and has delivered nothing: the slow process holds up
 * every delivery.
 */
export function slowProcessHoldsUpAll<L, M>(view: MulticastView<L>): Property<G<L, M>> {
  return sometimes(
    'one slow process holds up every delivery',
    (g) => {
      if (!slowIsSilent(view, g) || !enoughSenders(view, g)) return false;
      const slow = g.n - 1;
      for (let p = 0; p < slow; p++) {
        if (view.delivered(g.procs[p]).length > 0 || view.heldBack(g.procs[p]) === 0) return false;
        for (let q = 0; q < slow; q++) if (g.channels[p][q].length > 0) return false;
      }
      return true;
    },
    'the last process has received nothing; two multicasts were made; every other process holds messages back, has delivered none, and has nothing more in flight to the others',
  );
}

/** Witness (FIFO order): with P(n-1) slow, every other process has delivered every multicast made so far (at least one each from two senders, where there are two). */
export function othersGoOnWithoutTheSlow<L, M>(view: MulticastView<L>): Property<G<L, M>> {
  return sometimes(
    'others deliver while one is slow',
    (g) => {
      if (!slowIsSilent(view, g) || !enoughSenders(view, g)) return false;
      const ids = allMulticasts(view, g);
      for (let p = 0; p < g.n - 1; p++) {
        const d = view.delivered(g.procs[p]);
        if (ids.some((id) => !d.includes(id))) return false;
      }
      return true;
    },
    'the last process has received nothing, yet every other process has delivered every multicast made (at least two)',
  );
}

/** Witness: some process holds exactly `k` received messages back (the ladder k = 1, 2, … measures the largest hold-back queue). */
export function holdBackOf<L, M>(view: MulticastView<L>, k: number): Property<G<L, M>> {
  return sometimes(`hold-back queue of ${k}`, (g) => g.procs.some((s) => view.heldBack(s) === k), `some process holds ${k} received message${k === 1 ? '' : 's'} back`);
}
