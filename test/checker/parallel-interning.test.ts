/**
 * The shared log of interned values (checker/parallel/interning.ts), two threads' views of it in
 * one thread: what one view appends, the other reads, whichever of them grew the log.
 */
import fc from 'fast-check';
import { serialize } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { SharedInterning, newInterningBuffers } from '../../checker/parallel/interning.ts';
import type { Interner } from '../../checker/values.ts';

/** An interner that knows nothing and records what it is told. */
function recorder(): Interner<unknown> & { told: [number, unknown][] } {
  const told: [number, unknown][] = [];
  return { told, find: () => undefined, put: (id: number, v: unknown) => void told.push([id, v]), unshare: () => undefined } as unknown as Interner<unknown> & { told: [number, unknown][] };
}

/** A string whose serialised form (v8.serialize) is `bytes` long. */
function stringOf(bytes: number): string {
  for (let n = bytes; n > 0; n--) if (serialize('x'.repeat(n)).length === bytes) return 'x'.repeat(n);
  throw new Error(`no string serialises to ${bytes} bytes`);
}

describe('the shared log of interned values', () => {
  it('a thread appends after another grew the log, though the log it has read ends inside its own view', () => {
    const buffers = newInterningBuffers();
    const L0 = buffers.log.byteLength;
    const a = new SharedInterning(buffers);
    const b = new SharedInterning(buffers);
    const ia = a.attach(recorder());
    const ib = b.attach(recorder());
    // b grows the log (to 2·L0): its view of the log is now that long, and stays so.
    const first = stringOf(L0);
    expect(b.add(ib, recorder(), first, 1, undefined)).toBe(0);
    const L1 = buffers.log.byteLength;
    expect(L1).toBe(2 * L0);
    // a appends a record (20 header bytes and a body) that ends one byte before L1: with its
    // padding it does not fit, so a grows the log again; what it publishes (rounded down to 4) ends at L1.
    const at = (20 + serialize(first).length + 3) & ~3;
    const second = stringOf(L1 - 1 - at - 20);
    expect(a.add(ia, recorder(), second, 2, undefined)).toBe(1);
    expect(buffers.log.byteLength).toBeGreaterThan(L1);
    // b has read all that was published, within its view; its next record starts at L1.
    expect(b.add(ib, recorder(), 'third', 3, undefined)).toBe(2);
    // A thread that joins now reads the three values, in order.
    const c = new SharedInterning(buffers);
    const seen = recorder();
    c.attach(seen);
    c.sync();
    expect(seen.told).toEqual([
      [0, first],
      [1, second],
      [2, 'third'],
    ]);
  });

  it('views that append and read in any order, on a log that starts small, give every value one number, in order (fast-check)', () => {
    // Each append holds the log's lock in a real search, so a sequence of whole appends and reads
    // is every interleaving that matters; a log of 64–256 bytes grows many times on the way.
    // Small values, so that a record often ends within its padding of the log's end (where a grow
    // publishes nothing past the old length), and now and then one larger than the whole log.
    const op = fc.record({ view: fc.integer({ min: 0, max: 2 }), append: fc.boolean(), size: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 12 }), weight: 9 }, { arbitrary: fc.integer({ min: 13, max: 600 }), weight: 1 }), keyed: fc.boolean() });
    fc.assert(
      fc.property(fc.integer({ min: 64, max: 256 }), fc.array(op, { minLength: 20, maxLength: 300 }), (logBytes, ops) => {
        const buffers = newInterningBuffers(logBytes);
        const views = [0, 1, 2].map(() => new SharedInterning(buffers));
        const interners = views.map((v) => {
          const r = recorder();
          v.attach(r);
          return r;
        });
        const values: string[] = [];
        ops.forEach(({ view, append, size, keyed }, n) => {
          if (!append) return views[view].sync();
          const v = `${n}:${'x'.repeat(size)}`;
          // (keyed: a key of its own beside the value, as interners of structured values give)
          expect(views[view].add(0, interners[view], v, n, keyed ? `k${size}` + v : undefined)).toBe(values.length);
          values.push(v);
        });
        const late = new SharedInterning(buffers);
        const seen = recorder();
        late.attach(seen);
        late.sync();
        expect(seen.told).toEqual(values.map((v, i) => [i, v]));
        // Every view, once it has read the log, has been told every value once.
        views.forEach((v, i) => {
          v.sync();
          expect(interners[i].told.map(([id]) => id).sort((x, y) => x - y)).toEqual(values.map((_, id) => id));
        });
      }),
      { numRuns: 300 },
    );
  });
});
