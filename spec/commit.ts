/**
 * Atomic commit, written once for every commit protocol that runs as processes (two-phase commit
 * as a coordinator and participants): the notes' agreement and validity, and that every
 * participant learns the outcome. Through a view: what each process has decided and voted.
 */
import { always, eventually, sometimes, type GlobalState, type Property } from 'interleave';

export interface CommitView<L> {
  /** The process takes part in the vote (a participant; the coordinator does not). */
  readonly votes: (s: L) => boolean;
  /** What the process has decided: 'commit', 'abort' or null (undecided). */
  readonly decision: (s: L) => 'commit' | 'abort' | null;
  /** A participant's vote: 'yes', 'no' or 'none' yet. */
  readonly vote: (s: L) => 'yes' | 'no' | 'none';
}

/** Agreement: no process has committed while another has aborted. */
export function agreement<L, M>(view: CommitView<L>): Property<GlobalState<L, M>> {
  return always('agreement', (g) => !(g.procs.some((s) => view.decision(s) === 'commit') && g.procs.some((s) => view.decision(s) === 'abort')), 'no process commits while another aborts', (g) => {
    const c = g.procs.findIndex((s) => view.decision(s) === 'commit');
    const a = g.procs.findIndex((s) => view.decision(s) === 'abort');
    return `P${c} committed while P${a} aborted`;
  });
}

/** Validity: a commit (by anyone) only if every participant voted yes. */
export function validity<L, M>(view: CommitView<L>): Property<GlobalState<L, M>> {
  return always(
    'validity',
    (g) => !g.procs.some((s) => view.decision(s) === 'commit') || g.procs.every((s) => !view.votes(s) || view.vote(s) === 'yes'),
    'the transaction commits only if every participant voted yes',
    (g) => {
      const c = g.procs.findIndex((s) => view.decision(s) === 'commit');
      const p = g.procs.findIndex((s) => view.votes(s) && view.vote(s) !== 'yes');
      return `P${c} committed, yet P${p} ${view.vote(g.procs[p]) === 'no' ? 'voted no' : 'has not voted'}`;
    },
  );
}

/**
 * Every live participant eventually decides (a liveness property, under the protocol's weak
 * fairness). With a crashed coordinator its counterexample is the blocking run: a participant that
 * voted yes may neither commit nor abort, and waits for ever (exit 13).
 */
export function everyParticipantDecides<L, M>(view: CommitView<L>): Property<GlobalState<L, M>> {
  return eventually('every participant decides', (g: GlobalState<L, M>) => g.procs.every((s, p) => g.crashed[p] || !view.votes(s) || view.decision(s) !== null), {
    description: 'on every fair run, every live participant eventually commits or aborts',
    reason: (g) => {
      const undecided = g.procs.flatMap((s, p) => (!g.crashed[p] && view.votes(s) && view.decision(s) === null ? [`P${p} (voted ${view.vote(s)})`] : []));
      const crashed = g.crashed.flatMap((c, p) => (c ? [`P${p}`] : []));
      return `${undecided.join(', ')} never ${undecided.length === 1 ? 'decides' : 'decide'}: still undecided in the last state${crashed.length ? `, with ${crashed.join(', ')} crashed` : ''}`;
    },
  });
}

/** Witnesses: both outcomes can happen. */
export function outcomes<L, M>(view: CommitView<L>): Property<GlobalState<L, M>>[] {
  const all = (d: 'commit' | 'abort') => (g: GlobalState<L, M>) => g.procs.every((s) => view.decision(s) === d);
  return [sometimes('all committed', all('commit'), 'every process commits'), sometimes('all aborted', all('abort'), 'every process aborts')];
}

/** Witness of blocking: a participant that voted yes waits while its coordinator is down and no decision is on its way. */
export function blockedParticipant<L, M>(view: CommitView<L>): Property<GlobalState<L, M>> {
  return sometimes(
    'a prepared participant is blocked',
    (g) => g.procs.some((s, p) => !g.crashed[p] && view.votes(s) && view.vote(s) === 'yes' && view.decision(s) === null && g.procs.every((c, q) => view.votes(c) || (g.crashed[q] && g.channels[q][p].length === 0))),
    'a participant voted yes, the coordinator crashed before its decision reached it: it can neither commit nor abort',
  );
}

export function commitProperties<L, M>(view: CommitView<L>): Property<GlobalState<L, M>>[] {
  return [agreement(view), validity(view), everyParticipantDecides(view), ...outcomes(view)];
}
