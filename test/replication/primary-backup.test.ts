/** The primary-backup model at its parameters' edges (the pinned instances are in models/manifest.json). */
import { describe, expect, it } from 'vitest';
import { explore, resolveParams } from 'interleave';
import { models } from '../../models/index.ts';

const def = models.find((m) => m.name === 'primary-backup')!;

describe('primary-backup', () => {
  it('with crashes=0 it passes: no fail-over to witness, so none is asked for (it was an unwitnessed witness, exit 12)', () => {
    const r = explore(def.build(resolveParams(def, { crashes: 0 }) as never));
    expect([r.verdict, r.exitCode]).toEqual(['pass', 0]);
    expect(r.properties.map((p) => p.name)).toEqual(['linearizable', 'every operation done']);
  });

  it('with a crash allowed, the read after fail-over is witnessed', () => {
    const r = explore(def.build(resolveParams(def, {}) as never));
    expect(r.verdict).toBe('pass');
    expect(r.properties.find((p) => p.name === 'read after fail-over')?.status).toBe('witnessed');
  });
});
