/**
 * Liveness under partial-order reduction (`--por`), where it is exact: on an acyclic state graph.
 *
 * The explorer's liveness check (checker/liveness.ts) finds, per instance of p ~> q, a p ∧ ¬q
 * state from which a fair behaviour stays in ¬q for ever: through a fair cycle, or along a path to
 * a stuck state (no step, not a proper end). When the graph has no cycle, fairness says nothing
 * (every maximal behaviour is finite, and a finite one is fair), and a violation is a finite
 * maximal path to a stuck state along which p holds at some point and q never after.
 *
 * The reduced graph of checker/reduce/por.ts (persistent sets C0–C1, the cycle proviso C3) has,
 * for every path σ of the full graph from a state, a path π from that state that is σ followed by
 * more steps, up to the order of independent steps (each step of σ is taken eventually: the
 * proviso leaves no cycle of partly expanded states). Hence:
 *
 *  - the reduced graph is acyclic only if the full graph is (a full cycle, repeated, would give
 *    reduced paths of every length in a finite acyclic graph);
 *  - every stuck state of the full graph is in the reduced graph (a path to it, extended, ends
 *    there), and a state with no step in the reduced graph has none in the full one (C0);
 *  - when p and q are invisible to the ample steps (C2: their reads are tracked like every other
 *    property's), a full path to a stuck state and the reduced one to it see the same sequence of
 *    (p, q) values up to repetition, so the violation is found on the reduced graph; when the
 *    property is declared stable (p and q, once true, stay true), a violation is a stuck state
 *    where p holds and q does not, which the reduced graph holds too;
 *  - every path of the reduced graph is a path of the full one (a lasso found is a real run).
 *
 * So the explorer checks liveness on the reduced graph when that graph is acyclic, and otherwise
 * runs the search again without the reduction (a full search; the report's `reductions` is then
 * empty and `stats["por.cyclicFallback"]` is 1).
 */
import type { Flat } from '../liveness.ts';

/** True when the graph (every state stored, as compressed sparse rows) has no cycle, self-loops included. */
export function acyclic(g: Flat): boolean {
  const { N, off, target } = g;
  const indegree = new Uint32Array(N);
  for (let e = 0; e < target.length; e++) indegree[target[e]]++;
  // Kahn: remove states with no step into them; a cycle is what is never removed.
  const queue = new Uint32Array(N);
  let tail = 0;
  for (let s = 0; s < N; s++) if (indegree[s] === 0) queue[tail++] = s;
  for (let head = 0; head < tail; head++) {
    const s = queue[head];
    for (let e = off[s]; e < off[s + 1]; e++) if (--indegree[target[e]] === 0) queue[tail++] = target[e];
  }
  return tail === N;
}
