/**
 * The long run of the reductions' soundness harness: `npm run soundness -- --runs 100000 [--seed S]`.
 * Prints the number of random protocols checked, how many reached a verdict, and any disagreement.
 */
import fc from 'fast-check';
import { parseArgs } from 'node:util';
import { compared, disagreement, harness, randomProtocol } from './random-protocols.ts';

const { values } = parseArgs({ options: { runs: { type: 'string' }, seed: { type: 'string' } } });
const runs = Number(values.runs ?? 10_000);
const seed = values.seed !== undefined ? Number(values.seed) : Date.now() % 2 ** 31;
harness.everyMode = true;
const started = performance.now();
let checked = 0;
// A line on stderr every 5,000 protocols (the long run takes an hour, and fast-check reports only at
// its end), and at once at the first disagreement: fast-check then shrinks it, calling the property
// again, so the counts after it are shrinking attempts.
let failedAt: number | undefined;
const result = fc.check(fc.property(randomProtocol(true), (r) => {
  checked++;
  if (checked % 5_000 === 0) console.error(`${checked} protocols${failedAt === undefined ? ', no disagreement so far' : ` (shrinking the disagreement found at ${failedAt})`} (${compared.protocols} within the state limit, ${compared.searches} reduced searches compared), ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const d = disagreement(r);
  if (d !== undefined && failedAt === undefined) {
    failedAt = checked;
    console.error(`disagreement at protocol ${checked}: ${d}`);
  }
  if (d !== undefined) throw new Error(d);
}), { numRuns: runs, seed });
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (result.failed) {
  console.log(`seed ${seed}: disagreement after ${checked} protocols (${seconds} s):\n${fc.defaultReportMessage(result)}`);
  process.exit(1);
}
console.log(`seed ${seed}: ${runs} random protocols (${compared.protocols} within the state limit, ${compared.searches} reduced searches compared), por, symmetry and symmetry sort (where declared; alone and with por) agree with the full search (${seconds} s)`);
