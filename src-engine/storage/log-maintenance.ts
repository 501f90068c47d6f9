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
  for (const file of [seg.files.log, seg.files.index, seg.files.timeIndex, seg.files.txnIndex]) {
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
 * Writes the cleaned batches that will replace a group of segments to `<first segment>.log.cleaned` and
 * fsyncs it (the slow part of a swap; the log cleaner does it on its worker thread). Returns the file.
 */
export function writeCleanedFile(firstSegmentLogFile: string, batches: readonly Uint8Array[]): string {
  const cleaned = firstSegmentLogFile + CLEANED_SUFFIX;
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
  return cleaned;
}

/** Removes a `.cleaned` file whose swap was given up (its segments changed meanwhile). */
export function discardCleanedFile(cleanedFile: string): void {
  fs.rmSync(cleanedFile, { force: true });
}

/**
 * Replaces `olds` (consecutive closed, non-active segments of `log`) with the segment written by
 * writeCleanedFile() for the first of them, keeping its base offset (the cleaner merges small neighbours, as
 * Kafka's groupSegmentsBySize). The file must hold a batch at or after the last old segment's base offset, so
 * that a crash after the swap rename lets recovery (which replaces every segment inside the swap file's offset
 * range) remove them all. Returns the new segment, or null (file discarded) when the segments are no longer
 * in the log, e.g. retention deleted them while the file was written.
 */
export function swapInCleanedFile(log: PartitionLog, olds: readonly LogSegment[], cleanedFile: string, fileDeleteDelayMs: number,
  deleteLater: DeleteLater, atPoint: (p: SwapPoint) => void = () => {}): LogSegment | null {
  const access = log.maintenanceAccess();
  const first = olds[0];
  const index = first === undefined ? -1 : access.segments.indexOf(first);
  if (first === undefined || cleanedFile !== first.files.log + CLEANED_SUFFIX || index < 0 || index + olds.length >= access.segments.length
    || olds.some((o, i) => access.segments[index + i] !== o)) {
    discardCleanedFile(cleanedFile);
    return null;
  }
  const swap = first.files.log + SWAP_SUFFIX;
  atPoint('after-cleaned-written');
  fs.renameSync(cleanedFile, swap);
  atPoint('after-swap-rename');
  // Aborted transactions of the replaced segments stay indexed (read_committed fetches need them).
  const aborted = olds.flatMap((o) => [...o.txnIndex.all]);
  for (const old of olds) {
    old.close();
    deleteLater(renameToDeleted(old), fileDeleteDelayMs);
  }
  atPoint('after-old-deleted');
  fs.renameSync(swap, first.files.log);
  const settings = access.settings();
  const fresh = LogSegment.open(log.dir, first.baseOffset, settings.segmentIndexBytes);
  fresh.recover(settings.indexIntervalBytes);
  for (const txn of aborted) fresh.txnIndex.append(txn);
  access.segments.splice(index, olds.length, fresh);
  return fresh;
}
