/**
 * A bank of N branches that move money between themselves: the usual application to snapshot,
 * a many-token version of the token-conservation example of K. M. Chandy and L. Lamport,
 * "Distributed snapshots: determining global states of distributed systems", ACM TOCS 3(1), 1985.
 * Lecture notes: "Observing consistent cuts" (a snapshot of "relevant system-wide state").
 *
 * Every branch starts with the same balance. Its k-th transfer (k = 0, 1, …) debits k+1 from its
 * balance and sends TRANSFER(amount = k+1) to the next other branch round robin
 * (others[k mod (N-1)]); receiving a transfer credits the amount. A branch never overdraws: a
 * transfer waits until the balance covers it. Money is conserved: balances plus amounts in flight
 * always equal N × the initial balance. How many transfers a branch makes is the system's
 * workload (`transfer: k`), so the bank is finite.
 */
import { send, step, type Protocol } from '../protocol.ts';

export interface BankState {
  /** Money held by this branch. */
  readonly balance: number;
  /** Transfers this branch has made so far (picks the next one's destination and amount). */
  readonly made: number;
}

export interface Transfer {
  readonly type: 'TRANSFER';
  /** Money moved: debited at the sender when sent, credited at the receiver when delivered. */
  readonly amount: number;
}

export interface BankOptions {
  /** Every branch's initial balance. */
  readonly balance: number;
}

/** The amount of a branch's k-th transfer (k from 0). */
export const amountOf = (k: number): number => k + 1;

/** The bank: N branches, each starting with `balance`. */
export function bank(options: BankOptions): Protocol<BankState, Transfer> {
  const { balance } = options;
  return {
    name: 'bank',
    init: () => ({ balance, made: 0 }),
    actions: {
      /** Debit the next amount and send it to the next branch round robin (never overdrawing). */
      transfer: {
        guard: (s) => s.balance >= amountOf(s.made),
        run: (s, ctx) => {
          const amount = amountOf(s.made);
          const to = ctx.others[s.made % ctx.others.length];
          return step({ balance: s.balance - amount, made: s.made + 1 }, send(to, { type: 'TRANSFER' as const, amount }));
        },
      },
    },
    handlers: {
      /** Credit the amount. */
      TRANSFER: (s, msg) => step({ ...s, balance: s.balance + msg.amount }),
    },
  };
}

/** Money a branch holds (the conservation view). */
export const balanceOf = (s: BankState): number => s.balance;

/** Money a message carries (the conservation view). */
export const amountIn = (m: Transfer): number => m.amount;
