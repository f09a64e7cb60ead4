/**
 * Fairness groups of a system's steps, for liveness properties (see `CompiledFairness`):
 *
 *   - process p's local action a: the action's declared `fair`; by default `none` when the
 *     workload limits it (a request is the environment's choice, never forced), else `weak`;
 *   - the deliveries of a FIFO channel (its head), or of one message in a bag: `weak` (a message
 *     that stays deliverable is eventually delivered) over a reliable network, `strong` over a
 *     lossy one (a message sent again and again, so deliverable again and again, is eventually
 *     delivered); a delivery that leaves a duplicate in flight belongs to the same group;
 *   - losses and crashes: not forced (group 0).
 *
 * The groups are listed in the order `expand` gives the steps; called only by the liveness check.
 */
import type { Message, Protocol } from '../src/protocol.ts';
import { ModelError } from './errors.ts';
import type { CompiledFairness, Fairness } from './model.ts';
import type { Network } from './system.ts';
import { show } from './trace.ts';

/** Set bits of x (32-bit). */
export function popcount(x: number): number {
  let c = 0;
  for (let y = x >>> 0; y !== 0; y &= y - 1) c++;
  return c;
}

/** What the groups need to know of a compiled system (its expansion order, its channels). */
export interface SystemShape<L, M extends Message> {
  readonly n: number;
  readonly C: number;
  readonly CHAN: number;
  readonly actionNames: readonly string[];
  readonly protocol: Protocol<L, M>;
  readonly limits: readonly number[];
  readonly network: Network;
  readonly crashes: number;
  readonly chanFrom: Int32Array;
  readonly chanTo: Int32Array;
  readonly EMPTY: number;
  readonly contents: readonly Int32Array[];
  readonly msgs: readonly M[];
  readonly msgOf: (entry: number) => number;
  readonly distinct: (content: number) => Int32Array;
  /** Process p's enabled local steps in v (none when p has crashed), with their action names. */
  readonly localSteps: (p: number, v: Int32Array) => readonly { readonly action: string }[];
  /** The channel leads to a crashed process (nothing is delivered on it). */
  readonly crashedTo: (ch: number, v: Int32Array) => boolean;
  /** Number of loss steps of a lossy channel in v. */
  readonly lossyRests: (ch: number, v: Int32Array) => number;
  /** Number of crash steps in v. */
  readonly crashSteps: (v: Int32Array) => number;
}

export function systemFairness<L, M extends Message>(sh: SystemShape<L, M>): CompiledFairness {
  const { n, C, CHAN, actionNames, network } = sh;
  const A = actionNames.length;
  const actionIndex = new Map(actionNames.map((a, i) => [a, i]));
  const isFifo = network.order === 'fifo';
  const delivery: Fairness = network.lossy ? 'strong' : 'weak';
  const dup = network.duplicating ? 2 : 1;
  const localFair: Fairness[] = actionNames.map((a, i) => sh.protocol.actions[a].fair ?? (sh.limits[i] !== Infinity ? 'none' : 'weak'));
  const LOCAL = 1;
  const CHANNEL = LOCAL + n * A;
  // Bags: one group per (channel, message), numbered as they are met.
  const bagGroups = new Map<number, number>();
  const bagNames: { ch: number; m: number }[] = [];
  const BAG = CHANNEL + C;
  const bagGroup = (ch: number, m: number): number => {
    const k = m * C + ch;
    let g = bagGroups.get(k);
    if (g === undefined) {
      g = BAG + bagNames.length;
      if (g > 0xffff) throw new ModelError(`liveness: more than 65,535 fairness groups (channels × distinct messages)`);
      bagGroups.set(k, g);
      bagNames.push({ ch, m });
    }
    return g;
  };
  const chanName = (ch: number): string => `P${sh.chanFrom[ch]}→P${sh.chanTo[ch]}`;
  return {
    groups(v, out) {
      let k = 0;
      for (let p = 0; p < n; p++) {
        const outs = sh.localSteps(p, v);
        for (let i = 0; i < outs.length; i++) out[k++] = LOCAL + p * A + (actionIndex.get(outs[i].action) as number);
      }
      for (let ch = 0; ch < C; ch++) {
        const c = v[CHAN + ch];
        if (c === sh.EMPTY || sh.crashedTo(ch, v)) continue;
        if (isFifo) for (let d = 0; d < dup; d++) out[k++] = CHANNEL + ch;
        else {
          const ds = sh.distinct(c);
          for (let i = 0; i < ds.length; i++) {
            const g = bagGroup(ch, sh.msgOf(ds[i]));
            for (let d = 0; d < dup; d++) out[k++] = g;
          }
        }
        if (network.lossy) for (let i = sh.lossyRests(ch, v); i > 0; i--) out[k++] = 0;
      }
      for (let i = sh.crashSteps(v); i > 0; i--) out[k++] = 0;
      return k;
    },
    group(g) {
      if (g <= 0) return { name: 'not forced', fairness: 'none' };
      if (g < CHANNEL) {
        const p = Math.floor((g - LOCAL) / A);
        const a = (g - LOCAL) % A;
        return { name: `P${p} ${actionNames[a]}`, fairness: localFair[a] };
      }
      if (g < BAG) return { name: `${chanName(g - CHANNEL)} delivery`, fairness: delivery };
      const b = bagNames[g - BAG];
      return { name: `${chanName(b.ch)} delivery of ${show(sh.msgs[b.m])}`, fairness: delivery };
    },
  };
}
