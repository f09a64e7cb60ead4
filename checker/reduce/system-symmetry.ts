/**
 * The symmetry of a protocol system (`symmetric` in its spec): the processes of a role are
 * interchangeable. A renaming moves each process's local state (with its workload counters) to
 * its new id and each channel (from → to) to (new from → new to); messages and local states are
 * kept as they are, so a protocol whose states or messages hold process ids, or whose code treats
 * ids differently (ties broken by id), is not symmetric: the check in symmetry.ts finds it.
 */
import { UsageError } from '../errors.ts';
import type { SymmetryHook } from '../model.ts';

export interface SystemLayout {
  readonly n: number;
  readonly peers: Readonly<Record<string, readonly number[]>>;
  /** First slot of the channels; chanOf(from, to) is the channel's offset from it. */
  readonly CHAN: number;
  readonly chanOf: (from: number, to: number) => number;
  /** Slot of the crashed mask (-1 without crashes). */
  readonly CRASH: number;
  readonly causal: boolean;
  readonly observers: number;
}

/** The symmetry hook of a system that declares `symmetric` (true: every role). */
export function systemSymmetry(symmetric: boolean | readonly string[] | undefined, layout: SystemLayout): SymmetryHook | undefined {
  if (symmetric === undefined || symmetric === false) return undefined;
  const { n, peers, CHAN, chanOf, CRASH } = layout;
  const roles = symmetric === true ? Object.keys(peers) : symmetric;
  for (const r of roles) if (!(r in peers)) throw new UsageError(`symmetric names role '${r}', which the system does not have (roles: ${Object.keys(peers).join(', ')})`);
  if (layout.causal) throw new UsageError('symmetry is not supported in a system that tracks causality (histories name processes)');
  if (layout.observers > 0) throw new UsageError('symmetry is not supported in a system with observers (ghosts may name processes)');
  const groups = roles.filter((r) => peers[r].length > 1).map((r) => ({ name: `role ${r}`, size: peers[r].length, ids: peers[r] }));
  if (groups.length === 0) return undefined;
  const sigma = new Int32Array(n);
  return {
    groups: groups.map(({ name, size }) => ({ name, size })),
    permute(v, g, perm, out) {
      out.set(v);
      for (let p = 0; p < n; p++) sigma[p] = p;
      const ids = groups[g].ids;
      for (let i = 0; i < ids.length; i++) sigma[ids[i]] = ids[perm[i]];
      for (let i = 0; i < ids.length; i++) out[sigma[ids[i]]] = v[ids[i]];
      if (CRASH >= 0) {
        let mask = 0;
        for (let p = 0; p < n; p++) if (v[CRASH] & (1 << p)) mask |= 1 << sigma[p];
        out[CRASH] = mask;
      }
      for (let f = 0; f < n; f++) for (let t = 0; t < n; t++) if (f !== t) out[CHAN + chanOf(sigma[f], sigma[t])] = v[CHAN + chanOf(f, t)];
    },
    // A process's key is its local state (with its workload counters): the slot that moves with it.
    keys(v, g, out) {
      const ids = groups[g].ids;
      for (let i = 0; i < ids.length; i++) out[i] = v[ids[i]];
    },
  };
}
