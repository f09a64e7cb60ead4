/**
 * Lecture notes, "Ordering and asynchrony", measured: for every ordering protocol at its model's
 * default parameters, one complete search with these witnesses and nothing else:
 *
 *   hold-back queue of k       (k = 1 … every multicast made): the largest k witnessed is the
 *                              largest hold-back queue any process reaches in any run;
 *   one slow process holds up every delivery   (the last process has received nothing, every
 *                              other one holds messages back and has delivered none: total order);
 *   others deliver while one is slow           (the last process has received nothing, every
 *                              other one has delivered every multicast made: FIFO).
 *
 *   npx tsx models/multicast/asynchrony.ts           # the README's table (about a minute)
 *   npx tsx models/multicast/asynchrony.ts --json
 *
 * test/multicast/asynchrony.test.ts holds the README's table to these searches.
 */
import { explore, resolveParams, system, unordered, type Report } from 'interleave';
import { declaringDeliveries } from '../../src/multicast/holdback.ts';
import { holdBackOf, othersGoOnWithoutTheSlow, slowProcessHoldsUpAll } from '../../spec/asynchrony.ts';
import { multicastView } from './systems.ts';
import { orderingRows } from './table.ts';

export interface AsynchronyRow {
  readonly protocol: string;
  readonly params: Readonly<Record<string, number>>;
  /** The largest hold-back queue reached (0: nothing is ever held back). */
  readonly largestHoldBack: number;
  /** Shortest trace to a process holding that many back. */
  readonly largestAtStep: number;
  readonly slowHoldsUpAll: boolean;
  readonly othersGoOn: boolean;
  readonly distinctStates: number;
}

/** The row of model `name` (one of the ordering table's protocols). */
export function asynchronyRow(name: string): AsynchronyRow {
  const row = orderingRows.find((r) => r.def.name === name);
  if (!row) throw new Error(`no ordering protocol ${JSON.stringify(name)} (rows: ${orderingRows.map((r) => r.def.name).join(', ')})`);
  const params = resolveParams(row.def, {});
  const v = multicastView();
  const most = params.multicasts * params.senders;
  const ladder = Array.from({ length: most }, (_, i) => holdBackOf(v, i + 1));
  const r: Report = explore(
    system({ protocol: declaringDeliveries(row.protocol(params)), n: params.n, network: unordered, properties: [...ladder, slowProcessHoldsUpAll(v), othersGoOnWithoutTheSlow(v)] }),
    { timeLimit: 300 },
  );
  if (r.verdict !== 'pass' && r.verdict !== 'violation') throw new Error(`${name}: search ended ${r.verdict}`);
  const witnessed = (p: string) => r.properties.find((x) => x.name === p)?.status === 'witnessed';
  let largest = 0;
  for (let k = most; k >= 1; k--) if (witnessed(`hold-back queue of ${k}`)) { largest = k; break; }
  return {
    protocol: name,
    params,
    largestHoldBack: largest,
    largestAtStep: largest ? r.witnesses[`hold-back queue of ${largest}`].steps.length : 0,
    slowHoldsUpAll: witnessed('one slow process holds up every delivery'),
    othersGoOn: witnessed('others deliver while one is slow'),
    distinctStates: r.distinctStates,
  };
}

export const ASYNCHRONY_PROTOCOLS = orderingRows.map((r) => r.def.name);

export function markdown(rows: readonly AsynchronyRow[]): string {
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  const lines = [
    '| protocol | params | largest hold-back queue | one slow process holds up every delivery | others deliver while one is slow | states |',
    '|---|---|---|---|---|---:|',
  ];
  for (const r of rows) {
    const params = Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(' ');
    lines.push(`| ${r.protocol} | ${params} | ${r.largestHoldBack} (after ${r.largestAtStep} steps) | ${yes(r.slowHoldsUpAll)} | ${yes(r.othersGoOn)} | ${r.distinctStates.toLocaleString('en-US')} |`);
  }
  return lines.join('\n');
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('models/multicast/asynchrony.ts');
if (isMain) {
  const rows = ASYNCHRONY_PROTOCOLS.map(asynchronyRow);
  console.log(process.argv.includes('--json') ? JSON.stringify(rows, null, 2) : markdown(rows));
}
