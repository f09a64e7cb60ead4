/**
 * Two-phase commit: the TLA+ spec TwoPhase of J. Gray and L. Lamport, "Consensus on Transaction
 * Commit", ACM TODS 31(1), 2006 (the TLA+ module TwoPhase), written at the generic level as
 * named actions.
 *
 * One transaction manager (TM) and `rms` resource managers (RMs). Messages are a set that only
 * grows: nothing is ever removed from `msgs`, and a message in it may be received any number of
 * times. One action per TLA+ operator, named as in the spec; each returns the variables it
 * primes (the others are UNCHANGED), or false where the operator's enabling condition is false.
 *
 * Checked: TCConsistent (no RM committed while another aborted), the invariant TwoPhase is proved
 * to implement. tlaplus/Examples' TwoPhase.cfg checks only the type invariant TPTypeOK, which the
 * State type here holds by construction; the state counts are the same (288 at rms=3).
 */
import { actionModel, always, except, over, setAdd, setHas, setOf, sometimes, type ActionModel, type ActionSpec, type ValueSet } from 'interleave';
import { bundledModel } from '../manifest.ts';

export type RMState = 'working' | 'prepared' | 'committed' | 'aborted';
export type TMState = 'init' | 'committed' | 'aborted';
export type Message = { readonly type: 'Prepared'; readonly rm: number } | { readonly type: 'Commit' } | { readonly type: 'Abort' };

export interface State {
  /** rmState[r]: the state of resource manager r (indexed: each entry is its own slot). */
  readonly rmState: readonly RMState[];
  /** The state of the transaction manager. */
  readonly tmState: TMState;
  /** The RMs from which the TM has received "Prepared" (the TM's record, a set). */
  readonly tmPrepared: ValueSet<number>;
  /** Every message ever sent (a set). */
  readonly msgs: ValueSet<Message>;
}

/** The messages, made once: sets compare their members by value, and the same object is found fastest. */
const COMMIT: Message = Object.freeze({ type: 'Commit' });
const ABORT: Message = Object.freeze({ type: 'Abort' });

/** The commit decision, as the TM broadcasts it. */
export const committed = (s: State): Partial<State> => ({ tmState: 'committed', msgs: setAdd(s.msgs, COMMIT) });

/** The TwoPhase spec with `rms` resource managers, as actions (a mutant overrides one). */
export function twoPhaseSpec(rms: number): ActionSpec<State> {
  const RM = Array.from({ length: rms }, (_, i) => i);
  const PREPARED: readonly Message[] = RM.map((rm) => Object.freeze({ type: 'Prepared', rm }));
  return {
    name: 'two-phase-commit',
    init: () => [{ rmState: RM.map(() => 'working' as const), tmState: 'init', tmPrepared: [], msgs: [] }],
    indexed: ['rmState'],
    actions: {
      // TMCommit: the TM commits once every RM is prepared.
      TMCommit: (s) => s.tmState === 'init' && s.tmPrepared.length === rms && committed(s),
      // TMAbort: the TM may abort at any time before it decides.
      TMAbort: (s) => s.tmState === 'init' && { tmState: 'aborted', msgs: setAdd(s.msgs, ABORT) },
      // TMRcvPrepared(rm): the TM receives a "Prepared" message from rm.
      TMRcvPrepared: over(RM, (s, rm) => s.tmState === 'init' && setHas(s.msgs, PREPARED[rm]) && { tmPrepared: setAdd(s.tmPrepared, rm) }),
      // RMPrepare(rm): a working RM prepares and tells the TM.
      RMPrepare: over(RM, (s, rm) => s.rmState[rm] === 'working' && { rmState: except(s.rmState, rm, 'prepared'), msgs: setAdd(s.msgs, PREPARED[rm]) }),
      // RMChooseToAbort(rm): a working RM may abort on its own.
      RMChooseToAbort: over(RM, (s, rm) => s.rmState[rm] === 'working' && { rmState: except(s.rmState, rm, 'aborted') }),
      // RMRcvCommitMsg(rm) / RMRcvAbortMsg(rm): an RM learns the TM's decision.
      RMRcvCommitMsg: over(RM, (s, rm) => setHas(s.msgs, COMMIT) && { rmState: except(s.rmState, rm, 'committed') }),
      RMRcvAbortMsg: over(RM, (s, rm) => setHas(s.msgs, ABORT) && { rmState: except(s.rmState, rm, 'aborted') }),
    },
    properties: [
      always('consistent', (s) => !(s.rmState.includes('committed') && s.rmState.includes('aborted')),
        'TCConsistent: no resource manager has committed while another has aborted',
        (s) => `RM${s.rmState.indexOf('committed')} committed and RM${s.rmState.indexOf('aborted')} aborted`),
      sometimes('all committed', (s) => s.rmState.every((x) => x === 'committed'), 'the transaction can commit'),
      sometimes('all aborted', (s) => s.rmState.every((x) => x === 'aborted'), 'the transaction can abort'),
    ],
    // Every run ends with the decision known to all; a state with no action is a proper end.
    isEnd: (s) => s.tmState !== 'init' && s.rmState.every((x) => x === 'committed' || x === 'aborted'),
    actor: (name, rm) => (name.startsWith('TM') ? 'TM' : `RM${rm}`),
    // SYMMETRY Permutations(RM): renaming the resource managers renames every variable's RMs.
    symmetry: {
      name: 'RM',
      size: rms,
      permute: (s, perm) => ({
        rmState: RM.map((rm) => s.rmState[perm.indexOf(rm)]),
        tmState: s.tmState,
        tmPrepared: setOf(...s.tmPrepared.map((rm) => perm[rm])),
        msgs: setOf(...s.msgs.map((m) => (m.type === 'Prepared' ? PREPARED[perm[m.rm]] : m))),
      }),
      // What `--symmetry sort` sorts the RMs by (as Stateright's 2PC example): an RM's own state.
      key: (s, rm) => s.rmState[rm],
    },
  };
}

/** The TwoPhase spec with `rms` resource managers, compiled. */
export function twoPhaseCommit(rms: number): ActionModel<State> {
  return actionModel(twoPhaseSpec(rms));
}

export default bundledModel({
  name: 'two-phase-commit',
  family: 'commit',
  description: 'TLA+ TwoPhase (Gray & Lamport) at the generic level: TM and rms resource managers, a message set that only grows',
  params: { rms: { default: 5, min: 1, max: 12, description: 'number of resource managers' } },
  network: 'none (a growing message set)',
  // Its pins in models/manifest.json agree with TLC, Stateright and SPIN (shared/bench/two_phase_commit_pml.py).
  build: ({ rms }) => twoPhaseCommit(rms),
});
