/**
 * Transaction commit, the abstract spec: the TLA+ module TCommit of J. Gray and L. Lamport,
 * "Consensus on Transaction Commit", ACM TODS 31(1), 2006, from tlaplus/Examples
 * (`specifications/transaction_commit/TCommit.tla`), written at the generic level as named actions,
 * one per TLA+ operator.
 *
 * With `TCommit.cfg` (RM = {r1, r2, r3}, CHECK_DEADLOCK FALSE) TLC finds 34 distinct states (the
 * manifest's figure); so does this port at its defaults.
 */
import { actionModel, always, except, exists, over, sometimes, type ActionModel } from 'interleave';
import { bundledModel } from '../manifest.ts';

export type RMState = 'working' | 'prepared' | 'committed' | 'aborted';

export interface State {
  /** rmState[rm]: the state of resource manager rm. */
  readonly rmState: readonly RMState[];
}

export interface Variant {
  readonly name?: string;
  /** The broken Decide (see the mutant): a prepared RM commits without waiting for the others. */
  readonly commitAlone?: boolean;
}

/** TCommit with `rms` resource managers. */
export function tcommit(rms: number, variant: Variant = {}): ActionModel<State> {
  const RM = Array.from({ length: rms }, (_, i) => i);
  // canCommit == \A rm \in RM : rmState[rm] \in {"prepared", "committed"}
  const canCommit = (s: State): boolean => RM.every((rm) => s.rmState[rm] === 'prepared' || s.rmState[rm] === 'committed');
  // notCommitted == \A rm \in RM : rmState[rm] # "committed"
  const notCommitted = (s: State): boolean => RM.every((rm) => s.rmState[rm] !== 'committed');
  return actionModel<State>({
    name: variant.name ?? 'tcommit',
    init: () => [{ rmState: RM.map(() => 'working' as const) }],
    indexed: ['rmState'],
    actions: {
      // Prepare(rm): a working RM prepares.
      Prepare: over(RM, (s, rm) => s.rmState[rm] === 'working' && { rmState: except(s.rmState, rm, 'prepared') }),
      // Decide(rm): a prepared RM commits if all can commit; a working or prepared RM aborts if none has committed.
      Decide: over(RM, (s, rm) =>
        exists({ to: ['committed', 'aborted'] as const }, ({ to }) =>
          (to === 'committed'
            ? s.rmState[rm] === 'prepared' && (variant.commitAlone || canCommit(s))
            : (s.rmState[rm] === 'working' || s.rmState[rm] === 'prepared') && notCommitted(s)) && { rmState: except(s.rmState, rm, to) },
        ),
      ),
    },
    properties: [
      always('consistent', (s) => !(s.rmState.includes('committed') && s.rmState.includes('aborted')), 'TCConsistent: no resource manager has committed while another has aborted', (s) => {
        const c = s.rmState.indexOf('committed');
        const a = s.rmState.indexOf('aborted');
        return `rmState[${c}] = committed while rmState[${a}] = aborted`;
      }),
      sometimes('all committed', (s) => s.rmState.every((x) => x === 'committed'), 'the transaction can commit'),
      sometimes('all aborted', (s) => s.rmState.every((x) => x === 'aborted'), 'the transaction can abort'),
    ],
    checkDeadlock: false, // TCommit.cfg: CHECK_DEADLOCK FALSE
  });
}

export default bundledModel({
  name: 'tcommit',
  family: 'commit',
  description: 'TLA+ TCommit (Gray & Lamport; tlaplus/Examples transaction_commit): the abstract transaction commit spec',
  params: { rms: { default: 3, min: 1, max: 10, description: 'number of resource managers (RM)' } },
  network: 'none (no messages)',
  // TLC: TCommit.cfg (3 RMs) gives 34 distinct states.
  build: ({ rms }) => tcommit(rms),
});
