/**
 * Chandy–Lamport snapshots of tokens passed round a ring for ever (the paper's token-conservation
 * example): the snapshot's liveness. The application never stops, so the state space is cyclic
 * and `termination` (a quiescent property) says nothing; "every initiated snapshot completes" is
 * checked instead, under the system's fairness: the FIFO channels are weakly fair (a channel that
 * holds a marker is eventually delivered), passing a token is weakly fair, initiating is not
 * forced. Conservation (the recorded tokens are all the tokens) is checked on every completed
 * snapshot. No ground-truth causality (it would make every run a different state): the cut's
 * consistency is the bank instance's business (chandy-lamport).
 */
import { fifo, system, UsageError, type Protocol } from 'interleave';
import { tokenIn, tokenPassing, tokensOf, type Token, type TokenState } from '../../src/snapshot/tokens.ts';
import { withSnapshots, type Marker, type SnapshotState } from '../../src/snapshot/chandy-lamport.ts';
import { conservation, everySnapshotCompletes, inFlightRecorded, snapshotCompleted } from '../../spec/snapshot.ts';
import { bundledModel } from '../manifest.ts';

export interface TokensParams {
  readonly n: number;
  readonly tokens: number;
  readonly initiators: number;
  [k: string]: number;
}

/** The token ring with the snapshot layer around it. */
export type LayeredTokens = Protocol<SnapshotState<TokenState, Token>, Token | Marker>;

/** The token ring wrapped in Chandy–Lamport snapshots; `layer` (for the mutants) overrides the snapshot layer. */
export function tokensSnapshotSystem(params: TokensParams, layer: (p: LayeredTokens) => LayeredTokens = (p) => p) {
  const { n, tokens, initiators } = params;
  if (initiators > n) throw new UsageError(`initiators must be at most n=${n}, got ${initiators}`);
  const app = tokenPassing({ tokens });
  return system({
    name: 'tokens+chandy-lamport',
    protocol: layer(withSnapshots(app, { initiators: Array.from({ length: initiators }, (_, i) => i), countEvents: false })),
    n,
    network: fifo,
    properties: [conservation({ app, value: tokensOf, amount: tokenIn }), everySnapshotCompletes(), snapshotCompleted(), inFlightRecorded()],
  });
}

export const params = {
  n: { default: 3, min: 2, max: 4, description: 'processes on the ring' },
  tokens: { default: 2, min: 1, max: 4, description: 'tokens, all at P0 at the start' },
  initiators: { default: 1, min: 1, max: 4, description: 'processes 0 … initiators-1 may initiate a snapshot' },
} as const;

export default bundledModel<TokensParams>({
  name: 'chandy-lamport-tokens',
  family: 'snapshot',
  description: 'Chandy–Lamport snapshots of tokens passed round a ring for ever: every initiated snapshot completes (liveness, weakly fair channels)',
  params,
  network: 'fifo',
  build: (p) => tokensSnapshotSystem(p),
});
