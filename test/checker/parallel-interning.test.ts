/**
 * The shared log of interned values (checker/parallel/interning.ts), two threads' views of it in
 * one thread: what one view appends, the other reads, whichever of them grew the log.
 */
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
});
