/**
 * The notes' claims about where mutual exclusion's messages go, measured by a ghost observer (no
 * process sees it):
 *
 *   central server:  "But C can become a performance bottleneck…"
 *   token ring:      "Avoid central bottleneck"; "No central server bottleneck"
 *
 * `load` counts, per process, the messages it has handled: each one it sent and each one it
 * received (a message counts once at each end).
 *
 * - Central server: the counts are kept as they are (the workload bounds them). At the end of every
 *   run C has handled 3 messages for each entry of each client (its lock, the grant, its unlock),
 *   while a client has handled 3 for each of its own: C handles N times a client's load, so C's
 *   load grows with the number of clients and theirs does not.
 * - Token ring: the token goes round for ever, so the counts are kept relative to the least loaded
 *   process (whose count is 0), capped at `cap`. Each process handles the token in turn, in and
 *   then out, so no process is ever more than 2 messages (one hop of the token) ahead of another,
 *   whatever N: no process carries the others' traffic.
 */
import { always, alwaysNot, ghostOf, sometimes } from 'interleave';
import type { GlobalState, Observer, Property } from 'interleave';

/** The ghost: handled[p], the messages p has sent and received (relative to the least, for a relative load). */
export interface Load {
  readonly handled: readonly number[];
}

/** The observer behind the load properties (named `load`); `relative`: counts less the least count, at most `cap`. */
export function load<L, M>(relative: false | { readonly cap: number }): Observer<Load, L, M> {
  return {
    name: 'load',
    init: (procs) => ({ handled: procs.map(() => 0) }),
    observe: (g, step) => {
      const sent = step.sent.length;
      // A duplicate is a delivery too (of a second copy): its handler runs. Lose and crash steps handle nothing.
      const received = step.kind === 'receive' || step.kind === 'duplicate' ? 1 : 0;
      if (sent + received === 0) return g;
      let handled = g.handled.map((h, p) => (p === step.p ? h + sent + received : h));
      if (relative) {
        const least = Math.min(...handled);
        handled = handled.map((h) => Math.min(h - least, relative.cap));
      }
      return { handled };
    },
    show: (g) => ({ perProcess: g.handled.map((h) => ({ handled: h })) }),
  };
}

const plural = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;

/**
 * Central server: at the end of every run with no crash (`ended`), the coordinator has handled 3
 * messages per entry of every client, and each client 3 per entry of its own: N times a client's
 * load.
 */
export function coordinatorCarriesAll<L, M>(observer: Observer<Load, L, M>, entries: number, ended: (g: GlobalState<L, M>) => boolean): Property<GlobalState<L, M>> {
  const wrong = (g: GlobalState<L, M>): string | null => {
    // A run in which a process crashed ends short of its entries (a crashed client stops, a crashed C stops them all): not judged.
    if (!ended(g) || g.crashed.includes(true)) return null;
    const { handled } = ghostOf(g, observer);
    const c = g.peers.coordinator[0];
    const clients = g.peers.client;
    const want = 3 * clients.length * entries;
    if (handled[c] !== want) return `the run has ended and C (P${c}) has handled ${plural(handled[c], 'message')}, not 3 per entry of each of the ${clients.length} clients (${want})`;
    const p = clients.find((q) => handled[q] !== 3 * entries);
    if (p !== undefined) return `the run has ended and P${p} has handled ${plural(handled[p], 'message')}, not 3 per entry of its own (${3 * entries})`;
    return null;
  };
  return alwaysNot(
    'C handles 3 messages per entry of every client',
    wrong,
    'at the end of a run with no crash C has handled 3 messages (lock, grant, unlock) per entry of every client, N times the 3 per entry of any one client: its load grows with N',
  );
}

/** Witness that the load was measured to the end: the run has ended. */
export function runEnded<L, M>(ended: (g: GlobalState<L, M>) => boolean): Property<GlobalState<L, M>> {
  return sometimes('the run ended', ended, 'every client has made all its entries and no message is in flight');
}

/** The most and the least loaded processes: [ahead, behind, by how much]. */
function spread(handled: readonly number[]): [number, number, number] {
  let hi = 0;
  let lo = 0;
  handled.forEach((h, p) => {
    if (h > handled[hi]) hi = p;
    if (h < handled[lo]) lo = p;
  });
  return [hi, lo, handled[hi] - handled[lo]];
}

/** Token ring: no process has handled more than 2 messages (one hop of the token, in and out) beyond another (`cap`: the observer's). */
export function noHub<L, M>(observer: Observer<Load, L, M>, cap: number): Property<GlobalState<L, M>> {
  return always(
    'no process carries the others’ traffic',
    (g) => spread(ghostOf(g, observer).handled)[2] <= 2,
    'no process has handled more than 2 messages (one hop of the token: in and out) beyond any other, whatever N',
    (g) => {
      const [hi, lo, by] = spread(ghostOf(g, observer).handled);
      return `P${hi} has handled ${by >= cap ? `at least ${cap}` : by} messages more than P${lo}: it carries others' traffic`;
    },
  );
}

/** Witness: the bound is reached (a process one hop of the token ahead of another). */
export function oneHopAhead<L, M>(observer: Observer<Load, L, M>): Property<GlobalState<L, M>> {
  return sometimes('a process one hop ahead', (g) => spread(ghostOf(g, observer).handled)[2] === 2, 'some process has handled exactly 2 messages more than another');
}
