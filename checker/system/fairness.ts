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
import type { Message } from '../../src/protocol.ts';
import { ModelError } from '../errors.ts';
import type { CompiledFairness, Fairness } from '../model.ts';
import { show } from '../trace.ts';
import type { Channels } from './network.ts';
import type { Proc } from './steps.ts';

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
  readonly procs: readonly Proc<L, M>[];
  readonly net: Channels;
  readonly chanFrom: Int32Array;
  readonly chanTo: Int32Array;
  readonly msgs: readonly M[];
  readonly msgOf: (entry: number) => number;
  /** Process p's enabled local steps in v (none when p has crashed), with their action names. */
  readonly localSteps: (p: number, v: Int32Array) => readonly { readonly action: string }[];
  /** The bit mask of crashed processes in v. */
  readonly crashedMask: (v: Int32Array) => number;
  /** Number of crash steps in v. */
  readonly crashSteps: (v: Int32Array) => number;
}

export function systemFairness<L, M extends Message>(sh: SystemShape<L, M>): CompiledFairness {
  const { n, C, CHAN, procs, net } = sh;
  // Process p's action a is group LOCAL[p] + a.
  const LOCAL: number[] = [];
  let next = 1;
  for (const pr of procs) {
    LOCAL.push(next);
    next += pr.actionNames.length;
  }
  const actionIndex = procs.map((pr) => new Map(pr.actionNames.map((a, i) => [a, i])));
  const localFair: Fairness[][] = procs.map((pr) => pr.actionNames.map((a, i) => pr.protocol.actions[a].fair ?? (pr.limits[i] !== Infinity ? 'none' : 'weak')));
  const delivery: Fairness = net.lossy ? 'strong' : 'weak';
  const dup = net.duplicating ? 2 : 1;
  const CHANNEL = next;
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
      const crashed = sh.crashedMask(v);
      for (let p = 0; p < n; p++) {
        if (crashed & (1 << p)) continue;
        const outs = sh.localSteps(p, v);
        for (let i = 0; i < outs.length; i++) out[k++] = LOCAL[p] + (actionIndex[p].get(outs[i].action) as number);
      }
      for (let ch = 0; ch < C; ch++) {
        const c = v[CHAN + ch];
        if (c === net.EMPTY || crashed & (1 << sh.chanTo[ch])) continue;
        if (net.isFifo) for (let d = 0; d < dup; d++) out[k++] = CHANNEL + ch;
        else {
          const ds = net.distinct(c);
          for (let i = 0; i < ds.length; i++) {
            const g = bagGroup(ch, sh.msgOf(ds[i]));
            for (let d = 0; d < dup; d++) out[k++] = g;
          }
        }
        if (net.lossy) for (let i = net.losses(c).length >> 1; i > 0; i--) out[k++] = 0;
      }
      for (let i = sh.crashSteps(v); i > 0; i--) out[k++] = 0;
      return k;
    },
    group(g) {
      if (g <= 0) return { name: 'not forced', fairness: 'none' };
      if (g < CHANNEL) {
        let p = n - 1;
        while (LOCAL[p] > g) p--;
        const a = g - LOCAL[p];
        return { name: `P${p} ${procs[p].actionNames[a]}`, fairness: localFair[p][a] };
      }
      if (g < BAG) return { name: `${chanName(g - CHANNEL)} delivery`, fairness: delivery };
      const b = bagNames[g - BAG];
      return { name: `${chanName(b.ch)} delivery of ${show(sh.msgs[b.m])}`, fairness: delivery };
    },
  };
}
