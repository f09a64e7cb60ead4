/** Mutant of async-termination-detection: `terminated` forgets pending messages, so termination is detected while a message is in flight (breaks `safe`). */
import { bundledModel } from '../manifest.ts';
import correct, { asyncTerminationDetection } from './async-termination-detection.ts';

export default bundledModel({
  name: 'async-termination-detection-ignores-pending',
  family: 'tla',
  description: 'Broken AsyncTerminationDetection: termination is detected when every node is inactive, messages still pending',
  params: correct.params,
  network: correct.network,
  mutantOf: 'async-termination-detection',
  build: ({ n, pending }) =>
    asyncTerminationDetection(n, pending, { name: 'async-termination-detection-ignores-pending', terminated: (s) => s.active.every((a) => !a) }),
});
