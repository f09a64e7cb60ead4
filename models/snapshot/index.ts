/** Snapshots: Chandy–Lamport around a bank, and its broken variants (mutants.ts). */
import type { ModelDefinition } from 'interleave';
import chandyLamport from './chandy-lamport.ts';
import chandyLamportTokens from './chandy-lamport-tokens.ts';
import consistentCuts from './consistent-cuts.ts';
import consistentCutsSentWereDelivered from './consistent-cuts-sent-were-delivered.ts';
import * as m from './mutants.ts';

export const snapshotModels = [
  chandyLamport,
  m.chandyLamportUnordered,
  m.chandyLamportNoChannelRecording,
  m.chandyLamportLateMarkers,
  m.chandyLamportNoForwarding,
  m.chandyLamportLeakyBank,
  m.chandyLamportIgnoresGuards,
  m.chandyLamportLossy,
  m.chandyLamportCrash,
  m.chandyLamportRecordsFirstChannel,
  m.chandyLamportKeepsRecording,
  chandyLamportTokens,
  m.chandyLamportTokensSkipsChannel,
  consistentCuts,
  consistentCutsSentWereDelivered,
] as unknown as readonly ModelDefinition[];
