/** Leader election: Chang–Roberts on a ring, and the bully algorithm with crash-stop. */
import type { ModelDefinition } from 'interleave';
import bully from './bully.ts';
import bullySilentWinner from './bully-silent-winner.ts';
import bullyUnreliableDetector from './bully-unreliable-detector.ts';
import bullyWaitsForAll from './bully-waits-for-all.ts';
import changRoberts from './chang-roberts.ts';
import changRobertsForwardAll from './chang-roberts-forward-all.ts';
import changRobertsResend from './chang-roberts-resend.ts';
import changRobertsSilentLeader from './chang-roberts-silent-leader.ts';

export const electionModels = [
  changRoberts,
  changRobertsForwardAll,
  changRobertsSilentLeader,
  changRobertsResend,
  bully,
  bullyUnreliableDetector,
  bullySilentWinner,
  bullyWaitsForAll,
] as unknown as readonly ModelDefinition[];
