/** The reductions' soundness harness on 3,000 more random protocols than npm test's (another seed). */
import { soundnessOnRandomProtocols } from '../reduce/soundness-cases.ts';

soundnessOnRandomProtocols(3_000, 20261202);
