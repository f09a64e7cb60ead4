/** The README's hold-back row of total-order-lamport (338,042 states): too slow for npm test. */
import { it } from 'vitest';
import { expectRowAsMeasured } from '../multicast/asynchrony-table.ts';

it('total-order-lamport', () => expectRowAsMeasured('total-order-lamport'));
