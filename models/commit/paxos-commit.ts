/**
 * Paxos Commit: the TLA+ module PaxosCommit of J. Gray and L. Lamport, "Consensus on Transaction
 * Commit", ACM TODS 31(1), 2006, from tlaplus/Examples
 * (`specifications/transaction_commit/PaxosCommit.tla`), written at the generic level as named
 * actions, one per TLA+ operator, named as in the spec.
 *
 * With `PaxosCommit.cfg` (RM = {r1, r2}, Acceptor = {a1, a2, a3}, Majority = the three pairs,
 * Ballot = {0, 1}) TLC finds 1,321,761 distinct states (the manifest's figure); so does this
 * port at its defaults. Resource managers and acceptors are numbered from 0; the majorities are
 * the sets of ⌊acceptors/2⌋ + 1 acceptors (for 3 acceptors, the cfg's three pairs).
 *
 * Checked: TCConsistent of the instance TC == INSTANCE TCommit (PaxosCommit implements TCommit),
 * as `consistent`. PCTypeOK holds by construction of the actions (each builds values of the
 * declared types) and is not listed.
 */
import { actionModel, emptySet, except, exceptAt, exists, over, setAdd, setHas, sometimes, always, type ActionModel, type ValueSet } from 'interleave';
import { bundledModel } from '../manifest.ts';

export type RMState = 'working' | 'prepared' | 'committed' | 'aborted';
export type Value = 'prepared' | 'aborted';
export interface AccState {
  readonly mbal: number;
  readonly bal: number;
  readonly val: Value | 'none';
}
export type Message =
  | { readonly type: 'phase1a'; readonly ins: number; readonly bal: number }
  | { readonly type: 'phase1b'; readonly ins: number; readonly mbal: number; readonly bal: number; readonly val: Value | 'none'; readonly acc: number }
  | { readonly type: 'phase2a'; readonly ins: number; readonly bal: number; readonly val: Value }
  | { readonly type: 'phase2b'; readonly acc: number; readonly ins: number; readonly bal: number; readonly val: Value }
  | { readonly type: 'Commit' }
  | { readonly type: 'Abort' };

export interface State {
  /** rmState[rm]: the state of resource manager rm. */
  readonly rmState: readonly RMState[];
  /** aState[ins][ac]: the state of acceptor ac for instance ins of Paxos (indexed over two dimensions). */
  readonly aState: readonly (readonly AccState[])[];
  /** Every message ever sent. */
  readonly msgs: ValueSet<Message>;
}

export interface Variant {
  readonly name?: string;
  /** The broken Decide (see the mutant): commit once some instance has decided "prepared". */
  readonly commitOnAny?: boolean;
}

/**
 * A table of values made once each (messages, acceptor states), indexed by small integers: equal
 * values are the same frozen object, found by identity in a set.
 */
function table<T>(dims: readonly number[], make: (...ix: number[]) => T): (...ix: number[]) => T {
  const cells = new Map<number, T>();
  return (...ix) => {
    let k = 0;
    for (let d = 0; d < dims.length; d++) k = k * dims[d] + ix[d];
    let y = cells.get(k);
    if (y === undefined) cells.set(k, (y = Object.freeze(make(...ix))));
    return y;
  };
}

/** Subsets of xs with exactly k members. */
function subsets<T>(xs: readonly T[], k: number): T[][] {
  if (k === 0) return [[]];
  if (xs.length < k) return [];
  const [first, ...rest] = xs;
  return [...subsets(rest, k - 1).map((s) => [first, ...s]), ...subsets(rest, k)];
}

