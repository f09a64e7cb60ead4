/** Primary-backup replication of a register: P0 primary, P1 backup, P2… clients (each writes once, then reads). */
import { sometimes, system, unordered, type GlobalState, type Observed, type Protocol, type System } from 'interleave';
import { backup, client, primary, type Client, type PBMsg, type PBState, type Primary } from '../../src/replication/primary-backup.ts';
import { historyObserver, linearizable, register, type RegisterOp, type RegisterRet } from '../../spec/linearizability.ts';

export type PBParams = Record<string, number> & { readonly clients: number; readonly crashes: number };
export const pbParams = {
  clients: { default: 2, min: 1, max: 3, description: 'clients, each writing its own value once and then reading' },
  crashes: { default: 1, min: 0, max: 1, description: 'whether the primary may crash (the backup then takes over)' },
};

/** Operations as the clients see them: invoked by the local actions write/read, returned by the reply that completes them. */
export const pbHistory = historyObserver<PBState, PBMsg, RegisterOp, RegisterRet>({
  invoked: (st: Observed<PBState, PBMsg>) => {
    if (st.role !== 'client' || st.kind !== 'local') return null;
    const m = st.sent[0]?.msg;
    return m?.type === 'WRITE' ? { kind: 'write', value: m.value } : m?.type === 'READ' ? { kind: 'read' } : null;
  },
  returned: (st: Observed<PBState, PBMsg>) => {
    if (st.role !== 'client' || st.kind !== 'receive' || (st.before as Client).phase === (st.after as Client).phase) return null;
    return st.msg?.type === 'WRITE_OK' ? { kind: 'ok' } : st.msg?.type === 'READ_OK' ? { kind: 'value', value: st.msg.value } : null;
  },
});

export function pbSystem({ clients, crashes }: PBParams, code: { primary?: Protocol<Primary, PBMsg, PBMsg> } = {}): System<PBState, PBMsg> {
  const p = code.primary ?? primary;
  return system<PBState, PBMsg>({
    roles: {
      primary: { protocol: crashes > 0 ? p : { ...p, actions: {} }, count: 1 },
      backup: { protocol: backup, count: 1 },
      client: { protocol: client, count: clients },
    },
    network: unordered,
    observers: [pbHistory],
    properties: [
      linearizable(register(0), pbHistory),
      // (Only where the primary may crash: with crashes=0 there is no fail-over to witness.)
      ...(crashes > 0 ? [sometimes<GlobalState<PBState, PBMsg>>('read after fail-over', (g) => g.peers.client.some((c) => { const s = g.procs[c] as Client; return s.failedOver && s.phase === 4; }) && !(g.procs[0] as Primary).up, 'a client finished its read at the backup after the primary crashed')] : []),
      sometimes('every operation done', (g) => g.peers.client.every((c) => (g.procs[c] as Client).phase === 4), 'every client wrote and read'),
    ],
  });
}
