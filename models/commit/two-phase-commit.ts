/**
 * Two-phase commit: the TLA+ spec TwoPhase of J. Gray and L. Lamport, "Consensus on Transaction
 * Commit", ACM TODS 31(1), 2006 (the TLA+ module TwoPhase), written at the generic level.
 *
 * One transaction manager (TM) and `rms` resource managers (RMs). Messages are a set that only
 * grows: nothing is ever removed from `msgs`, and a message in it may be received any number of
 * times. One action per TLA+ operator, named as in the spec.
 */
import { always, defineModel, except, setAdd, setHas, sometimes, type Model, type ValueSet } from 'interleave';

export type RMState = 'working' | 'prepared' | 'committed' | 'aborted';
export type TMState = 'init' | 'committed' | 'aborted';
export type Message = { readonly type: 'Prepared'; readonly rm: number } | { readonly type: 'Commit' } | { readonly type: 'Abort' };

export interface State {
  /** rmState[r]: the state of resource manager r. */
  readonly rmState: readonly RMState[];
  /** The state of the transaction manager. */
  readonly tmState: TMState;
  /** The RMs from which the TM has received "Prepared" (the TM's record, a set). */
  readonly tmPrepared: ValueSet<number>;
  /** Every message ever sent (a set). */
  readonly msgs: ValueSet<Message>;
}

export type Action =
  | { readonly name: 'TMRcvPrepared'; readonly rm: number }
  | { readonly name: 'TMCommit' }
  | { readonly name: 'TMAbort' }
  | { readonly name: 'RMPrepare'; readonly rm: number }
  | { readonly name: 'RMChooseToAbort'; readonly rm: number }
  | { readonly name: 'RMRcvCommitMsg'; readonly rm: number }
  | { readonly name: 'RMRcvAbortMsg'; readonly rm: number };

/** The messages, made once: sets compare their members by value, and the same object is found fastest. */
const COMMIT: Message = Object.freeze({ type: 'Commit' });
const ABORT: Message = Object.freeze({ type: 'Abort' });

/** [rmState EXCEPT ![rm] = st] */
const withRM = (s: State, rm: number, st: RMState): readonly RMState[] => except(s.rmState, rm, st);

export interface Variant {
  /** The broken variant: the TM commits without waiting for every "Prepared". */
  readonly earlyCommit?: boolean;
}

/** The TwoPhase spec with `rms` resource managers. */
export function twoPhaseCommit(rms: number, variant: Variant = {}): Model<State, Action> {
  const RM = Array.from({ length: rms }, (_, i) => i);
  const PREPARED: readonly Message[] = RM.map((rm) => Object.freeze({ type: 'Prepared', rm }));
  const prepared = (rm: number): Message => PREPARED[rm];
  return {
    name: variant.earlyCommit ? 'two-phase-commit-early-commit' : 'two-phase-commit',
    init: () => [{ rmState: RM.map(() => 'working' as const), tmState: 'init', tmPrepared: [], msgs: [] }],

    actions(s) {
      const acts: Action[] = [];
      const commitSent = setHas(s.msgs, COMMIT);
      const abortSent = setHas(s.msgs, ABORT);
      // TMCommit: the TM commits once every RM is prepared.
      if (s.tmState === 'init' && (s.tmPrepared.length === rms || variant.earlyCommit)) acts.push({ name: 'TMCommit' });
      // TMAbort: the TM may abort at any time before it decides.
      if (s.tmState === 'init') acts.push({ name: 'TMAbort' });
      for (const rm of RM) {
        // TMRcvPrepared(rm): the TM receives a "Prepared" message from rm.
        if (s.tmState === 'init' && setHas(s.msgs, prepared(rm))) acts.push({ name: 'TMRcvPrepared', rm });
        // RMPrepare(rm): a working RM prepares and tells the TM.
        if (s.rmState[rm] === 'working') acts.push({ name: 'RMPrepare', rm }, { name: 'RMChooseToAbort', rm });
        // RMRcvCommitMsg(rm) / RMRcvAbortMsg(rm): an RM learns the TM's decision.
        if (commitSent) acts.push({ name: 'RMRcvCommitMsg', rm });
        if (abortSent) acts.push({ name: 'RMRcvAbortMsg', rm });
      }
      return acts;
    },

    next(s, a) {
      switch (a.name) {
        case 'TMRcvPrepared':
          return { ...s, tmPrepared: setAdd(s.tmPrepared, a.rm) };
        case 'TMCommit':
          return { ...s, tmState: 'committed', msgs: setAdd(s.msgs, COMMIT) };
        case 'TMAbort':
          return { ...s, tmState: 'aborted', msgs: setAdd(s.msgs, ABORT) };
        case 'RMPrepare':
          return { ...s, rmState: withRM(s, a.rm, 'prepared'), msgs: setAdd(s.msgs, prepared(a.rm)) };
        case 'RMChooseToAbort':
          return { ...s, rmState: withRM(s, a.rm, 'aborted') };
        case 'RMRcvCommitMsg':
          return { ...s, rmState: withRM(s, a.rm, 'committed') };
        case 'RMRcvAbortMsg':
          return { ...s, rmState: withRM(s, a.rm, 'aborted') };
      }
    },

    properties: [
      always('consistent', (s) => !(s.rmState.includes('committed') && s.rmState.includes('aborted')),
        'TCConsistent: no resource manager has committed while another has aborted'),
      sometimes('all committed', (s) => s.rmState.every((x) => x === 'committed'), 'the transaction can commit'),
      sometimes('all aborted', (s) => s.rmState.every((x) => x === 'aborted'), 'the transaction can abort'),
    ],
    // Every run ends with the decision known to all; a state with no action is a proper end.
    isEnd: (s) => s.tmState !== 'init' && s.rmState.every((x) => x === 'committed' || x === 'aborted'),
    describeAction: (a) => ({ actor: a.name.startsWith('TM') ? 'TM' : `RM${(a as { rm: number }).rm}`, action: a.name }),
  };
}

export default defineModel({
  name: 'two-phase-commit',
  family: 'commit',
  description: 'TLA+ TwoPhase (Gray & Lamport) at the generic level: TM and rms resource managers, a message set that only grows',
  params: { rms: { default: 5, min: 1, max: 12, description: 'number of resource managers' } },
  network: 'none (a growing message set)',
  expect: { verdict: 'pass', distinctStates: 8_832 },
  // TLC, Stateright and SPIN agree on these (see shared/bench/two_phase_commit_pml.py).
  pinned: [
    { params: { rms: 3 }, verdict: 'pass', distinctStates: 288 },
    { params: { rms: 7 }, verdict: 'pass', distinctStates: 296_448 },
    { params: { rms: 8 }, verdict: 'pass', distinctStates: 1_745_408 },
  ],
  build: ({ rms }) => twoPhaseCommit(rms),
});