/** PaxosCommit with `rms` resource managers, `acceptors` acceptors and ballots 0..ballots-1. */
export function paxosCommit(rms: number, acceptors: number, ballots: number, variant: Variant = {}): ActionModel<State> {
  const RM = Array.from({ length: rms }, (_, i) => i);
  const Acceptor = Array.from({ length: acceptors }, (_, i) => i);
  const Ballot = Array.from({ length: ballots }, (_, i) => i);
  const Ballot1 = Ballot.filter((b) => b !== 0); // Ballot \ {0}
  const Majority = subsets(Acceptor, Math.floor(acceptors / 2) + 1);
  // Values are numbered: a ballot b ∈ Ballot ∪ {-1} as b + 1, a value by its index in VALS.
  const VALS = ['prepared', 'aborted', 'none'] as const;
  const vi = (v: Value | 'none'): number => VALS.indexOf(v);
  const B = ballots + 1;
  const phase1a = table([rms, B], (ins, bal): Message => ({ type: 'phase1a', ins, bal }));
  const phase1b = table([rms, B, B, 3, acceptors], (ins, mbal, bal, val, acc): Message => ({ type: 'phase1b', ins, mbal, bal: bal - 1, val: VALS[val], acc }));
  const phase2a = table([rms, B, 2], (ins, bal, val): Message => ({ type: 'phase2a', ins, bal, val: VALS[val] as Value }));
  const phase2b = table([acceptors, rms, B, 2], (acc, ins, bal, val): Message => ({ type: 'phase2b', acc, ins, bal, val: VALS[val] as Value }));
  const accState = table([B, B, 3], (mbal, bal, val): AccState => ({ mbal, bal: bal - 1, val: VALS[val] }));
  const acc = (a: AccState): AccState => accState(a.mbal, a.bal + 1, vi(a.val));
  const COMMIT: Message = Object.freeze({ type: 'Commit' });
  const ABORT: Message = Object.freeze({ type: 'Abort' });
  const send = (s: State, m: Message): ValueSet<Message> => setAdd(s.msgs, m);

  // Decided(rm, v) == \E b \in Ballot, MS \in Majority : \A ac \in MS : [type |-> "phase2b", ins |-> rm, bal |-> b, val |-> v, acc |-> ac] \in msgs
  const decided = (s: State, rm: number, v: Value): boolean =>
    Ballot.some((b) => Majority.some((MS) => MS.every((ac) => setHas(s.msgs, phase2b(ac, rm, b, vi(v))))));

  return actionModel<State>({
    name: variant.name ?? 'paxos-commit',
    init: () => [{ rmState: RM.map(() => 'working' as const), aState: RM.map(() => Acceptor.map(() => accState(0, 0, 2))), msgs: emptySet() }],
    indexed: { rmState: 1, aState: 2 },
    actions: {
      RMPrepare: over(RM, (s, rm) => s.rmState[rm] === 'working' && { rmState: except(s.rmState, rm, 'prepared'), msgs: send(s, phase2a(rm, 0, 0)) }),
      RMChooseToAbort: over(RM, (s, rm) => s.rmState[rm] === 'working' && { rmState: except(s.rmState, rm, 'aborted'), msgs: send(s, phase2a(rm, 0, 1)) }),
      RMRcvCommitMsg: over(RM, (s, rm) => setHas(s.msgs, COMMIT) && { rmState: except(s.rmState, rm, 'committed') }),
      RMRcvAbortMsg: over(RM, (s, rm) => setHas(s.msgs, ABORT) && { rmState: except(s.rmState, rm, 'aborted') }),
      Phase1a: (s) => exists({ bal: Ballot1, rm: RM }, ({ bal, rm }) => ({ msgs: send(s, phase1a(rm, bal)) })),
      Phase2a: (s) =>
        exists({ bal: Ballot1, rm: RM }, ({ bal, rm }) => {
          if (s.msgs.some((m) => m.type === 'phase2a' && m.bal === bal && m.ins === rm)) return false;
          return exists({ MS: Majority }, ({ MS }) => {
            const mset = s.msgs.filter((m): m is Extract<Message, { type: 'phase1b' }> => m.type === 'phase1b' && m.ins === rm && m.mbal === bal && MS.includes(m.acc));
            if (!MS.every((ac) => mset.some((m) => m.acc === ac))) return false;
            const maxbal = Math.max(-1, ...mset.map((m) => m.bal));
            const val: Value = maxbal === -1 ? 'aborted' : (mset.find((m) => m.bal === maxbal)?.val as Value);
            return { msgs: send(s, phase2a(rm, bal, vi(val))) };
          });
        }),
      Decide: (s) =>
        exists({ send: [COMMIT, ABORT] }, ({ send }) =>
          (send === COMMIT
            ? variant.commitOnAny ? RM.some((rm) => decided(s, rm, 'prepared')) : RM.every((rm) => decided(s, rm, 'prepared'))
            : RM.some((rm) => decided(s, rm, 'aborted'))) && { msgs: setAdd(s.msgs, send) },
        ),
      Phase1b: over(Acceptor, (s, ac) =>
        exists({ m: s.msgs }, ({ m }) => {
          if (m.type !== 'phase1a') return false;
          const a = s.aState[m.ins][ac];
          if (!(a.mbal < m.bal)) return false;
          return {
            aState: exceptAt(s.aState, [m.ins, ac], acc({ mbal: m.bal, bal: a.bal, val: a.val })),
            msgs: send(s, phase1b(m.ins, m.bal, a.bal + 1, vi(a.val), ac)),
          };
        }),
      ),
      Phase2b: over(Acceptor, (s, ac) =>
        exists({ m: s.msgs }, ({ m }) => {
          if (m.type !== 'phase2a') return false;
          if (!(s.aState[m.ins][ac].mbal <= m.bal)) return false;
          return {
            aState: exceptAt(s.aState, [m.ins, ac], acc({ mbal: m.bal, bal: m.bal, val: m.val })),
            msgs: send(s, phase2b(ac, m.ins, m.bal, vi(m.val))),
          };
        }),
      ),
    },
    properties: [
      always('consistent', (s) => !(s.rmState.includes('committed') && s.rmState.includes('aborted')),
        'TC!TCConsistent: no resource manager has committed while another has aborted', (s) => {
        const c = s.rmState.indexOf('committed');
        const a = s.rmState.indexOf('aborted');
        return `rmState[${c}] = committed while rmState[${a}] = aborted`;
      }),
      sometimes('all committed', (s) => s.rmState.every((x) => x === 'committed'), 'the transaction can commit'),
      sometimes('all aborted', (s) => s.rmState.every((x) => x === 'aborted'), 'the transaction can abort'),
    ],
  });
}

export default bundledModel({
  name: 'paxos-commit',
  family: 'commit',
  description: 'TLA+ PaxosCommit (Gray & Lamport; tlaplus/Examples transaction_commit) with PaxosCommit.cfg: 2 RMs, 3 acceptors, ballots {0, 1}',
  params: {
    rms: { default: 2, min: 1, max: 3, description: 'number of resource managers (RM)' },
    acceptors: { default: 3, min: 1, max: 5, description: 'number of acceptors' },
    ballots: { default: 2, min: 1, max: 3, description: 'ballots 0..ballots-1 (Ballot)' },
  },
  network: 'none (a growing message set)',
  // TLC: PaxosCommit.cfg gives 1,321,761 distinct states (tlaplus/Examples manifest).
  build: ({ rms, acceptors, ballots }) => paxosCommit(rms, acceptors, ballots),
});
