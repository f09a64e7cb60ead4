/** Mutant of primary-backup: the primary answers a write before the backup has it. */
import { send, step } from 'interleave';
import { bundledModel } from '../manifest.ts';
import { primary, type PBMsg, type Primary } from '../../src/replication/primary-backup.ts';
import { pbParams, pbSystem, type PBParams } from './pb-system.ts';

// Breaks linearizability: an acknowledged write lives only at the primary until the FORWARD lands; a crash loses it.
const answerAtOnce: typeof primary.handlers.WRITE = (s, msg, from, ctx) =>
  s.up ? step<Primary, PBMsg>({ ...s, value: msg.value }, send(from, { type: 'WRITE_OK', req: msg.req }), send(ctx.peers.backup[0], { type: 'FORWARD', client: from, req: msg.req, value: msg.value })) : step(s);

export default bundledModel<PBParams>({
  name: 'primary-backup-early-reply',
  family: 'replication',
  description: 'Broken primary-backup: the primary acknowledges a write before the backup has it; after fail-over a read is stale',
  params: pbParams,
  network: 'unordered',
  mutantOf: 'primary-backup',
  build: (p) => pbSystem(p, { primary: { ...primary, handlers: { ...primary.handlers, WRITE: answerAtOnce, ACK: (s) => step(s) } } }),
});
