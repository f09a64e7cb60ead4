/**
 * Two-phase commit as processes: one coordinator and N participants exchanging messages (the notes
 * announce "Distributed transactions and commit protocols" for next time; this is the textbook
 * protocol, and the processes behind TLA+'s TwoPhase in models/commit/two-phase-commit.ts).
 *
 * A participant votes on its own (a nondeterministic local choice): `prepare` votes yes (it is now
 * uncertain: it may no longer abort by itself, it must wait for the decision), `refuse` votes no
 * (it aborts at once and tells the coordinator). The coordinator commits once every participant
 * voted yes, and may abort at any time before it decides (a no vote, or a timeout); it tells every
 * participant its decision. Participants learn the decision from the coordinator only.
 */
import { send, step, type Context, type Protocol } from '../protocol.ts';

export type Vote = 'none' | 'yes' | 'no';
export type ParticipantPhase = 'working' | 'prepared' | 'committed' | 'aborted';
export type CoordinatorPhase = 'init' | 'committed' | 'aborted';

export interface Participant {
  readonly role: 'participant';
  readonly phase: ParticipantPhase;
  /** What it voted (kept in its log). */
  readonly vote: Vote;
}

export interface Coordinator {
  readonly role: 'coordinator';
  readonly phase: CoordinatorPhase;
  /** Participants whose yes vote has arrived, ascending. */
  readonly prepared: readonly number[];
}

export type TwoPhaseState = Participant | Coordinator;

/** Participant → coordinator. */
export type VoteMsg = { readonly type: 'PREPARED' } | { readonly type: 'REFUSED' };
/** Coordinator → participant. */
export type Decision = { readonly type: 'COMMIT' } | { readonly type: 'ABORT' };
export type TwoPhaseMsg = VoteMsg | Decision;

export const COMMIT: Decision = { type: 'COMMIT' };
export const ABORT: Decision = { type: 'ABORT' };

/** The decision to every participant. */
export function tellAll(ctx: Context, d: Decision) {
  return ctx.peers.participant.map((p) => send(p, d));
}

export const participant: Protocol<Participant, Decision, VoteMsg> = {
  name: 'participant',
  init: () => ({ role: 'participant', phase: 'working', vote: 'none' }),
  actions: {
    /** Vote yes: from now on it is uncertain and must wait for the coordinator. */
    prepare: { guard: (s) => s.phase === 'working', run: (s, ctx) => step({ ...s, phase: 'prepared', vote: 'yes' }, send(ctx.peers.coordinator[0], { type: 'PREPARED' })) },
    /** Vote no: abort at once (a participant that has not voted yes may abort on its own). */
    refuse: { guard: (s) => s.phase === 'working', run: (s, ctx) => step({ ...s, phase: 'aborted', vote: 'no' }, send(ctx.peers.coordinator[0], { type: 'REFUSED' })) },
  },
  handlers: {
    COMMIT: (s) => step({ ...s, phase: 'committed' }),
    ABORT: (s) => step({ ...s, phase: 'aborted' }),
  },
  isDone: (s) => s.phase === 'committed' || s.phase === 'aborted',
};

/** Commit once every participant has voted yes. */
function allPrepared(s: Coordinator, ctx: Context): boolean {
  return s.phase === 'init' && s.prepared.length === ctx.peers.participant.length;
}

export const coordinator: Protocol<Coordinator, VoteMsg, Decision> = {
  name: 'coordinator',
  init: () => ({ role: 'coordinator', phase: 'init', prepared: [] }),
  actions: {
    commit: { guard: allPrepared, run: (s, ctx) => step({ ...s, phase: 'committed' }, tellAll(ctx, COMMIT)) },
    /** Abort before deciding (a timeout): always allowed while undecided. */
    abort: { guard: (s) => s.phase === 'init', run: (s, ctx) => step({ ...s, phase: 'aborted' }, tellAll(ctx, ABORT)) },
  },
  handlers: {
    PREPARED: (s, _m, from) => (s.phase === 'init' ? step({ ...s, prepared: [...s.prepared, from].sort((a, b) => a - b) }) : step(s)),
    REFUSED: (s, _m, _from, ctx) => (s.phase === 'init' ? step({ ...s, phase: 'aborted' }, tellAll(ctx, ABORT)) : step(s)),
  },
  isDone: (s) => s.phase !== 'init',
};
