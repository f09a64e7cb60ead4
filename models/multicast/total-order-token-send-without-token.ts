/**
 * Mutant of total-order-token: a process may send without the token, numbering its message after
 * the highest number it has received, so two messages can share a number. With one multicast each
 * (the default here) the second message numbered g is never delivered where the first came in
 * first: validity fails. With two each (`--param multicasts=2`) the checker first finds a process
 * that delivers P0#2 without P0#1 ('FIFO-total order', 4 steps).
 */
import { defineModel } from 'interleave';
import correct from './total-order-token.ts';
import { tokenSystem } from './systems.ts';

export default defineModel({
  name: 'total-order-token-send-without-token',
  family: 'multicast',
  description: 'Broken token protocol: a process sends without the token, so two messages can get the same number',
  params: { ...correct.params, multicasts: { ...correct.params.multicasts, default: 1 } },
  network: correct.network,
  mutantOf: 'total-order-token',
  expect: { verdict: 'violation', property: 'validity', traceLength: 11 },
  build: ({ n, multicasts, senders }) => tokenSystem(n, { multicasts, senders, onlyHolderSends: false }),
});
