/**
 * token-ring-repair: the notes' "If a process crashes must repair ring (route around)", for a
 * crashed process that does not hold the token (src/mutex/token-ring-repair.ts). Every process
 * requests forever; one process (`victim`) may crash-stop whenever it neither holds the token nor
 * is in the critical section. Checked: mutual exclusion, and under the protocol's fairness that
 * every live process that waits enters and every holder leaves (the others go on); witnesses that
 * the ring was repaired and a process entered afterwards. Its mutant (mutants.ts) does not route
 * around the crashed process.
 */
import { eachProcess, fifo, leadsTo, sometimes, system, type Checkable, type GlobalState, type Protocol, type Property } from 'interleave';
import * as rr from '../../src/mutex/token-ring-repair.ts';
import { everyHolderReleases, mutexProperties, type MutexView } from '../../spec/mutex.ts';
import { bundledModel } from '../manifest.ts';

export type RepairParams = { readonly n: number; readonly victim: number };

export const repairView: MutexView<rr.RepairState> = { inCriticalSection: rr.inCriticalSection, waiting: rr.waiting, competes: rr.competes };

/** Witness: the victim is down, another process knows it, and a live process other than P0 is in the critical section. */
function routedAround(): Property<GlobalState<rr.RepairState, rr.RepairMessage>> {
  return sometimes(
    'routed around',
    (g) => g.procs.some((s) => s.mode === 'DOWN') && g.procs.some((s) => s.dead.length > 0) && g.procs.some((s, p) => p !== 0 && s.mode === 'HELD'),
    'a process has crashed, the ring has learned it, and a process other than P0 is in the critical section',
  );
}

/** Where the token is in g, in words. */
function whereIsTheToken(g: GlobalState<rr.RepairState, rr.RepairMessage>): string {
  const down = g.procs.flatMap((s, p) => (s.mode === 'DOWN' ? [`P${p}`] : []));
  const crashed = down.length ? ` (${down.join(', ')} crashed${g.procs.some((s) => s.dead.length) ? '' : ', and no process knows it'})` : '';
  const holder = g.procs.findIndex((s) => s.token);
  if (holder >= 0) return `P${holder} holds the token${crashed}`;
  for (let f = 0; f < g.n; f++) for (let t = 0; t < g.n; t++) for (const m of g.channels[f][t]) return `the ${m.type === 'BOUNCE' ? 'token bounces back' : 'token is in flight'} from P${f} to P${t}${crashed}`;
  return `the token is lost${crashed}`;
}

/** WANT ~> HELD for every process that stays alive: a waiting process enters later, unless it crashes first. */
function everyLiveRequestGranted(): Property<GlobalState<rr.RepairState, rr.RepairMessage>> {
  return leadsTo<GlobalState<rr.RepairState, rr.RepairMessage>>(
    'every request is eventually granted',
    (g, i) => rr.waiting(g.procs[i]),
    (g, i) => rr.inCriticalSection(g.procs[i]) || g.procs[i].mode === 'DOWN',
    {
      ...eachProcess,
      description: 'a process that waits for the critical section enters it later, unless it crashes (WANT ~> HELD or DOWN, per process)',
      reason: (g, i) => `P${i} asked for the critical section and never enters: it still waits (WANT) in every later state; in the last state shown, ${whereIsTheToken(g)}`,
    },
  );
}

export function repairSystem({ n, victim }: RepairParams, protocol: Protocol<rr.RepairState, rr.RepairMessage> = rr.tokenRingRepair({ victim })): Checkable {
  if (victim >= n) throw new RangeError(`victim must be a process, below n = ${n}; got ${victim}`);
  return system<rr.RepairState, rr.RepairMessage>({
    name: protocol.name,
    protocol,
    n,
    network: fifo,
    properties: [...mutexProperties(repairView), everyHolderReleases(repairView), everyLiveRequestGranted(), routedAround()],
    shade: { label: 'critical section', holds: rr.inCriticalSection },
  });
}

export const repairParams = {
  n: { default: 4, min: 2, max: 8, description: 'processes round the ring' },
  victim: { default: 1, min: 0, max: 7, description: 'the process that may crash (once, while it neither holds the token nor is in the critical section)' },
} as const;

export const tokenRingRepair = bundledModel<RepairParams>({
  name: 'token-ring-repair',
  family: 'mutex',
  description: 'Token ring that routes around a crashed process not holding the token: mutual exclusion kept, the others go on (liveness)',
  params: repairParams,
  network: 'fifo',
  ruledOut: ({ n, victim }) => ({
    'routed around': n - 1 - (victim === 0 ? 0 : 1) < 1 ? 'needs a process other than P0 and the victim to enter: n ≥ 3, or victim=0' : undefined,
  }),
  build: (p) => repairSystem(p),
});
