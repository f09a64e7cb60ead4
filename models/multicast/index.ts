/** Process groups and ordered multicast: FIFO, causal and total order, with their mutants and claim checks. */
import type { ModelDefinition } from 'interleave';
import causalMulticast from './causal-multicast.ts';
import causalMulticastSenderOnly from './causal-multicast-sender-only.ts';
import fifoMulticast from './fifo-multicast.ts';
import fifoMulticastIsNotCausal from './fifo-multicast-is-not-causal.ts';
import fifoMulticastLossy from './fifo-multicast-lossy.ts';
import fifoMulticastLossyNoRetransmit from './fifo-multicast-lossy-no-retransmit.ts';
import fifoMulticastNoHoldback from './fifo-multicast-no-holdback.ts';
import fifoMulticastNoHoldbackDuplicating from './fifo-multicast-no-holdback-duplicating.ts';
import processGroup from './process-group.ts';
import processGroupAcceptNonMembers from './process-group-accept-non-members.ts';
import processGroupDiscardEarly from './process-group-discard-early.ts';
import processGroupServeLeavers from './process-group-serve-leavers.ts';
import totalOrderLamport from './total-order-lamport.ts';
import totalOrderLamportNoTiebreak from './total-order-lamport-no-tiebreak.ts';
import totalOrderLamportNonFifo from './total-order-lamport-non-fifo.ts';
import totalOrderSequencer from './total-order-sequencer.ts';
import totalOrderSequencerNoGapHoldback from './total-order-sequencer-no-gap-holdback.ts';
import totalOrderToken from './total-order-token.ts';
import totalOrderTokenSendWithoutToken from './total-order-token-send-without-token.ts';

export const multicastModels = [
  processGroup,
  processGroupAcceptNonMembers,
  processGroupServeLeavers,
  processGroupDiscardEarly,
  fifoMulticast,
  fifoMulticastNoHoldback,
  fifoMulticastNoHoldbackDuplicating,
  fifoMulticastIsNotCausal,
  causalMulticast,
  causalMulticastSenderOnly,
  totalOrderSequencer,
  totalOrderSequencerNoGapHoldback,
  totalOrderToken,
  totalOrderTokenSendWithoutToken,
  totalOrderLamport,
  totalOrderLamportNoTiebreak,
  totalOrderLamportNonFifo,
  fifoMulticastLossy,
  fifoMulticastLossyNoRetransmit,
] as unknown as readonly ModelDefinition[];
