/**
 * The broker process's answers to the backend's insight calls: BrokerInsight's engine objects copied field by field
 * into the contract's plain shapes (src-common), so no engine object (or file handle) crosses the process boundary.
 */

import type { CleanerRunInfo, LogForecast, OpenTransaction, PartitionLogManagement, TransactionInfo } from '../../src-common/contract/engine.js';
import type { SegmentInfo } from '../../src-common/contract/topics.js';
import type { EngineInsightServer } from '../../src-common/engine-channel/index.js';
import type { BrokerInsight } from '../insight.js';
import type { CleanerRun } from '../log-management/cleaner/log-cleaner.js';
import type { LogForecast as EngineLogForecast } from '../log-management/forecast.js';
import type { SegmentInfo as EngineSegmentInfo } from '../storage/segment-info.js';

/** The engine writes -1 for "no timestamp" (an empty segment). */
const timeOrNull = (t: number): number | null => (t < 0 ? null : t);

export function segmentView(s: EngineSegmentInfo): SegmentInfo {
  return {
    baseOffset: s.baseOffset,
    nextOffset: s.nextOffset,
    sizeBytes: s.sizeBytes,
    recordCount: s.recordCount,
    batchCount: null,
    firstTimestamp: timeOrNull(s.firstTimestamp),
    lastTimestamp: timeOrNull(s.lastTimestamp),
    indexEntries: s.indexEntries,
    timeIndexEntries: s.timeIndexEntries,
    active: s.isActive,
    modifiedAt: null,
    fileName: s.files.log.split(/[\\/]/).pop() ?? s.files.log,
  };
}

export function cleanerRunView(r: CleanerRun): CleanerRunInfo {
  return {
    topic: r.topic, partition: r.partition, startedAt: r.startedAt, durationMs: r.durationMs, reason: r.reason,
    firstDirtyOffset: r.firstDirtyOffset, endOffset: r.endOffset, segmentsRewritten: r.segmentsRewritten,
    bytesBefore: r.bytesBefore, bytesAfter: r.bytesAfter, recordsBefore: r.recordsBefore, recordsAfter: r.recordsAfter,
    tombstonesRemoved: r.tombstonesRemoved, tombstonesRetained: r.tombstonesRetained, keys: r.keys,
  };
}

function forecastView(f: EngineLogForecast): LogForecast {
  return {
    cleanupPolicy: { delete: f.cleanupPolicy.delete, compact: f.cleanupPolicy.compact },
    retentionMs: f.retentionMs, retentionBytes: f.retentionBytes,
    partitions: f.partitions.map((p) => ({
      partition: p.partition, segmentsDeletable: p.segmentsDeletable, bytesDeletable: p.bytesDeletable,
      byReason: { ...p.byReason }, nextRetentionAt: p.nextRetentionAt, cleaner: p.cleaner ? { ...p.cleaner } : null,
    })),
    segmentsDeletable: f.segmentsDeletable, bytesDeletable: f.bytesDeletable,
    partitionsAffected: f.partitionsAffected, partitionsCleanable: f.partitionsCleanable,
  };
}

function logManagementView(insight: BrokerInsight, topic: string, partition: number): PartitionLogManagement | null {
  const lm = insight.logManagement(topic, partition);
  if (!lm) return null;
  const c = lm.cleaner;
  return {
    topic: lm.topic,
    partition: lm.partition,
    cleanupPolicy: { delete: lm.cleanupPolicy.delete, compact: lm.cleanupPolicy.compact },
    retentionMs: lm.retentionMs,
    retentionBytes: lm.retentionBytes,
    logStartOffset: lm.logStartOffset,
    logEndOffset: lm.logEndOffset,
    sizeBytes: lm.sizeBytes,
    segments: lm.segments.map((s) => ({ ...segmentView(s), expiresAt: s.expiresAt, deletableNow: s.deletableNow, deletionReason: s.reason })),
    nextRetentionAt: lm.nextRetentionAt,
    cleaner: c
      ? {
          firstDirtyOffset: c.firstDirtyOffset, firstUncleanableOffset: c.firstUncleanableOffset,
          cleanBytes: c.cleanBytes, dirtyBytes: c.dirtyBytes, dirtyRatio: c.dirtyRatio,
          threshold: c.threshold, eligible: c.eligible, reason: c.reason, compacted: c.compacted,
          lastRun: c.lastRun ? cleanerRunView(c.lastRun) : null, runs: c.runs,
          tombstonesPending: c.tombstonesPending, nextTombstoneExpiry: c.nextTombstoneExpiry,
        }
      : null,
    pendingDeletes: [...lm.pendingDeletes],
  };
}

function transactionView(t: ReturnType<BrokerInsight['listTransactions']>[number]): TransactionInfo {
  return {
    transactionalId: t.transactionalId, producerId: t.producerId, producerEpoch: t.producerEpoch, state: t.state,
    partitions: t.partitions.map((x) => ({ topic: x.topic, partitions: [...x.partitions] })), groupIds: [...t.groupIds],
    startTimestamp: t.startTimestamp, timeoutMs: t.timeoutMs, lastUpdateTimestamp: t.lastUpdateTimestamp,
  };
}

/** Every insight call of the channel, answered from this broker's BrokerInsight. */
export function insightServer(insight: BrokerInsight): EngineInsightServer {
  const partitionExists = (topic: string, partition: number): boolean => insight.partitions(topic)?.some((p) => p.partition === partition) ?? false;
  return {
    listSegments: (topic, partition) => insight.listSegments(topic, partition)?.map(segmentView) ?? null,
    partitions: (topic) => insight.partitions(topic)?.map((p) => ({ ...p })) ?? null,
    logManagement: (topic, partition) => logManagementView(insight, topic, partition),
    async compactNow(topic, partition) {
      if (!partitionExists(topic, partition)) return null;
      const run = await insight.compactNow(topic, partition);
      return { run: run ? cleanerRunView(run) : null };
    },
    rollSegment: (topic, partition) => insight.rollSegment(topic, partition),
    enforceRetentionNow: () => insight.enforceRetentionNow(),
    forecastLogManagement(topic, changes) {
      const f = insight.forecastLogManagement(topic, changes);
      if (!f) return null;
      return {
        topic: f.topic, at: f.at, current: forecastView(f.current), proposed: f.proposed ? forecastView(f.proposed) : null,
        problems: f.problems.map((x) => ({ name: x.name, message: x.message })),
      };
    },
    cleanerRuns: () => insight.cleanerRuns().map(cleanerRunView),
    listTransactions: () => insight.listTransactions().map(transactionView),
    openTransactions: (topic, partition): OpenTransaction[] | null =>
      insight.openTransactions(topic, partition)?.map((o) => ({ producerId: o.producerId, producerEpoch: o.producerEpoch, firstOffset: o.firstOffset })) ?? null,
    listGroups: (states) => insight.listGroups(states),
    describeGroup: (groupId) => insight.describeGroup(groupId),
    groupLag: (groupId) => insight.groupLag(groupId),
    traffic: (afterSeq) => insight.traffic(afterSeq),
  };
}
