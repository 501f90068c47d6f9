/** Engine-only insight (embedded broker) and host information. */

import type { EngineEvent } from '../engine-events.js';
import type { SegmentInfo } from './topics.js';

export interface EngineStatus {
  running: boolean;
  host: string | null;
  port: number | null;
  dataDir: string | null;
  startedAt: number | null;
  /** Why the engine is not running (e.g. not built yet, port error, crashed). */
  error: string | null;
  /** The broker's OS process as the backend supervises it; null when none was started (--no-broker, start failed). */
  process: EngineProcessStatus | null;
}

/**
 * The embedded broker's process: 'starting' (first start), 'running', 'crashed' (exited unexpectedly, a restart is
 * scheduled), 'restarting' (a new process is starting, same data dir and port), 'stopped' (on request, or given up).
 */
export type EngineProcessState = 'starting' | 'running' | 'crashed' | 'restarting' | 'stopped';

export interface EngineProcessStatus {
  state: EngineProcessState;
  /** The running (or starting) process's id. */
  pid: number | null;
  /** When the current process became ready (epoch ms). */
  startedAt: number | null;
  /** Restarts after crashes and by request since the app started. */
  restarts: number;
  /** How the previous process ended. */
  lastExit: { code: number | null; signal: string | null; at: number } | null;
  /** When the scheduled restart runs ('crashed' only). */
  nextRestartAt: number | null;
  /** The last crash or start failure, in words. */
  error: string | null;
}

export interface EngineEventsQuery {
  /** Only events about this group (group events) / topic (topic and log events). */
  group?: string;
  topic?: string;
  /** Only these event types, e.g. ['member-joined', 'rebalance-started']. */
  types?: EngineEvent['type'][];
  /** Only events with at > since. */
  since?: number;
  /** Newest N (default 500, the backend keeps the last 5000). */
  limit?: number;
}

export interface HostInfo {
  mode: 'electron' | 'browser';
  appVersion: string;
  /** Where saved clusters live. */
  configDir: string;
  /**
   * 'os' = Electron safeStorage (OS keychain), secrets persist by default. 'key-file' = browser mode: secrets stay in
   * memory unless persistSecrets is set, then they are stored encrypted with a key file readable only by the user.
   */
  secretStorage: 'os' | 'key-file';
  platform: string;
}

// ---- log management (retention and compaction, embedded broker) --------------------------------------------------

/** A segment plus what retention will do to it. */
export interface LogSegmentInsight extends SegmentInfo {
  /** When retention.ms makes it deletable (newest timestamp + retention.ms); null if never. */
  expiresAt: number | null;
  /** Deleted by the next retention check. */
  deletableNow: boolean;
  deletionReason: 'retention.ms' | 'retention.bytes' | 'log-start-offset' | null;
}

export interface CleanerRunInfo {
  topic: string;
  partition: number;
  startedAt: number;
  durationMs: number;
  reason: 'dirty-ratio' | 'max-compaction-lag' | 'tombstones-expired' | 'forced' | (string & {});
  firstDirtyOffset: number;
  endOffset: number;
  segmentsRewritten: number;
  bytesBefore: number;
  bytesAfter: number;
  recordsBefore: number;
  recordsAfter: number;
  tombstonesRemoved: number;
  tombstonesRetained: number;
  keys: number;
}

/** Compaction state of a compacted partition: dirty ratio vs min.cleanable.dirty.ratio and the last runs. */
export interface CleanerState {
  firstDirtyOffset: number;
  firstUncleanableOffset: number;
  cleanBytes: number;
  dirtyBytes: number;
  dirtyRatio: number;
  /** min.cleanable.dirty.ratio */
  threshold: number;
  /** Would the cleaner pick this partition now, and why. */
  eligible: boolean;
  reason: string | null;
  compacted: boolean;
  lastRun: CleanerRunInfo | null;
  runs: number;
  tombstonesPending: number;
  nextTombstoneExpiry: number | null;
}

export interface PartitionLogManagement {
  topic: string;
  partition: number;
  cleanupPolicy: { delete: boolean; compact: boolean };
  retentionMs: number;
  retentionBytes: number;
  logStartOffset: number;
  logEndOffset: number;
  sizeBytes: number;
  /** Oldest first. */
  segments: LogSegmentInsight[];
  /** The next time-based deletion (null: nothing expires by time). */
  nextRetentionAt: number | null;
  /** Null unless cleanup.policy includes compact. */
  cleaner: CleanerState | null;
  /** Deleted segment files still waiting for file.delete.delay.ms. */
  pendingDeletes: string[];
}

/**
 * The engine's retention/compaction forecast for one partition (the same planning the broker's retention task and
 * log cleaner run), for the current or a proposed topic config.
 */
export interface PartitionLogForecast {
  partition: number;
  /** Segments (and their bytes) the next retention check deletes. */
  segmentsDeletable: number;
  bytesDeletable: number;
  byReason: { 'retention.ms': number; 'retention.bytes': number; 'log-start-offset': number };
  /** The next time-based deletion after now (null: nothing expires by time). */
  nextRetentionAt: number | null;
  /** Null unless cleanup.policy includes compact. */
  cleaner: { dirtyRatio: number; threshold: number; eligible: boolean; reason: string | null } | null;
}

export interface LogForecast {
  cleanupPolicy: { delete: boolean; compact: boolean };
  retentionMs: number;
  retentionBytes: number;
  partitions: PartitionLogForecast[];
  segmentsDeletable: number;
  bytesDeletable: number;
  /** Partitions where the next retention check deletes something. */
  partitionsAffected: number;
  /** Compacted partitions the cleaner would pick now. */
  partitionsCleanable: number;
}

/** engine.logForecast: a topic's forecast with its config in force and with proposed override changes (not applied). */
export interface TopicLogForecast {
  topic: string;
  /** When it was computed (epoch ms). */
  at: number;
  current: LogForecast;
  /** Null when the proposed changes are invalid (problems says why). */
  proposed: LogForecast | null;
  problems: { name: string; message: string }[];
}

// ---- transactions (embedded broker) -------------------------------------------------------------------------------

export interface TransactionInfo {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  /** 'Empty' | 'Ongoing' | 'PrepareCommit' | 'PrepareAbort' | 'CompleteCommit' | 'CompleteAbort' | 'Dead' | ... */
  state: string;
  partitions: { topic: string; partitions: number[] }[];
  groupIds: string[];
  /** -1 when no transaction has begun. */
  startTimestamp: number;
  timeoutMs: number;
  lastUpdateTimestamp: number;
}

/** An ongoing transaction holding a partition's last stable offset back. */
export interface OpenTransaction {
  producerId: number;
  producerEpoch: number;
  firstOffset: number;
}
