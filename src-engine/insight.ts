/**
 * Read-only views of engine internals for the GUI (things a Kafka client cannot see):
 * segments on disk, per-partition offsets and sizes. Groups and log maintenance add theirs here.
 */
import type { TrafficSnapshot } from '../src-common/contract/traffic.js';
import type { Cluster } from './cluster/cluster.js';
import type { SegmentInfo } from './storage/partition-log.js';
import { createGroupInsight, type GroupInsight } from './groups/group-insight.js';
import { createLogManagementInsight, type LogManagementInsight } from './log-management/index.js';
import { createTransactionInsight, type TransactionInsight } from './transactions/txn-insight.js';

export interface PartitionInsight {
  partition: number;
  logStartOffset: number;
  logEndOffset: number;
  highWatermark: number;
  /** read_committed consumers stop here: the first offset of the oldest open transaction, else the high watermark. */
  lastStableOffset: number;
  sizeBytes: number;
  segmentCount: number;
}

/** Kafka's FetchSessionCache metrics, plus how many incremental fetches were served. */
export interface FetchSessionInsight {
  sessions: number;
  partitionsCached: number;
  created: number;
  evictions: number;
  incrementalFetches: number;
}

export interface BrokerInsight extends GroupInsight, LogManagementInsight, TransactionInsight {
  dataDir: string;
  /** Segments of one partition, oldest first; null when the topic or partition does not exist. */
  listSegments(topic: string, partition: number): SegmentInfo[] | null;
  partitions(topic: string): PartitionInsight[] | null;
  fetchSessions(): FetchSessionInsight;
  /** Fetch's pooled segment-read buffers: how many were allocated and how many reads reused one. */
  fetchReadBuffers(): { allocated: number; reused: number };
  /** The traffic inspector's recorder (reading it keeps it recording for a short lease). */
  traffic(afterSeq: number): TrafficSnapshot;
  /**
   * Rolls a partition's active segment now (the manual segment.ms/segment.bytes roll, so the cleaner and retention
   * can reach what it holds); `rolled` is false when the active segment was empty. Null if the partition does not exist.
   */
  rollSegment(topic: string, partition: number): { rolled: boolean; activeBaseOffset: number } | null;
}

export function createInsight(cluster: Cluster): BrokerInsight {
  return {
    ...createGroupInsight(cluster),
    ...createLogManagementInsight(cluster),
    ...createTransactionInsight(cluster),
    dataDir: cluster.options.dataDir,
    listSegments(topic, partition) {
      return cluster.partition(topic, partition)?.log.segments() ?? null;
    },
    fetchSessions() {
      const c = cluster.fetchSessions;
      return { sessions: c.size, partitionsCached: c.totalPartitions, ...c.counters };
    },
    fetchReadBuffers() {
      return { ...cluster.readBuffers.counters };
    },
    traffic(afterSeq) {
      return cluster.traffic.read(afterSeq);
    },
    rollSegment(topic, partition) {
      const p = cluster.partition(topic, partition);
      if (!p) return null;
      const before = p.log.segments().length;
      p.log.roll();
      const segments = p.log.segments();
      return { rolled: segments.length > before, activeBaseOffset: segments[segments.length - 1]?.baseOffset ?? p.log.logEndOffset };
    },
    partitions(topic) {
      const t = cluster.topic(topic);
      if (!t) return null;
      return t.partitions.map((p) => ({
        partition: p.index,
        logStartOffset: p.log.logStartOffset,
        logEndOffset: p.log.logEndOffset,
        highWatermark: p.log.highWatermark,
        lastStableOffset: p.log.lastStableOffset,
        sizeBytes: p.log.sizeInBytes,
        segmentCount: p.log.segments().length,
      }));
    },
  };
}
