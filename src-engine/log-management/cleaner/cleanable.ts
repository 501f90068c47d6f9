/**
 * Which part of a compacted log may be cleaned now and whether it should be (Kafka's
 * LogCleanerManager.cleanableOffsets / grabFilthiestCompactedLog):
 * - clean section: [log start, first dirty offset) — already compacted (from cleaner-offset-checkpoint);
 * - dirty section: [first dirty, first uncleanable) — whole segments below the active segment, the last
 *   stable offset and any segment younger than min.compaction.lag.ms;
 * - a log is eligible when dirty/(clean+dirty) >= min.cleanable.dirty.ratio, when its oldest dirty data
 *   is older than max.compaction.lag.ms, or when retained tombstones have passed their delete horizon.
 */
import type { SegmentInfo } from '../../storage/partition-log.js';
import type { TopicConfig } from '../../config/topic-config.js';

export type CleanReason = 'dirty-ratio' | 'max-compaction-lag' | 'tombstones-expired';

export interface CleanableInfo {
  readonly firstDirtyOffset: number;
  readonly firstUncleanableOffset: number;
  readonly cleanBytes: number;
  readonly dirtyBytes: number;
  readonly dirtyRatio: number;
  readonly threshold: number;
  readonly eligible: boolean;
  readonly reason: CleanReason | null;
}

export interface CleanableInput {
  readonly segments: readonly SegmentInfo[];
  readonly checkpoint: number | undefined;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  readonly lastStableOffset: number;
  readonly now: number;
  readonly config: Pick<TopicConfig, 'minCleanableDirtyRatio' | 'minCompactionLagMs' | 'maxCompactionLagMs'>;
  /** Earliest delete horizon among tombstones kept by the last run (null if none). */
  readonly nextTombstoneExpiry: number | null;
}

/** Base offset of the segment holding `offset` (offsets past every segment map to the log end). */
function segmentBaseAt(segments: readonly SegmentInfo[], offset: number, logEndOffset: number): number {
  for (const s of segments) if (s.nextOffset > offset) return Math.min(s.baseOffset, offset);
  return logEndOffset;
}

export function cleanableRange(input: CleanableInput): CleanableInfo {
  const { segments, config, now } = input;
  let firstDirty = input.checkpoint ?? input.logStartOffset;
  if (firstDirty < input.logStartOffset || firstDirty > input.logEndOffset) firstDirty = input.logStartOffset;
  const active = segments[segments.length - 1];
  let limit = Math.min(active?.baseOffset ?? input.logEndOffset, input.lastStableOffset);
  if (config.minCompactionLagMs > 0) {
    const young = segments.find((s) => s.nextOffset > firstDirty && s.sizeBytes > 0 && s.lastTimestamp > now - config.minCompactionLagMs);
    if (young) limit = Math.min(limit, young.baseOffset);
  }
  // Cleaning works on whole segments: stop at the start of the segment holding the limit.
  const firstUncleanable = Math.max(firstDirty, segmentBaseAt(segments, limit, input.logEndOffset));
  let cleanBytes = 0;
  let dirtyBytes = 0;
  let firstDirtyTimestamp: number | null = null;
  for (const s of segments) {
    if (s.nextOffset <= firstDirty) cleanBytes += s.sizeBytes;
    else if (s.nextOffset <= firstUncleanable) {
      dirtyBytes += s.sizeBytes;
      if (firstDirtyTimestamp === null && s.sizeBytes > 0) firstDirtyTimestamp = s.firstTimestamp;
    }
  }
  const total = cleanBytes + dirtyBytes;
  const dirtyRatio = total === 0 ? 0 : dirtyBytes / total;
  let reason: CleanReason | null = null;
  if (dirtyBytes > 0 && dirtyRatio >= config.minCleanableDirtyRatio) reason = 'dirty-ratio';
  else if (dirtyBytes > 0 && firstDirtyTimestamp !== null && firstDirtyTimestamp >= 0 && now - firstDirtyTimestamp > config.maxCompactionLagMs) reason = 'max-compaction-lag';
  else if (input.nextTombstoneExpiry !== null && input.nextTombstoneExpiry <= now && cleanBytes > 0) reason = 'tombstones-expired';
  return {
    firstDirtyOffset: firstDirty,
    firstUncleanableOffset: firstUncleanable,
    cleanBytes,
    dirtyBytes,
    dirtyRatio,
    threshold: config.minCleanableDirtyRatio,
    eligible: reason !== null,
    reason,
  };
}
