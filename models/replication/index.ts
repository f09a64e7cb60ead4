/** Replication: primary-backup, checked for linearizability. */
import type { ModelDefinition } from 'interleave';
import primaryBackup from './primary-backup.ts';
import primaryBackupEarlyReply from './primary-backup-early-reply.ts';

export const replicationModels = [primaryBackup, primaryBackupEarlyReply] as unknown as readonly ModelDefinition[];
