/**
 * Termination detection in a ring with asynchronous communication, abstractly: the TLA+ module
 * AsyncTerminationDetection of tlaplus/Examples (`specifications/ewd998/AsyncTerminationDetection.tla`,
 * by Stephan Merz), written at the generic level as named actions, one per TLA+ operator.
 *
 * With `AsyncTerminationDetection.cfg` (N = 4, CONSTRAINT StateConstraint: at most 3 messages
 * pending at each node) TLC finds 4,097 distinct states (the manifest's figure). The bound is TLC's
 * CONSTRAINT, here `constraint`: a state with a fourth pending message is not a state of the model.
 * As `within` they would be states, counted and checked but not expanded: 7,937 states.
 */
import { actionModel, always, except, exists, over, sometimes, type ActionModel } from 'interleave';
import { bundledModel } from '../manifest.ts';

export interface State {
  /** active[n]: whether node n is active (indexed: each entry is its own slot). */
  readonly active: readonly boolean[];
  /** pending[n]: the number of messages pending at node n. */
  readonly pending: readonly number[];
  /** Whether termination has been detected. */
  readonly terminationDetected: boolean;
}

export interface Options {
  /** The bound as TLC's CONSTRAINT (default) or as a `within` boundary. */
  readonly bound?: 'constraint' | 'within';
  /** The broken variant (see the mutant): `terminated` forgets the pending messages. */
  readonly terminated?: (s: { readonly active: readonly boolean[]; readonly pending: readonly number[] }) => boolean;
  readonly name?: string;
}

/** AsyncTerminationDetection with N nodes and at most `maxPending` messages pending per node. */
export function asyncTerminationDetection(n: number, maxPending = 3, options: Options = {}): ActionModel<State> {
  const Node = Array.from({ length: n }, (_, i) => i);
  // terminated == \A n \in Node : ~ active[n] /\ pending[n] = 0
  const terminated = options.terminated ?? ((s: { readonly active: readonly boolean[]; readonly pending: readonly number[] }) => Node.every((i) => !s.active[i] && s.pending[i] === 0));
  // StateConstraint == \A n \in Node : pending[n] <= 3
  const stateConstraint = (s: State): boolean => Node.every((i) => s.pending[i] <= maxPending);
  // Init: active \in [Node -> BOOLEAN], pending = [n \in Node |-> 0], terminationDetected \in {FALSE, terminated}
  const inits = (): State[] => {
    const out: State[] = [];
    for (let bits = 0; bits < 1 << n; bits++) {
      const active = Node.map((i) => ((bits >> i) & 1) === 1);
      const pending = Node.map(() => 0);
      for (const td of new Set([false, terminated({ active, pending })])) out.push({ active, pending, terminationDetected: td });
    }
    return out;
  };
  return actionModel<State>({
    name: options.name ?? 'async-termination-detection',
    init: inits,
    indexed: ['active', 'pending'],
    actions: {
      // Terminate(i): an active node terminates; termination may (but need not) be detected if all nodes are now inactive.
      Terminate: over(Node, (s, i) => {
        if (!s.active[i]) return false;
        const active = except(s.active, i, false);
        return exists({ terminationDetected: [...new Set([s.terminationDetected, terminated({ active, pending: s.pending })])] }, ({ terminationDetected }) => ({ active, terminationDetected }));
      }),
      // SendMsg(i, j): an active node i sends a message to node j.
      SendMsg: (s) => exists({ i: Node, j: Node }, ({ i, j }) => s.active[i] && { pending: except(s.pending, j, s.pending[j] + 1) }),
      // RcvMsg(i): node i receives a pending message and becomes active.
      RcvMsg: over(Node, (s, i) => s.pending[i] > 0 && { active: except(s.active, i, true), pending: except(s.pending, i, s.pending[i] - 1) }),
      // DetectTermination: termination is detected once every node is inactive with nothing pending.
      DetectTermination: (s) => terminated(s) && { terminationDetected: true },
    },
    properties: [
      always('safe', (s) => !s.terminationDetected || Node.every((i) => !s.active[i] && s.pending[i] === 0), 'Safe: termination is detected only when every node is inactive and no message is pending', (s) => {
        const busy = Node.filter((i) => s.active[i] || s.pending[i] > 0).map((i) => `node ${i} ${s.active[i] ? 'is active' : ''}${s.active[i] && s.pending[i] ? ' and ' : ''}${s.pending[i] ? `has ${s.pending[i]} message${s.pending[i] === 1 ? '' : 's'} pending` : ''}`);
        return `termination is detected, yet ${busy.join('; ')}`;
      }),
      sometimes('detected', (s) => s.terminationDetected, 'termination can be detected'),
      sometimes('all pending at the bound', (s) => s.pending.every((p) => p === maxPending), 'every node can have the most messages pending (the constraint’s bound)'),
    ],
    ...(options.bound === 'within' ? { within: stateConstraint } : { constraint: stateConstraint }),
  });
}

export default bundledModel({
  name: 'async-termination-detection',
  family: 'tla',
  description: 'TLA+ AsyncTerminationDetection (tlaplus/Examples ewd998): termination detection in a ring, bounded by a TLC CONSTRAINT',
  params: {
    n: { default: 4, min: 1, max: 6, description: 'number of nodes (N)' },
    pending: { default: 3, min: 0, max: 6, description: 'most messages pending at a node (StateConstraint)' },
  },
  network: 'none (message counts per node)',
  // TLC: AsyncTerminationDetection.cfg (N = 4, pending <= 3) gives 4,097 distinct states.
  build: ({ n, pending }) => asyncTerminationDetection(n, pending),
});
