/**
 * Segment-level operations for log maintenance (retention and the log cleaner), on top of
 * PartitionLog.maintenanceAccess(). Both follow Kafka's file protocol so a crash at any point leaves a
 * log the loader can finish (see log-loader.ts cleanLeftovers):
 * - deletion: segment files are renamed `*.deleted` at once and removed after file.delete.delay.ms;
 * - swap: cleaned data is written to `<base>.log.cleaned`, fsynced, renamed `<base>.log.swap` (the commit
 *   point), the old segment's files are renamed `.deleted`, and the swap file becomes `<base>.log`.
 */
import fs from 'node:fs';
import { DELETED_SUFFIX, LogSegment } from './segment.js';
import type { PartitionLog } from './partition-log.js';

export const CLEANED_SUFFIX = '.cleaned';
export const SWAP_SUFFIX = '.swap';

/** Removes files later (file.delete.delay.ms); the owner runs what is pending at shutdown. */
export type DeleteLater = (files: string[], delayMs: number) => void;

function renameToDeleted(seg: LogSegment): string[] {
  const out: string[] = [];
  for (const file of [seg.files.log, seg.files.index, seg.files.timeIndex]) {
    if (!fs.existsSync(file)) continue;
    fs.renameSync(file, file + DELETED_SUFFIX);
    out.push(file + DELETED_SUFFIX);
  }
  return out;
}

/**
 * Deletes the `count` oldest segments (Kafka's UnifiedLog.deleteSegments): if that would include the
 * active segment, a new empty one is rolled first so the log always keeps one. The log start offset
 * moves to the first remaining segment. Returns the base offsets deleted.
 */
export function deleteOldestSegments(log: PartitionLog, count: number, fileDeleteDelayMs: number, deleteLater: DeleteLater): number[] {
  const access = log.maintenanceAccess();
  if (count <= 0) return [];
  if (count >= access.segments.length) access.roll();
  const n = Math.min(count, access.segments.length - 1);
  if (n <= 0) return [];
  const removed = access.segments.splice(0, n);
  access.advanceLogStartOffset((access.segments[0] as LogSegment).baseOffset);
  for (const seg of removed) {
    seg.close();
    deleteLater(renameToDeleted(seg), fileDeleteDelayMs);
  }
  access.writeCheckpoints();
  return removed.map((s) => s.baseOffset);
}

/** Test hook: where a swap may be interrupted (the crash-recovery test kills the broker there). */
export type SwapPoint = 'after-cleaned-written' | 'after-swap-rename' | 'after-old-deleted';

/**
 * Replaces `old` (a closed, non-active segment of `log`) with the given batches, keeping its base
 * offset. Returns the new segment, or null when `old` is no longer part of the log (deleted meanwhile).
 */
export function swapInCleanedSegment(log: PartitionLog, old: LogSegment, batches: readonly Buffer[], fileDeleteDelayMs: number,
  deleteLater: DeleteLater, atPoint: (p: SwapPoint) => void = () => {}): LogSegment | null {
  const access = log.maintenanceAccess();
  const index = access.segments.indexOf(old);
  if (index < 0 || index === access.segments.length - 1) return null;
  const cleaned = old.files.log + CLEANED_SUFFIX;
  const swap = old.files.log + SWAP_SUFFIX;
  const fd = fs.openSync(cleaned, 'w');
  try {
    let pos = 0;
    for (const b of batches) {
      let written = 0;
      while (written < b.length) written += fs.writeSync(fd, b, written, b.length - written, pos + written);
      pos += b.length;
    }
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  atPoint('after-cleaned-written');
  fs.renameSync(cleaned, swap);
  atPoint('after-swap-rename');
  old.close();
  deleteLater(renameToDeleted(old), fileDeleteDelayMs);
  atPoint('after-old-deleted');
  fs.renameSync(swap, old.files.log);
  const settings = access.settings();
  const fresh = LogSegment.open(log.dir, old.baseOffset, settings.segmentIndexBytes);
  fresh.recover(settings.indexIntervalBytes);
  fresh.releaseIndexFiles();
  access.segments[index] = fresh;
  return fresh;
}
