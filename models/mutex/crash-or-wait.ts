/**
 * The notes' "… and can’t distinguish crash of C from long wait" (central lock server), checked
 * over every reachable state of the central server in which C may crash (crash-stop, one crash):
 * a client knows only its own local state, so for every state in which C has crashed and a live
 * client waits, there must be a state in which C is alive and that client's local state is the
 * same (there, C is merely slow: its grant comes later). The pair of states is the evidence.
 *
 * The control, `announced`: C's crash sends DOWN to every client (a perfect failure detector, as
 * the bully model assumes; the notes' "can add additional messages, at some cost"). A client that
 * has received DOWN can tell, and the check names it.
 *
 *   npx tsx models/mutex/crash-or-wait.ts          # n=3 clients, 1 entry each; both
 *   npx tsx models/mutex/crash-or-wait.ts --json
 *
 * test/mutex/crash-or-wait.test.ts holds the README's figures to it.
 */
import { explore, fifo, send, step, system, type Protocol, type Step } from 'interleave';
import * as cs from '../../src/mutex/central-server.ts';

export interface CrashOrWait {
  readonly announced: boolean;
  /** Distinct states searched. */
  readonly states: number;
  /** Pairs (state, client) in which C has crashed and the live client waits. */
  readonly judged: number;
  /** The first such pair with no twin, in words: the client can tell. */
  readonly told?: string;
}

type Down = { readonly type: 'DOWN' };

/** The reference coordinator's step, on a C that is up. */
const upStep = (r: Step<cs.CoordinatorState, cs.ToClient>): Step<cs.CoordinatorState & { readonly down: boolean }, cs.ToClient | Down> => ({ ...r, state: { ...r.state, down: false } });

/** C with an announced crash: a local action that stops it and sends DOWN to every client; a stopped C handles nothing. */
const announcingCoordinator: Protocol<cs.CoordinatorState & { readonly down: boolean }, cs.ToCoordinator, cs.ToClient | Down> = {
  name: 'coordinator',
  init: () => ({ holder: null, queue: [], down: false }),
  actions: {
    crash: { guard: (s) => !s.down, run: (s, ctx) => step({ ...s, down: true }, ...ctx.peers.client.map((c) => send(c, { type: 'DOWN' as const }))), fair: 'none' },
  },
  handlers: {
    LOCK: (s, msg, from, ctx) => (s.down ? step(s) : upStep(cs.coordinator.handlers.LOCK({ holder: s.holder, queue: s.queue }, msg, from, ctx))),
    UNLOCK: (s, msg, from, ctx) => (s.down ? step(s) : upStep(cs.coordinator.handlers.UNLOCK({ holder: s.holder, queue: s.queue }, msg, from, ctx))),
  },
};

/** A client that records a DOWN from C. */
const listeningClient: Protocol<cs.ClientState & { readonly cDown?: true }, cs.ToClient | Down, cs.ToCoordinator> = {
  ...cs.client,
  handlers: {
    GRANT: (s, msg, from, ctx) => cs.client.handlers.GRANT(s, msg, from, ctx),
    DOWN: (s) => step({ ...s, cDown: true as const }),
  },
};

/** The local state of client p in a decoded state, as the client knows it (without the engine's `crashed` mark). */
function localOf(state: Record<string, unknown>, p: number): string {
  const { crashed: _mark, ...local } = state[`P${p}`] as Record<string, unknown>;
  return JSON.stringify(local);
}

/** Searches the central server with n clients (`entries` each) and judges every state in which C has crashed. */
export function crashOrWait(n: number, entries: number, announced = false): CrashOrWait {
  const sys = announced
    ? system({ name: 'central-server-announced-crash', roles: { coordinator: { protocol: announcingCoordinator, count: 1 }, client: { protocol: listeningClient, count: n } }, network: fifo, workload: { lock: entries, crash: 1 }, checkDeadlock: false })
    : system({ name: 'central-server-crash', roles: cs.centralServer(n), network: fifo, workload: { lock: entries }, crashes: 1, mayCrash: (p) => p === 0, checkDeadlock: false });
  const cDown = (s: Record<string, unknown>): boolean => (announced ? (s.P0 as { down: boolean }).down : (s.P0 as { crashed?: boolean }).crashed === true);
  const alive = new Set<string>(); // `p:local` of every waiting client with C alive
  const crashedWaits: [number, string][] = [];
  const r = explore(sys, {
    onState: (st) => {
      const s = st as Record<string, unknown>;
      for (let p = 1; p <= n; p++) {
        const c = s[`P${p}`] as { mode: string; crashed?: boolean };
        if (c.crashed || c.mode !== 'WANT') continue;
        if (cDown(s)) crashedWaits.push([p, localOf(s, p)]);
        else alive.add(`${p}:${localOf(s, p)}`);
      }
    },
  });
  if (r.verdict !== 'pass') throw new Error(`the search of ${sys.name} ended ${r.verdict}: ${r.error ?? ''}`);
  const untwinned = crashedWaits.find(([p, local]) => !alive.has(`${p}:${local}`));
  return {
    announced,
    states: r.distinctStates,
    judged: crashedWaits.length,
    ...(untwinned ? { told: `C is down and P${untwinned[0]} waits in local state ${untwinned[1]}, which it never has while C is alive: it can tell` } : {}),
  };
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('models/mutex/crash-or-wait.ts');
if (isMain) {
  const rows = [crashOrWait(3, 1), crashOrWait(3, 1, true)];
  if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
  else
    for (const r of rows)
      console.log(`${r.announced ? 'crash announced (DOWN to every client)' : 'crash-stop of C'}: ${r.states.toLocaleString('en-US')} states, ${r.judged.toLocaleString('en-US')} (state, waiting client) pairs with C down; ${r.told ?? 'each has a twin with C alive and the same local state: the client cannot tell'}`);
}
