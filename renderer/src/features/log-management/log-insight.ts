// Pure shaping of the engine's log-management insight for the view (unit-tested): segment bars on a time axis
// with their fate, the next deletion, the dirty-ratio verdict and cleaner runs of one partition.
import type { CleanerRunInfo, CleanerState, LogSegmentInsight, PartitionLogManagement } from '../../../../src-common/contract/engine.js';
import { formatBytes } from '../../lib/format.js';

export type SegmentFateKind = 'active' | 'deletable' | 'expires' | 'kept';

export interface SegmentBar {
  baseOffset: number;
  nextOffset: number | null;
  /** First and last record timestamp (file time when the segment is empty). */
  start: number;
  end: number;
  sizeBytes: number;
  recordCount: number | null;
  fate: SegmentFateKind;
  reason: LogSegmentInsight['deletionReason'];
  expiresAt: number | null;
}

export const FATE_COLORS: Record<SegmentFateKind, string> = {
  active: '#16a34a', deletable: '#dc2626', expires: '#f59e0b', kept: '#93b4f5',
};

export function segmentBars(segments: readonly LogSegmentInsight[], now: number): SegmentBar[] {
  return segments.map((s) => {
    const start = s.firstTimestamp ?? s.modifiedAt ?? now;
    const end = Math.max(start, s.lastTimestamp ?? s.modifiedAt ?? start);
    const fate: SegmentFateKind = s.active ? 'active' : s.deletableNow ? 'deletable' : s.expiresAt !== null ? 'expires' : 'kept';
    return {
      baseOffset: s.baseOffset, nextOffset: s.nextOffset, start, end, sizeBytes: s.sizeBytes, recordCount: s.recordCount,
      fate, reason: s.deletionReason, expiresAt: s.expiresAt,
    };
  });
}

export interface RetentionOutlook {
  /** Segments the next retention check deletes, oldest first. */
  deletableNow: SegmentBar[];
  /** The next closed segment to expire by time, if none is deletable yet. */
  nextToExpire: SegmentBar | null;
  bytesDeletableNow: number;
}

export function retentionOutlook(bars: readonly SegmentBar[]): RetentionOutlook {
  const deletableNow = bars.filter((b) => b.fate === 'deletable');
  const expiring = bars.filter((b) => b.fate === 'expires' && b.expiresAt !== null).sort((a, b) => (a.expiresAt ?? 0) - (b.expiresAt ?? 0));
  return { deletableNow, nextToExpire: expiring[0] ?? null, bytesDeletableNow: deletableNow.reduce((sum, b) => sum + b.sizeBytes, 0) };
}

/**
 * The earliest time a retention check can pick up the next deletion: the deletion time itself, or the next
 * check when it is already due (checks run every log.retention.check.interval.ms, at an unknown phase).
 */
export function nextDeletionText(lm: PartitionLogManagement, outlook: RetentionOutlook): string {
  if (!lm.cleanupPolicy.delete) return 'cleanup.policy has no "delete": retention never deletes segments (only below the log start offset).';
  if (outlook.deletableNow.length > 0) return `${outlook.deletableNow.length} segment(s) are due now and go at the next retention check.`;
  if (lm.nextRetentionAt !== null) return 'next time-based deletion is due at the time shown.';
  return 'nothing expires by time; only retention.bytes or the log start offset can delete segments.';
}

export interface DirtyVerdict {
  /** 0..1 */
  ratio: number;
  threshold: number;
  above: boolean;
  text: string;
}

export function dirtyVerdict(cleaner: CleanerState): DirtyVerdict {
  const above = cleaner.dirtyRatio >= cleaner.threshold;
  const pct = (x: number): string => `${(x * 100).toFixed(x < 0.1 && x > 0 ? 1 : 0)}%`;
  let text: string;
  if (cleaner.eligible) text = `eligible for cleaning${cleaner.reason ? ` (${cleaner.reason})` : ''}`;
  else if (cleaner.dirtyBytes === 0) text = 'nothing dirty to clean (only closed segments are cleaned: the active one must roll first)';
  else text = `dirty ${pct(cleaner.dirtyRatio)} is below min.cleanable.dirty.ratio ${pct(cleaner.threshold)}`;
  return { ratio: Math.min(1, Math.max(0, cleaner.dirtyRatio)), threshold: cleaner.threshold, above, text };
}

/** Cleaner runs of one partition, newest first. */
export function partitionRuns(runs: readonly CleanerRunInfo[], topic: string, partition: number): CleanerRunInfo[] {
  return runs.filter((r) => r.topic === topic && r.partition === partition).sort((a, b) => b.startedAt - a.startedAt);
}

/** Percentage saved by a run (bytes), for the runs table. */
export function savedPercent(run: CleanerRunInfo): number {
  return run.bytesBefore > 0 ? Math.round((1 - run.bytesAfter / run.bytesBefore) * 100) : 0;
}

/** What "Compact now" did, in words; `offerRoll` when the only dirty data sits in the active segment. */
export interface CompactionOutcome {
  cleaned: boolean;
  text: string;
  offerRoll: boolean;
}

/**
 * The cleaner never touches the active segment (Kafka's LogCleanerManager caps the cleanable range at its base
 * offset), so a run over a partition whose dirty records are all in it rewrites nothing: say so instead of "0 B → 0 B".
 */
export function compactionOutcome(run: CleanerRunInfo | null, lm: PartitionLogManagement | null): CompactionOutcome {
  if (run && run.segmentsRewritten > 0) {
    return { cleaned: true, text: `Cleaned: ${formatBytes(run.bytesBefore)} → ${formatBytes(run.bytesAfter)}, ${run.recordsBefore} → ${run.recordsAfter} records.`, offerRoll: false };
  }
  const active = lm?.segments.find((s) => s.active) ?? null;
  const activeHoldsData = active !== null && active.sizeBytes > 0;
  const firstDirty = lm?.cleaner?.firstDirtyOffset ?? null;
  const dirtyOnlyInActive = active !== null && (lm?.segments.length === 1 || (firstDirty !== null && firstDirty >= active.baseOffset));
  if (activeHoldsData && dirtyOnlyInActive) {
    const only = lm?.segments.length === 1 ? 'Only the active segment exists' : 'All dirty records are in the active segment';
    return { cleaned: false, text: `Nothing cleaned: ${only}, and the active segment is never cleaned — roll it first.`, offerRoll: true };
  }
  return { cleaned: false, text: 'Nothing to clean: the closed segments hold no dirty records.', offerRoll: false };
}

/** One partition's line in the all-partitions strip. */
export interface PartitionStripRow {
  partition: number;
  segments: number;
  sizeBytes: number;
  /** Null when the topic is not compacted. */
  dirtyRatio: number | null;
  aboveThreshold: boolean;
  /** Segments the next retention check deletes. */
  expiredSegments: number;
  expiredBytes: number;
  activeOnly: boolean;
}

export function partitionStripRow(lm: PartitionLogManagement): PartitionStripRow {
  const expired = lm.segments.filter((s) => s.deletableNow);
  return {
    partition: lm.partition,
    segments: lm.segments.length,
    sizeBytes: lm.sizeBytes,
    dirtyRatio: lm.cleaner?.dirtyRatio ?? null,
    aboveThreshold: lm.cleaner !== null && lm.cleaner.dirtyRatio >= lm.cleaner.threshold,
    expiredSegments: expired.length,
    expiredBytes: expired.reduce((sum, s) => sum + s.sizeBytes, 0),
    activeOnly: lm.segments.length === 1,
  };
}
