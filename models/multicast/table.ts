/**
 * The protocol × property table of the multicast family, as the checker reports it: every ordering
 * protocol is checked, at its model's default parameters, against every property of the family,
 * one property per search (so a violation of one does not hide the others); causal order with the
 * engine's ground-truth happens-before. Then the process group, in its four configurations,
 * against the group properties ("n.a." where a configuration has no such thing: no non-members
 * in a fixed group, no leaves, nothing refused in an open group).
 *
 *   npx tsx models/multicast/table.ts            # markdown, for the README
 *   npx tsx models/multicast/table.ts --json
 */
import { explore, resolveParams, system, unordered, type GlobalState, type ModelDefinition, type Property, type Protocol, type Report } from 'interleave';
import { causalMulticast } from '../../src/multicast/causal.ts';
import { declaringDeliveries } from '../../src/multicast/holdback.ts';
import { fifoMulticast } from '../../src/multicast/fifo.ts';
import { processGroup, type GroupState } from '../../src/multicast/group.ts';
import { totalOrderLamport } from '../../src/multicast/lamport.ts';
import { totalOrderSequencer } from '../../src/multicast/sequencer.ts';
import { totalOrderToken } from '../../src/multicast/token.ts';
import { closedGroup, integrity, membersDeliver, noDeliveryAfterLeave, totalOrder } from '../../spec/multicast.ts';
import causalDef from './causal-multicast.ts';
import fifoDef from './fifo-multicast.ts';
import groupDef from './process-group.ts';
import lamportDef from './total-order-lamport.ts';
import lamportNonFifoDef from './total-order-lamport-non-fifo.ts';
import sequencerDef from './total-order-sequencer.ts';
import tokenDef from './total-order-token.ts';
import { claimed, groupView, type Claim } from './systems.ts';

/** What a cell says. */
export type Cell = 'holds' | 'violated' | 'n.a.' | 'unknown';

export interface Row {
  readonly protocol: string;
  readonly params: Readonly<Record<string, number>>;
  readonly cells: Readonly<Record<string, Cell>>;
  /** Shortest counterexample length, per violated property. */
  readonly steps: Readonly<Record<string, number>>;
}

export const ORDERING_COLUMNS: readonly Claim[] = ['integrity', 'validity', 'FIFO order', 'causal order', 'total order', 'FIFO-total order'];

/** Any protocol of the family (their state and message types differ). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyProtocol = Protocol<any, any>;

/** The ordering protocols, each built from its model's defaults. */
export const orderingRows: readonly { def: ModelDefinition; protocol: (p: Record<string, number>) => AnyProtocol }[] = [
  { def: fifoDef, protocol: (p) => fifoMulticast({ multicasts: p.multicasts, senders: p.senders }) },
  { def: causalDef, protocol: (p) => causalMulticast({ multicasts: p.multicasts, senders: p.senders }) },
  { def: sequencerDef, protocol: (p) => totalOrderSequencer({ multicasts: p.multicasts, senders: p.senders }) },
  { def: tokenDef, protocol: (p) => totalOrderToken({ multicasts: p.multicasts, senders: p.senders }) },
  { def: lamportDef, protocol: (p) => totalOrderLamport({ multicasts: p.multicasts, senders: p.senders }) },
  { def: lamportNonFifoDef, protocol: (p) => totalOrderLamport({ multicasts: p.multicasts, senders: p.senders, fifo: false }) },
];

function cellOf(r: Report, property: string): Cell {
  const status = r.properties.find((p) => p.name === property)?.status;
  return status === 'holds' ? 'holds' : status === 'violated' ? 'violated' : 'unknown';
}

/** The protocols of the ordering table, by model name. */
export const ORDERING_PROTOCOLS: readonly string[] = orderingRows.map((r) => r.def.name);

