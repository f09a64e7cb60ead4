/**
 * Two-phase commit as processes (src/commit/two-phase-commit.ts): the scheme every model of it is
 * built from. One coordinator (P0) and `participants` participants (P1…) over an unordered network.
 */
import { system, unordered, type Protocol, type System } from 'interleave';
import { coordinator, participant, type Coordinator, type Decision, type Participant, type TwoPhaseMsg, type TwoPhaseState, type VoteMsg } from '../../src/commit/two-phase-commit.ts';
import { blockedParticipant, commitProperties, type CommitView } from '../../spec/commit.ts';

export const view: CommitView<TwoPhaseState> = {
  votes: (s) => s.role === 'participant',
  decision: (s) => (s.phase === 'committed' ? 'commit' : s.phase === 'aborted' ? 'abort' : null),
  vote: (s) => (s.role === 'participant' ? s.vote : 'none'),
};

export type ProcessParams = Record<string, number> & { readonly participants: number; readonly crashes: number };

export function processParams(crashes: number) {
  return {
    participants: { default: 3, min: 1, max: 6, description: 'number of participants (resource managers)' },
    crashes: { default: crashes, min: 0, max: 1, description: 'processes that may crash-stop in a run' },
  };
}

/** The system, with the given coordinator and participant code. */
export function twoPhaseSystem(
  { participants, crashes }: ProcessParams,
  code: { coordinator?: Protocol<Coordinator, VoteMsg, Decision>; participant?: Protocol<Participant, Decision, VoteMsg> } = {},
): System<TwoPhaseState, TwoPhaseMsg> {
  return system<TwoPhaseState, TwoPhaseMsg>({
    roles: {
      coordinator: { protocol: code.coordinator ?? coordinator, count: 1 },
      participant: { protocol: code.participant ?? participant, count: participants },
    },
    network: unordered,
    crashes,
    // With a crash, a blocked participant is a stuck run that `every participant decides` (a
    // liveness property) reports as its counterexample (exit 13), rather than a deadlock (exit 11).
    checkDeadlock: crashes === 0,
    properties: [...commitProperties(view), ...(crashes > 0 ? [blockedParticipant(view)] : [])],
  });
}
