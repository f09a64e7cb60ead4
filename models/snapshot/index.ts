/** Snapshots: Chandy–Lamport around a bank, and its broken variants. */
import type { ModelDefinition } from 'interleave';
import chandyLamport from './chandy-lamport.ts';
import chandyLamportIgnoresGuards from './chandy-lamport-ignores-guards.ts';
import chandyLamportLateMarkers from './chandy-lamport-late-markers.ts';
import chandyLamportLeakyBank from './chandy-lamport-leaky-bank.ts';
import chandyLamportNoChannelRecording from './chandy-lamport-no-channel-recording.ts';
import chandyLamportNoForwarding from './chandy-lamport-no-forwarding.ts';
import chandyLamportUnordered from './chandy-lamport-unordered.ts';
import consistentCuts from './consistent-cuts.ts';
import consistentCutsSentWereDelivered from './consistent-cuts-sent-were-delivered.ts';

export const snapshotModels = [
  chandyLamport,
  chandyLamportUnordered,
  chandyLamportNoChannelRecording,
  chandyLamportLateMarkers,
  chandyLamportNoForwarding,
  chandyLamportLeakyBank,
  chandyLamportIgnoresGuards,
  consistentCuts,
  consistentCutsSentWereDelivered,
] as unknown as readonly ModelDefinition[];
