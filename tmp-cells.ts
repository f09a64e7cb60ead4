import { orderingCell, ORDERING_PROTOCOLS } from './models/multicast/table.ts';
for (const name of ORDERING_PROTOCOLS) {
  const c = orderingCell(name, 'causal order');
  console.log(name, c.cell, c.steps, c.report.distinctStates, c.report.seconds.toFixed(1), c.report.reason ?? '');
}
