/**
 * How much each process multicasts, for bounded models: the first `senders` processes
 * (P0 … P(senders−1)) make `multicasts` multicasts each; the others only receive.
 */
import type { Context } from '../protocol.ts';

export interface Workload {
  /** Multicasts each sending process makes. */
  readonly multicasts: number;
  /** How many processes multicast, P0 first (default: all). */
  readonly senders?: number;
}

/** How many multicasts process ctx.self makes. */
export function quota(w: Workload, ctx: Context): number {
  return ctx.self < (w.senders ?? ctx.n) ? w.multicasts : 0;
}
