/**
 * One shard of a swarm (Holzmann, Joshi and Groce, "Swarm verification", 2008): an independent,
 * memory-bounded depth-first search with a bitstate table of fixed size (./bitstate.ts),
 * diversified by its shard number so that K shards, run as K jobs on whatever scheduler is at
 * hand, cover different parts of a state space too large for one exhaustive search:
 *
 * - successor order: shard 0 takes the model's own order; every other shard a fresh random
 *   permutation at each state, from its own stream of the seed;
 * - hash functions: the bitstate positions are salted per shard, so shards omit different states;
 * - depth bound: shard 0 searches to the bound D; shard i > 0 to D·(1/2 + frac(i·φ)/2), spread
 *   over [D/2, D) (short bounds find short counterexamples, long ones deep bugs).
 *
 * It checks `always` properties in every state stored, `quiescent` properties and deadlocks in
 * states with no successor, and reports `sometimes` properties it meets. A shard that finds
 * nothing is `incomplete` with exit code 0: a partial search proves nothing (invariants `unknown`;
 * liveness is not checked). Its report gives the chance of omitted states.
 */
import { compile } from '../compile.ts';
import { ExitCode, InterleaveError, ModelError, describeError } from '../errors.ts';
import { errorReport, exitCodeOf, type Progress, type Report } from '../explore.ts';
import { derived, lanesOf } from '../fingerprint.ts';
import type { Checkable, Compiled, PropertyKind } from '../model.ts';
import { Random } from '../random.ts';
import { beat } from '../running.ts';
import { sampledOutcome, stateChecker } from '../sampled.ts';
import { Bitstate } from './bitstate.ts';

export const SHARD_DEFAULTS = { bitstateBytes: 16 * 1024 * 1024, hashes: 3, maxDepth: 10_000, seed: 1 } as const;

export interface ShardOptions {
  /** Shards in the swarm, K ≥ 1. */
  readonly shards: number;
  /** This shard, 0 ≤ shard < K. */
  readonly shard: number;
  /** The swarm's seed (default 1); each shard draws its own stream of it. */
  readonly seed?: number;
  /** Size of the bitstate array (default 16 MiB = 2^27 bits). */
  readonly bitstateBytes?: number;
  /** Bits per state, k (default 3, as SPIN's -k). */
  readonly hashes?: number;
  /** The swarm's depth bound D (default 10,000); shard i searches to its own bound (see above). */
  readonly maxDepth?: number;
  readonly timeLimit?: number;
  readonly checkDeadlock?: boolean;
  readonly onProgress?: (p: Progress) => void;
  readonly observe?: (progress: () => Progress) => void;
  /** Given the shard's figures as they stand, for a run stopped from outside (the CLI's guard) to report them. */
  readonly observeFigures?: (figures: () => ShardFigures) => void;
}

export interface ShardFigures {
  readonly shards: number;
  readonly shard: number;
  readonly seed: number;
  /** The depth bound this shard searched to. */
  readonly depthBound: number;
  /** The swarm's depth bound D (--max-depth), from which each shard's own is drawn. */
  readonly swarmDepthBound: number;
  /** Whether some state at the depth bound had a successor not explored. */
  readonly depthCut: boolean;
  readonly successorOrder: 'model' | 'random';
  readonly bitstateBytes: number;
  readonly hashes: number;
  readonly bitsSet: number;
  /** (bits set / m)^k at the end: the chance that a new state met now would be omitted. */
  readonly omissionProbability: number;
  /** Expected number of states omitted (see Bitstate.expectedOmitted). */
  readonly expectedOmitted: number;
  /** SPIN's hash factor: bits per state stored, m / n (above ~100, few omissions). */
  readonly hashFactor: number;
}

export type ShardReport = Report & { readonly swarm: ShardFigures };

const PHI = (Math.sqrt(5) - 1) / 2;

/** The depth bound of shard i in a swarm with bound D. */
export function shardDepth(d: number, shard: number): number {
  if (shard === 0) return d;
  const f = (shard * PHI) % 1;
  return Math.max(1, Math.round(d * (0.5 + f / 2)));
}

