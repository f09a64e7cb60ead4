/**
 * Holzmann's bitstate hashing (supertrace): a fixed array of m bits; a state is "seen" when all k
 * of its bits are set. Memory is fixed whatever the number of states; the price is that a new
 * state whose k bits happen to be set already (by others) is taken as seen and not explored (an
 * omission). The k bit positions come from the two 32-bit lanes of the state's fingerprint
 * (checker/fingerprint.ts) by double hashing (Kirsch–Mitzenmacher: g_i = a + i·b), the lanes first
 * mixed with a per-shard salt so that different shards omit different states.
 */

/** Smallest and largest bitstate arrays: 1 KiB … 256 MiB (2^31 bits, so a position fits an int). */
export const MIN_BITSTATE_BYTES = 1024;
export const MAX_BITSTATE_BYTES = 256 * 1024 * 1024;

function mix(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  return h ^ (h >>> 16);
}

export class Bitstate {
  private readonly words: Int32Array;
  /** Number of bits, m (a power of two). */
  readonly bits: number;
  private readonly mask: number;
  /** Bits set so far. */
  private set = 0;
  /** The sum, over states stored, of the chance that a new state was taken as seen when it was stored (see `expectedOmitted`). */
  private omitted = 0;

  /** `bytes` is rounded down to a power of two within [MIN_BITSTATE_BYTES, MAX_BITSTATE_BYTES]. */
  constructor(
    bytes: number,
    readonly hashes: number,
    private readonly saltA: number,
    private readonly saltB: number,
  ) {
    let b = MIN_BITSTATE_BYTES;
    while (b * 2 <= Math.min(bytes, MAX_BITSTATE_BYTES)) b *= 2;
    this.words = new Int32Array(b / 4);
    this.bits = b * 8;
    this.mask = this.bits - 1;
  }

  get bytes(): number {
    return this.words.byteLength;
  }

  /** Bits set: the array's fill is bitsSet / bits. */
  get bitsSet(): number {
    return this.set;
  }

  /** True if some of the state's k bits are clear (it is new); reads only. */
  isNew(lane1: number, lane2: number): boolean {
    const a = mix(lane1 ^ this.saltA);
    const b = mix(lane2 ^ this.saltB) | 1;
    for (let i = 0; i < this.hashes; i++) {
      const pos = (a + Math.imul(i, b)) & this.mask;
      if ((this.words[pos >>> 5] & (1 << (pos & 31))) === 0) return true;
    }
    return false;
  }

  /** Sets the state's k bits; true if one was clear (the state is new, as far as the array can tell). */
  add(lane1: number, lane2: number): boolean {
    const fill = this.set / this.bits;
    const a = mix(lane1 ^ this.saltA);
    const b = mix(lane2 ^ this.saltB) | 1;
    let fresh = false;
    for (let i = 0; i < this.hashes; i++) {
      const pos = (a + Math.imul(i, b)) & this.mask;
      const w = pos >>> 5;
      const bit = 1 << (pos & 31);
      if ((this.words[w] & bit) === 0) {
        this.words[w] |= bit;
        this.set++;
        fresh = true;
      }
    }
    if (fresh) this.omitted += fill ** this.hashes;
    return fresh;
  }

  /**
   * The chance that a state not yet seen is now taken as seen: (bits set / m)^k. With n states
   * stored this is about (1 - e^{-kn/m})^k, the usual bound for a Bloom filter.
   */
  get omissionProbability(): number {
    return (this.set / this.bits) ** this.hashes;
  }

  /**
   * Expected number of states omitted so far: each new state met was lost with the chance above,
   * as it stood then; summed over the states stored (a first-order estimate, good while it is small).
   */
  get expectedOmitted(): number {
    return this.omitted;
  }
}
