/**
 * Mutant of process-group: the coordinator records a leave but keeps the leaver on its list, so it
 * sends it later multicasts. Checked as an open group by default: in a closed group the same bug
 * first lets the leaver's own later multicast in (`--param closed=1` finds that, 'closed group').
 */
import { defineModel } from 'interleave';
import correct, { buildGroup } from './process-group.ts';

export default defineModel({
  name: 'process-group-serve-leavers',
  family: 'multicast',
  description: 'Broken group: the coordinator keeps a leaver on its list and sends it later multicasts',
  params: { ...correct.params, closed: { ...correct.params.closed, default: 0 } },
  network: correct.network,
  mutantOf: 'process-group',
  expect: { verdict: 'violation', property: 'no delivery after leave', traceLength: 4 },
  build: ({ n, multicasts, dynamic, closed }) => buildGroup({ n, multicasts, dynamic, closed }, 'serve-leavers'),
});
