/**
 * The notes' "… and can’t distinguish crash of C from long wait" (models/mutex/crash-or-wait.ts):
 * every state in which C has crashed and a client waits has a twin in which C is alive and the
 * client's local state is the same; announced by a DOWN message, the crash is told apart.
 */
import { describe, expect, it } from 'vitest';
import { crashOrWait } from '../../models/mutex/crash-or-wait.ts';

describe("central server: a client can't tell a crash of C from a long wait", () => {
  it('crash-stop of C: each of the 240 (state, waiting client) pairs with C down has a twin with C alive (n=3, 1 entry)', () => {
    const r = crashOrWait(3, 1);
    expect(r).toEqual({ announced: false, states: 360, judged: 240 });
  });

  it('one client, two entries: the same', () => {
    const r = crashOrWait(1, 2);
    expect(r.judged).toBeGreaterThan(0);
    expect(r.told).toBeUndefined();
  });

  it('the control: a crash announced by DOWN to every client is told apart by a client that received it', () => {
    const r = crashOrWait(3, 1, true);
    expect(r.judged).toBeGreaterThan(0);
    expect(r.told).toBe('C is down and P1 waits in local state {"mode":"WANT","cDown":true,"used":{"lock":1}}, which it never has while C is alive: it can tell');
  });
});
