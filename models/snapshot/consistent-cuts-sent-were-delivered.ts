/** Mutant of consistent-cuts: the second definition turned round ("every message sent in the cut was delivered in it"), a common slip. */
import { bundledModel } from '../manifest.ts';
import type { Cut } from '../../src/causality/cuts.ts';
import type { Run } from '../../src/causality/run.ts';
import correct, { cutsModel } from './consistent-cuts.ts';

/** Every send left of the cut has its receive left of the cut: the wrong direction. */
function sentWereDelivered(run: Run, cut: Cut): boolean {
  const received = new Set<string>();
  run.events.forEach((evs, p) => evs.slice(0, cut[p]).forEach((e) => e.kind === 'receive' && received.add(e.msg)));
  return run.events.every((evs, p) => evs.slice(0, cut[p]).every((e) => e.kind !== 'send' || received.has(e.msg)));
}

export default bundledModel({
  name: 'consistent-cuts-sent-were-delivered',
  family: 'snapshot',
  description: 'Broken second definition: every message sent in the cut was delivered in it (the converse)',
  params: correct.params,
  network: correct.network,
  mutantOf: 'consistent-cuts',
  build: ({ n, events }) => cutsModel(n, events, sentWereDelivered, 'consistent-cuts-sent-were-delivered'),
});
