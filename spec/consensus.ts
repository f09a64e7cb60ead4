/**
 * Consensus (single-decree): agreement (at most one value is chosen, and every server that learnt a
 * decision learnt that one) and validity (a chosen value was proposed by a client), written once
 * through a view. "Chosen" is a fact about the run, not a local state: a value is chosen once a
 * majority of acceptors have accepted it in the same ballot, even if nobody knows it yet, and an
 * acceptor may later accept something else. So an observer records every acceptance (the ghost
 * `accepted`: ballot, value and acceptor), and the properties read what is chosen from it.
 */
import { always, ghostOf, sometimes, type GlobalState, type Observer, type Property } from 'interleave';

export interface ConsensusView<L> {
  /** The process is an acceptor. */
  readonly acceptor: (s: L) => boolean;
  /** What the acceptor has accepted: [ballot as a string, value], or null. */
  readonly accepted: (s: L) => readonly [string, number] | null;
  /** The value this process has learnt is decided, or null. */
  readonly decided: (s: L) => number | null;
  /** The values clients have proposed so far. */
  readonly proposed: (g: GlobalState<L, unknown>) => readonly number[];
  /** Acceptors in the system. */
  readonly acceptors: number;
}

/** (ballot, value, acceptor) for every acceptance so far, sorted and without repeats. */
export type Acceptances = readonly (readonly [string, number, number])[];

/** Records every acceptance: a step after which an acceptor has accepted something it had not. */
export function acceptancesObserver<L>(view: ConsensusView<L>): Observer<Acceptances, L> {
  const key = (a: readonly [string, number, number]) => `${a[0]}|${a[1]}|${a[2]}`;
  return {
    name: 'accepted',
    init: () => [],
    observe: (acc, st) => {
      if (!view.acceptor(st.after)) return acc;
      const now = view.accepted(st.after);
      const was = view.accepted(st.before);
      if (now === null || (was !== null && was[0] === now[0] && was[1] === now[1])) return acc;
      const entry = [now[0], now[1], st.p] as const;
      if (acc.some((a) => key(a) === key(entry))) return acc;
      return [...acc, entry].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    },
  };
}

/** The values accepted by a majority of acceptors in one ballot. */
export function chosenValues(acc: Acceptances, acceptors: number): number[] {
  const votes = new Map<string, Set<number>>();
  for (const [b, v, p] of acc) {
    const k = `${b}|${v}`;
    if (!votes.has(k)) votes.set(k, new Set());
    (votes.get(k) as Set<number>).add(p);
  }
  const out = new Set<number>();
  for (const [k, who] of votes) if (2 * who.size > acceptors) out.add(Number(k.split('|')[1]));
  return [...out].sort((a, b) => a - b);
}

export function agreement<L, M>(view: ConsensusView<L>, observer: Observer<Acceptances, L>): Property<GlobalState<L, M>> {
  return always(
    'agreement',
    (g) => {
      const chosen = chosenValues(ghostOf(g, observer), view.acceptors);
      if (chosen.length > 1) return false;
      for (const s of g.procs) {
        const d = view.decided(s);
        if (d !== null && d !== chosen[0]) return false;
      }
      return true;
    },
    'at most one value is chosen, and every server that learnt a decision learnt the chosen value',
    (g) => {
      const chosen = chosenValues(ghostOf(g, observer), view.acceptors);
      if (chosen.length > 1) return `values ${chosen.join(' and ')} are both chosen (each accepted by a majority of acceptors in one ballot)`;
      const p = g.procs.findIndex((s) => view.decided(s) !== null && view.decided(s) !== chosen[0]);
      return `P${p} learnt ${view.decided(g.procs[p])} is decided, but ${chosen.length ? `the chosen value is ${chosen[0]}` : 'no value is chosen (accepted by a majority)'}`;
    },
  );
}

export function validity<L, M>(view: ConsensusView<L>, observer: Observer<Acceptances, L>): Property<GlobalState<L, M>> {
  return always('validity', (g) => {
    const proposed = view.proposed(g as GlobalState<L, unknown>);
    return chosenValues(ghostOf(g, observer), view.acceptors).every((v) => proposed.includes(v));
  }, 'a chosen value was proposed by a client', (g) => {
    const proposed = view.proposed(g as GlobalState<L, unknown>);
    const v = chosenValues(ghostOf(g, observer), view.acceptors).find((x) => !proposed.includes(x));
    return `value ${v} is chosen (accepted by a majority of acceptors), yet no client proposed it (proposed: [${proposed.join(', ')}])`;
  });
}

export function valueChosen<L, M>(view: ConsensusView<L>, observer: Observer<Acceptances, L>): Property<GlobalState<L, M>> {
  return sometimes('value chosen', (g) => chosenValues(ghostOf(g, observer), view.acceptors).length === 1, 'a majority accepts a value');
}
