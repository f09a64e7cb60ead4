/**
 * Tokens passed round a ring for ever: the token-conservation example of K. M. Chandy and L.
 * Lamport, "Distributed snapshots: determining global states of distributed systems", ACM TOCS
 * 3(1), 1985 (their single token passed between p and q), with N processes and any number of
 * tokens. Lecture notes: "Observing consistent cuts".
 *
 * P0 starts with every token. A process holding a token may pass one to its successor on the
 * ring (P(i+1 mod N)); receiving a token keeps it. Tokens are conserved: held plus in flight
 * always equals the number of tokens. Unlike the bank, this application never stops (some token
 * can always move) and its state space is finite and cyclic, so a snapshot taken while it runs
 * is a question for liveness: does every initiated snapshot complete on every fair run?
 */
import { send, step, type Protocol } from '../protocol.ts';

export interface TokenState {
  /** Tokens this process holds. */
  readonly tokens: number;
}

export interface Token {
  readonly type: 'TOKEN';
}

const TOKEN: Token = Object.freeze({ type: 'TOKEN' as const });

/** `tokens` tokens, all at P0 at the start, passed round the ring. */
export function tokenPassing(options: { readonly tokens: number }): Protocol<TokenState, Token> {
  const { tokens } = options;
  return {
    name: 'tokens',
    init: (ctx) => ({ tokens: ctx.self === 0 ? tokens : 0 }),
    actions: {
      /** Pass one token on to the successor. */
      pass: {
        guard: (s) => s.tokens > 0,
        run: (s, ctx) => step({ tokens: s.tokens - 1 }, send((ctx.self + 1) % ctx.n, TOKEN)),
      },
    },
    handlers: {
      /** Keep the token. */
      TOKEN: (s) => step({ tokens: s.tokens + 1 }),
    },
  };
}

/** Tokens a process holds (the conservation view). */
export const tokensOf = (s: TokenState): number => s.tokens;

/** Tokens a message carries (the conservation view): one. */
export const tokenIn = (_m: Token): number => 1;
