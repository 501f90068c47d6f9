/**
 * Where a follower truncates when the leader answers its fetch with a diverging epoch (Kafka's
 * AbstractFetcherThread.getOffsetTruncationState): the end of that epoch on both logs, whichever is smaller. A
 * follower that never had the leader's epoch cuts to the end of its own largest earlier epoch and asks again with its
 * new last epoch, so a few round trips find the exact point where the logs agree — never below it, unlike cutting to
 * the high watermark.
 */
import type { PartitionLog } from '../storage/partition-log.js';

export function divergenceTruncationOffset(log: PartitionLog, diverging: { epoch: number; endOffset: number }): number {
  const logEnd = log.logEndOffset;
  if (diverging.endOffset < 0) return Math.min(log.highWatermark, logEnd);
  const own = log.epochs.endOffsetFor(diverging.epoch, logEnd);
  if (own.endOffset < 0) return Math.min(diverging.endOffset, logEnd);
  if (own.epoch !== diverging.epoch) return Math.min(own.endOffset, logEnd);
  return Math.min(own.endOffset, diverging.endOffset, logEnd);
}
