/** The Paxos models' parameters: the smallest number of servers that can choose a value. */
import { describe, expect, it } from 'vitest';
import { explore, resolveParams, UsageError } from 'interleave';
import { models } from '../../models/index.ts';

describe.each(['paxos', 'paxos-stateright'])('%s', (name) => {
  const def = models.find((m) => m.name === name)!;
  it('refuses one server (a lone proposer, with no peers to reply, never counts a majority) and chooses a value with two', () => {
    expect(() => resolveParams(def, { servers: 1 })).toThrow(UsageError);
    expect(() => resolveParams(def, { servers: 1 })).toThrow('servers must be at least 2, got 1');
    const r = explore(def.build(resolveParams(def, { servers: 2 }) as never));
    expect(r.verdict).toBe('pass');
    expect(r.properties.find((p) => p.name === 'value chosen')?.status).toBe('witnessed');
  });
});