/** One cell: the protocol of model `name` at its defaults, checked against one property alone. */
export function orderingCell(name: string, column: Claim, timeLimit = 120): { cell: Cell; steps?: number; report: Report } {
  const row = orderingRows.find((r) => r.def.name === name);
  if (!row) throw new Error(`no protocol ${JSON.stringify(name)} in the table (rows: ${ORDERING_PROTOCOLS.join(', ')})`);
  const params = resolveParams(row.def, {});
  const report = explore(
    system({ protocol: declaringDeliveries(row.protocol(params)), n: params.n, network: unordered, properties: claimed([column]), causality: column === 'causal order' }),
    { timeLimit },
  );
  return { cell: cellOf(report, column), steps: report.counterexample?.steps.length, report };
}

/** One search per (protocol, property). */
export function orderingTable(timeLimit = 120): Row[] {
  return orderingRows.map(({ def }) => {
    const cells: Record<string, Cell> = {};
    const steps: Record<string, number> = {};
    for (const column of ORDERING_COLUMNS) {
      const c = orderingCell(def.name, column, timeLimit);
      cells[column] = c.cell;
      if (c.steps !== undefined) steps[column] = c.steps;
    }
    return { protocol: def.name, params: resolveParams(def, {}), cells, steps };
  });
}

export const GROUP_COLUMNS = ['integrity', 'total order', 'closed group', 'no delivery after leave', 'joined member delivers later multicasts'] as const;

/** The process group in each configuration, one search per property that applies. */
export function groupTable(timeLimit = 120): Row[] {
  const rows: Row[] = [];
  for (const dynamic of [1, 0]) {
    for (const closed of [1, 0]) {
      const params = resolveParams(groupDef, { dynamic, closed });
      const v = groupView(dynamic === 1);
      const props: Record<(typeof GROUP_COLUMNS)[number], Property<GlobalState<GroupState, unknown>> | null> = {
        integrity: integrity(v),
        'total order': totalOrder(v, 'changing'),
        'closed group': closed ? closedGroup(v) : null,
        'no delivery after leave': dynamic ? noDeliveryAfterLeave(v) : null,
        'joined member delivers later multicasts': membersDeliver(v),
      };
      const cells: Record<string, Cell> = {};
      const steps: Record<string, number> = {};
      for (const column of GROUP_COLUMNS) {
        const prop = props[column];
        if (!prop) {
          cells[column] = 'n.a.';
          continue;
        }
        const protocol = processGroup({ multicasts: params.multicasts, dynamic: dynamic === 1, closed: closed === 1 });
        const r = explore(system({ protocol: declaringDeliveries(protocol), n: params.n, network: unordered, properties: [prop] }), { timeLimit });
        cells[column] = cellOf(r, column);
        if (r.counterexample) steps[column] = r.counterexample.steps.length;
      }
      rows.push({ protocol: `process-group (${dynamic ? 'dynamic' : 'fixed'}, ${closed ? 'closed' : 'open'})`, params, cells, steps });
    }
  }
  return rows;
}

/** A markdown table; a violated cell gives the length of the shortest counterexample. */
export function markdown(rows: readonly Row[], columns: readonly string[]): string {
  const fmt = (r: Row, c: string) => (r.cells[c] === 'violated' ? `violated (${r.steps[c]} steps)` : r.cells[c]);
  const params = (r: Row) => Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(' ');
  const lines = [`| protocol | params | ${columns.join(' | ')} |`, `|---|---|${columns.map(() => '---').join('|')}|`];
  for (const r of rows) lines.push(`| ${r.protocol} | ${params(r)} | ${columns.map((c) => fmt(r, c)).join(' | ')} |`);
  return lines.join('\n');
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('models/multicast/table.ts');
if (isMain) {
  const ordering = orderingTable();
  const group = groupTable();
  if (process.argv.includes('--json')) console.log(JSON.stringify({ ordering, group }, null, 2));
  else console.log([markdown(ordering, ORDERING_COLUMNS), '', markdown(group, GROUP_COLUMNS)].join('\n'));
}