/** Runs one shard of a swarm over `model`. */
export function runShard(model: Checkable | Compiled, options: ShardOptions): ShardReport {
  const started = performance.now();
  const { shards, shard } = options;
  if (!(Number.isInteger(shards) && shards >= 1 && Number.isInteger(shard) && shard >= 0 && shard < shards)) throw new RangeError(`shard ${shard} of ${shards}`);
  const seed = options.seed ?? SHARD_DEFAULTS.seed;
  const rng = new Random(seed, shard);
  const hashes = options.hashes ?? SHARD_DEFAULTS.hashes;
  const bitstate = new Bitstate(options.bitstateBytes ?? SHARD_DEFAULTS.bitstateBytes, hashes, rng.next() | 0, rng.next() | 0);
  const swarmDepthBound = options.maxDepth ?? SHARD_DEFAULTS.maxDepth;
  const depthBound = shardDepth(swarmDepthBound, shard);
  const randomOrder = shard > 0;
  const deadline = options.timeLimit !== undefined ? started + options.timeLimit * 1000 : Infinity;

  let stored = 0;
  let transitions = 0;
  let maxDepth = 0;
  let depthCut = false;
  let timeUp = false;
  let error: unknown;
  let violated: { name: string; kind: PropertyKind; path: number[] } | undefined;
  let deadlock: number[] | undefined;
  const witnessed = new Map<string, number[]>();
  const figures = (): ShardFigures => ({
    shards,
    shard,
    seed,
    depthBound,
    swarmDepthBound,
    depthCut,
    successorOrder: randomOrder ? 'random' : 'model',
    bitstateBytes: bitstate.bytes,
    hashes,
    bitsSet: bitstate.bitsSet,
    omissionProbability: bitstate.omissionProbability,
    expectedOmitted: bitstate.expectedOmitted,
    hashFactor: stored > 0 ? bitstate.bits / stored : Infinity,
  });
  options.observeFigures?.(figures);

  let c: Compiled;
  try {
    c = compile(model);
  } catch (e) {
    if (e instanceof InterleaveError && !(e instanceof ModelError)) throw e;
    return { ...errorReport(model.name ?? 'model', 'swarm', e, started), swarm: figures() };
  }
  const W = c.width;
  const checkDeadlock = options.checkDeadlock ?? c.checkDeadlock;
  const quiescent = c.properties.filter((p) => p.kind === 'quiescent');
  const { constraint, actionConstraint } = c;
  const constrained = constraint !== undefined || actionConstraint !== undefined;

  /*
   * The stack: level d holds the state at depth d (vec[d], its lanes), its successors not yet
   * seen when it was expanded (succ[d], flat, W ints each; labels in lab[d]), how many and the
   * next to try. path[d] is the label that reached it (path[0]: the initial state's index).
   */
  const vec: Int32Array[] = [];
  const lanesAt: Int32Array[] = [];
  const succ: Int32Array[] = [];
  const lab: Int32Array[] = [];
  /** The fingerprint lanes of each successor kept (2 ints each), so they are not computed again when it is visited. */
  const sl: Int32Array[] = [];
  const count: number[] = [];
  const nextAt: number[] = [];
  const order: Int32Array[] = [];
  const path: number[] = [];
  let top = -1;
  const lanes = new Int32Array(2);

  const check = stateChecker(c, witnessed);
  const checkState = (s: Int32Array, p: number[], outside = false): boolean => {
    const found = check(s, p, outside);
    if (found !== undefined) violated = found; // a violation found before is never cleared
    return found === undefined;
  };

  /** Pushes s (new, stored, its invariants checked) at depth top + 1 and collects its successors not yet seen. */
  const push = (s: Int32Array, l1: number, l2: number, label: number): void => {
    const d = ++top;
    if (d === vec.length) {
      vec.push(new Int32Array(W));
      lanesAt.push(new Int32Array(2));
      succ.push(new Int32Array(W * 8));
      lab.push(new Int32Array(8));
      sl.push(new Int32Array(16));
      order.push(new Int32Array(8));
      count.push(0);
      nextAt.push(0);
    }
    vec[d].set(s);
    lanesAt[d][0] = l1;
    lanesAt[d][1] = l2;
    path[d] = label;
    path.length = d + 1;
    count[d] = 0;
    nextAt[d] = 0;
    if (d > maxDepth) maxDepth = d;
    const v = vec[d];
    if (c.within && !c.within(v)) return; // a boundary state: not expanded
    let k = 0;
    let any = 0;
    c.expand(v, (t, l) => {
      any++;
      if (violated) return;
      if (derived(t, v, W, l1, l2, lanes) === 0) return; // a self-loop
      if (constrained && !((constraint === undefined || constraint(t)) && (actionConstraint === undefined || actionConstraint(v, t)))) {
        path.push(l);
        checkState(t, path, true);
        path.pop();
        return;
      }
      if (!bitstate.isNew(lanes[0], lanes[1])) return;
      if (d >= depthBound) {
        depthCut = true;
        return;
      }
      if ((k + 1) * W > succ[d].length) {
        const bigger = new Int32Array(Math.max(succ[d].length * 2, (k + 1) * W));
        bigger.set(succ[d]);
        succ[d] = bigger;
      }
      if (k === lab[d].length) {
        const bl = new Int32Array(lab[d].length * 2);
        bl.set(lab[d]);
        lab[d] = bl;
        // (The order so far is kept: lost, the first successors' places read 0, and successors 1…k-1 were never searched.)
        const bo = new Int32Array(bl.length);
        bo.set(order[d]);
        order[d] = bo;
        const bs = new Int32Array(bl.length * 2);
        bs.set(sl[d]);
        sl[d] = bs;
      }
      succ[d].set(t, k * W);
      sl[d][2 * k] = lanes[0];
      sl[d][2 * k + 1] = lanes[1];
      lab[d][k] = l;
      order[d][k] = k;
      k++;
    });
    transitions += any;
    count[d] = k;
    if (violated) return;
    if (any === 0) {
      for (const q of quiescent) {
        if (!q.holds(v)) {
          violated = { name: q.name, kind: 'quiescent', path: path.slice() };
          return;
        }
      }
      if (checkDeadlock && !c.isEnd(v)) deadlock = path.slice();
      return;
    }
    if (randomOrder) rng.shuffle(order[d], k);
  };

  /** Stores s if new (checking its invariants) and pushes it; lanes of s in `lanes`. */
  const visit = (s: Int32Array, label: number): void => {
    if (!bitstate.add(lanes[0], lanes[1])) return;
    stored++;
    path.length = top + 1;
    path.push(label);
    const ok = checkState(s, path);
    path.pop();
    if (ok) push(s, lanes[0], lanes[1], label);
  };

  const progress = (): Progress => ({ distinctStates: stored, transitions, queued: top + 1, maxDepth, seconds: (performance.now() - started) / 1000 });
  options.observe?.(progress);
  let lastProgress = started;
  let steps = 0;
  const scratch = new Int32Array(W);

  try {
    const initials: { v: Int32Array; label: number }[] = [];
    c.initial((s, label) => {
      if (violated) return;
      const inside = constraint === undefined || constraint(s);
      if (!checkState(s, [label], !inside)) return;
      if (inside) initials.push({ v: s.slice(), label });
    });
    if (randomOrder) {
      const idx = initials.map((_, i) => i);
      rng.shuffle(idx);
      initials.splice(0, initials.length, ...idx.map((i) => initials[i]));
    }
    for (const init of initials) {
      if (violated || deadlock || timeUp) break;
      lanesOf(init.v, W, lanes);
      visit(init.v, init.label);
      while (top >= 0 && !violated && !deadlock) {
        const d = top;
        if (nextAt[d] >= count[d]) {
          top--;
          continue;
        }
        const j = order[d][nextAt[d]++];
        const from = succ[d];
        for (let i = 0, o = j * W; i < W; i++) scratch[i] = from[o + i];
        lanes[0] = sl[d][2 * j];
        lanes[1] = sl[d][2 * j + 1];
        visit(scratch, lab[d][j]);
        if ((++steps & 63) === 0) beat();
        if ((steps & 1023) === 0) {
          const now = performance.now();
          if (now > deadline) {
            timeUp = true;
            break;
          }
          if (options.onProgress && now - lastProgress >= 1000) {
            lastProgress = now;
            options.onProgress(progress());
          }
        }
      }
    }
  } catch (e) {
    if (e instanceof InterleaveError && !(e instanceof ModelError)) throw e;
    error = e;
  }

  const outcome = sampledOutcome(c, { violated, deadlock, witnessed, error });
  const { verdict, properties, counterexample, witnesses } = outcome;
  error = outcome.error;
  const seconds = (performance.now() - started) / 1000;
  return {
    model: c.name,
    verdict,
    // A shard that finds nothing exits 0 (its job succeeded); the verdict says the search was partial.
    exitCode: verdict === 'incomplete' ? ExitCode.pass : exitCodeOf(verdict),
    strategy: 'swarm',
    distinctStates: stored,
    transitions,
    maxDepth,
    seconds,
    statesPerSecond: seconds > 0 ? Math.round(stored / seconds) : 0,
    properties,
    counterexample,
    ...(counterexample?.reason !== undefined ? { reason: counterexample.reason } : {}),
    witnesses,
    limit: verdict === 'incomplete' ? (timeUp ? 'time' : depthCut ? 'depth' : undefined) : undefined,
    error: error !== undefined ? describeError(error) : undefined,
    engineBytes: bitstate.bytes + vec.length * W * 4 + succ.reduce((a, x) => a + x.byteLength, 0),
    stats: c.stats?.() ?? {},
    reductions: [],
    swarm: figures(),
  };
}

/** The swarm line of a shard's text report. */
export function shardLine(r: ShardReport): string {
  const s = r.swarm;
  const p = (x: number): string => (x === 0 ? '0' : x < 1e-3 ? x.toExponential(1) : x.toPrecision(2));
  return [
    `swarm shard ${s.shard} of ${s.shards} (seed ${s.seed}, ${s.successorOrder} successor order, depth bound ${s.depthBound.toLocaleString('en-US')}${s.depthCut ? ', reached' : ''})`,
    `bitstate ${Math.round(s.bitstateBytes / 1024).toLocaleString('en-US')} KiB, k=${s.hashes}: hash factor ${Number.isFinite(s.hashFactor) ? Math.round(s.hashFactor).toLocaleString('en-US') : '∞'}, chance a new state is now omitted ${p(s.omissionProbability)}, expected omitted states ${p(s.expectedOmitted)}`,
  ].join('\n');
}
