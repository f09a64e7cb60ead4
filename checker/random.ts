/**
 * A small seeded pseudo-random generator for random simulation and swarm shards: xoshiro128**
 * (Blackman and Vigna), 128 bits of state in four 32-bit words, seeded from one integer through
 * splitmix32 so that nearby seeds give unrelated streams. Written here (no package): a run must be
 * reproducible from its seed on every platform and Node version, which `Math.random` is not.
 */

/** splitmix32: the next word of a seeding stream (state in s[0]). */
function splitmix32(s: Uint32Array): number {
  s[0] = (s[0] + 0x9e3779b9) >>> 0;
  let z = s[0];
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** Largest seed accepted: seeds are integers 0 … 2^53 - 1 (the high bits are folded in). */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

export class Random {
  private readonly s = new Uint32Array(4);

  /** A generator for `seed` (a non-negative safe integer); `stream` picks an independent stream of the same seed (a shard). */
  constructor(seed: number, stream = 0) {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
    const mix = new Uint32Array([(seed >>> 0) ^ Math.imul(Math.floor(seed / 2 ** 32), 0x27d4eb2d)]);
    mix[0] = (mix[0] + Math.imul(stream + 1, 0x165667b1)) >>> 0;
    for (let i = 0; i < 4; i++) this.s[i] = splitmix32(mix);
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1; // the one forbidden state
  }

  /** The next 32 random bits, as an unsigned integer. */
  next(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** A uniform integer in [0, n), n ≥ 1 (rejection sampling: no bias). */
  below(n: number): number {
    if (n <= 1) return 0;
    const limit = 2 ** 32 - (2 ** 32 % n);
    for (;;) {
      const x = this.next();
      if (x < limit) return x % n;
    }
  }

  /** Shuffles a[0..n) in place (Fisher–Yates). */
  shuffle(a: Int32Array | number[], n = a.length): void {
    for (let i = n - 1; i > 0; i--) {
      const j = this.below(i + 1);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A seed for a run that was given none: random, and printed in the report so that the run can be repeated. */
export function freshSeed(): number {
  return Math.floor(Math.random() * 2 ** 31);
}
