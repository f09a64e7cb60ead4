/** Process groups and ordered multicast: FIFO, causal and total order, with their mutants (mutants.ts) and claim checks. */
import type { ModelDefinition } from 'interleave';
import causalMulticast from './causal-multicast.ts';
import fifoMulticast from './fifo-multicast.ts';
import fifoMulticastIsNotCausal from './fifo-multicast-is-not-causal.ts';
import fifoMulticastLossy from './fifo-multicast-lossy.ts';
import fifoMulticastLossyNoRetransmit from './fifo-multicast-lossy-no-retransmit.ts';
import fifoMulticastLossyRenumber from './fifo-multicast-lossy-renumber.ts';
import { fifoMulticastTcp, fifoMulticastTcpReordering } from './fifo-multicast-tcp.ts';
import * as m from './mutants.ts';
import processGroup, { processGroupCrash } from './process-group.ts';
import totalOrderLamport from './total-order-lamport.ts';
import totalOrderLamportNonFifo from './total-order-lamport-non-fifo.ts';
import totalOrderSequencer from './total-order-sequencer.ts';
import totalOrderToken from './total-order-token.ts';

export const multicastModels = [
  processGroup,
  m.processGroupAcceptNonMembers,
  m.processGroupServeLeavers,
  m.processGroupDiscardEarly,
  processGroupCrash,
  m.processGroupChain,
  fifoMulticast,
  m.fifoMulticastNoHoldback,
  m.fifoMulticastNoConsecutive,
  m.fifoMulticastNoHoldbackDuplicating,
  fifoMulticastTcp,
  fifoMulticastTcpReordering,
  fifoMulticastIsNotCausal,
  causalMulticast,
  m.causalMulticastSenderOnly,
  totalOrderSequencer,
  m.totalOrderSequencerNoGapHoldback,
  totalOrderToken,
  m.totalOrderTokenSendWithoutToken,
  totalOrderLamport,
  m.totalOrderLamportNoTiebreak,
  m.totalOrderLamportNoFifoWait,
  totalOrderLamportNonFifo,
  fifoMulticastLossy,
  fifoMulticastLossyNoRetransmit,
  fifoMulticastLossyRenumber,
] as unknown as readonly ModelDefinition[];
